package io.nightjar.api.server;

import io.nightjar.storage.Storage;
import io.nightjar.storage.read.Mp4Exporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export jobs: long exports are written to {@code <data>/.nightjar/exports/} by one background
 * thread (exports are disk-bound; two at once only compete), with progress, and kept 24 hours for
 * download. At most 8 jobs wait; more is a clear refusal, not an unbounded queue.
 */
public final class Exports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exports.class);
    static final long KEEP_MILLIS = 24 * 3600_000L;
    static final int MAX_WAITING = 8;

    /** One export job. */
    public static final class Job {
        public final String id;
        public final String camera;
        public final long from;
        public final long to;
        public final String user;
        public final long created = System.currentTimeMillis();
        final AtomicLong written = new AtomicLong();
        volatile long size;
        volatile String state = "queued";
        volatile String error;
        volatile Mp4Exporter.Result result;

        Job(String id, String camera, long from, long to, String user) {
            this.id = id;
            this.camera = camera;
            this.from = from;
            this.to = to;
            this.user = user;
        }

        public String state() {
            return state;
        }

        public Mp4Exporter.Result result() {
            return result;
        }

        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("camera", camera);
            m.put("from", java.time.Instant.ofEpochMilli(from / 1000).toString());
            m.put("to", java.time.Instant.ofEpochMilli(to / 1000).toString());
            m.put("state", state);
            long s = size;
            m.put("bytes", s);
            m.put("progress", s == 0 ? ("done".equals(state) ? 1.0 : 0.0) : Math.min(1.0, (double) written.get() / s));
            if (error != null) {
                m.put("error", error);
            }
            if (result != null) {
                m.put("sha256", result.sha256());
                m.put("download", "/api/v1/exports/" + id + "/file.mp4");
                m.put("manifest", "/api/v1/exports/" + id + "/manifest.json");
            }
            return m;
        }
    }

    private final Storage storage;
    private final Path dir;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "export");
        t.setDaemon(true);
        return t;
    });

    Exports(Storage storage, Path dir) {
        this.storage = storage;
        this.dir = dir;
    }

    public Job submit(String camera, long from, long to, String user) {
        purgeOld();
        long waiting = jobs.values().stream().filter(j -> j.state.equals("queued")).count();
        if (waiting >= MAX_WAITING) {
            throw new IllegalStateException("too many exports waiting (" + waiting + "); try again when one finishes");
        }
        String id = io.nightjar.api.auth.PasswordHasher.randomSecret(9).replace('-', 'x').replace('_', 'y');
        Job job = new Job(id, camera, from, to, user);
        jobs.put(id, job);
        try {
            executor.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            throw new IllegalStateException("the server is shutting down");
        }
        return job;
    }

    private void run(Job job) {
        job.state = "running";
        try {
            Files.createDirectories(dir);
            Mp4Exporter.Plan plan = storage.exporter().plan(job.camera, job.from, job.to);
            job.size = plan.size();
            Path out = dir.resolve(job.id + ".mp4");
            job.result = storage.exporter().write(plan, out, job.written::set);
            job.state = "done";
        } catch (IOException | RuntimeException e) {
            job.error = e.getMessage();
            job.state = "failed";
            LOG.warn("export {} of {} failed: {}", job.id, job.camera, e.toString());
        }
    }

    public Job get(String id) {
        return jobs.get(id);
    }

    public List<Job> all() {
        List<Job> l = new ArrayList<>(jobs.values());
        l.sort(Comparator.comparingLong((Job j) -> j.created).reversed());
        return l;
    }

    public boolean delete(String id) {
        Job j = jobs.remove(id);
        if (j == null) {
            return false;
        }
        deleteFiles(j);
        return true;
    }

    private void purgeOld() {
        long limit = System.currentTimeMillis() - KEEP_MILLIS;
        for (Job j : jobs.values()) {
            if (j.created < limit && !j.state.equals("running") && !j.state.equals("queued")) {
                jobs.remove(j.id);
                deleteFiles(j);
            }
        }
    }

    private static void deleteFiles(Job j) {
        Mp4Exporter.Result r = j.result;
        if (r != null) {
            try {
                Files.deleteIfExists(r.file());
                Files.deleteIfExists(r.manifestFile());
            } catch (IOException e) {
                LOG.warn("could not delete export {}: {}", j.id, e.toString());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
