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
 *
 * <p>Jobs survive a restart: each is kept as {@code <id>.job.json} beside its file, rewritten at
 * every change of state. At start, finished jobs whose files are intact are offered again, jobs
 * that were queued or running when the server stopped are run again from the start, and jobs older
 * than 24 hours are deleted with their files.
 */
public final class Exports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exports.class);
    static final long KEEP_MILLIS = 24 * 3600_000L;
    static final int MAX_WAITING = 8;
    private static final String JOB_SUFFIX = ".job.json";

    /** Where a job is. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED;

        /** As the API writes it. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static State parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** What is kept on disk of a job. */
    public record Saved(String id, String camera, long from, long to, String user, long created, State state, String error, long bytes,
                 String sha256) {
    }

    /** One export job. */
    public static final class Job {
        public final String id;
        public final String camera;
        public final long from;
        public final long to;
        public final String user;
        public final long created;
        final AtomicLong written = new AtomicLong();
        volatile long size;
        volatile State state = State.QUEUED;
        volatile String error;
        volatile String sha256;
        private final Path file;

        Job(String id, String camera, long from, long to, String user, long created, Path dir) {
            this.id = id;
            this.camera = camera;
            this.from = from;
            this.to = to;
            this.user = user;
            this.created = created;
            this.file = dir.resolve(id + ".mp4");
        }

        public State state() {
            return state;
        }

        /** The SHA-256 of the exported file, once {@link State#DONE}. */
        public String sha256() {
            return sha256;
        }

        /** The exported MP4 (complete once {@link State#DONE}). */
        public Path file() {
            return file;
        }

        /** Its manifest (hashes, sources, gaps). */
        public Path manifestFile() {
            return file.resolveSibling(file.getFileName() + ".manifest.json");
        }

        Saved saved() {
            return new Saved(id, camera, from, to, user, created, state, error, size, sha256);
        }

        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("camera", camera);
            m.put("from", java.time.Instant.ofEpochMilli(from / 1000).toString());
            m.put("to", java.time.Instant.ofEpochMilli(to / 1000).toString());
            m.put("state", state.json());
            long s = size;
            m.put("bytes", s);
            m.put("progress", state == State.DONE ? 1.0 : s == 0 ? 0.0 : Math.min(1.0, (double) written.get() / s));
            m.put("expires", java.time.Instant.ofEpochMilli(created + KEEP_MILLIS).toString());
            if (error != null) {
                m.put("error", error);
            }
            if (state == State.DONE) {
                m.put("sha256", sha256);
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
        reload();
    }

    /** Takes up the jobs a previous run left (see the class description). */
    private void reload() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> saved;
        try (java.util.stream.Stream<Path> l = Files.list(dir)) {
            saved = l.filter(p -> p.getFileName().toString().endsWith(JOB_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list the export jobs in {}: {}", dir, e.toString());
            return;
        }
        long limit = System.currentTimeMillis() - KEEP_MILLIS;
        for (Path p : saved) {
            Saved s;
            try {
                s = io.nightjar.api.http.Json.MAPPER.readValue(p.toFile(), Saved.class);
            } catch (IOException e) {
                LOG.warn("export job {} is unreadable, ignored: {}", p, e.getMessage());
                continue;
            }
            Job j = new Job(s.id(), s.camera(), s.from(), s.to(), s.user(), s.created(), dir);
            j.size = s.bytes();
            j.sha256 = s.sha256();
            j.error = s.error();
            j.state = s.state();
            if (s.created() < limit) {
                deleteFiles(j);
                continue;
            }
            if (j.state == State.DONE && !(Files.isRegularFile(j.file()) && Files.isRegularFile(j.manifestFile()))) {
                j.state = State.FAILED;
                j.error = "its file was removed while the server was stopped";
                save(j);
            }
            jobs.put(j.id, j);
            if (j.state == State.QUEUED || j.state == State.RUNNING) {
                LOG.info("export {} of {} was interrupted by a stop; running it again", j.id, j.camera);
                j.state = State.QUEUED;
                save(j);
                executor.execute(() -> run(j));
            }
        }
    }

    public Job submit(String camera, long from, long to, String user) {
        purgeOld();
        long waiting = jobs.values().stream().filter(j -> j.state == State.QUEUED).count();
        if (waiting >= MAX_WAITING) {
            throw new IllegalStateException("too many exports waiting (" + waiting + "); try again when one finishes");
        }
        String id = io.nightjar.api.auth.PasswordHasher.randomSecret(9).replace('-', 'x').replace('_', 'y');
        Job job = new Job(id, camera, from, to, user, System.currentTimeMillis(), dir);
        jobs.put(id, job);
        save(job);
        try {
            executor.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            deleteFiles(job);
            throw new IllegalStateException("the server is shutting down");
        }
        return job;
    }

    private void run(Job job) {
        job.state = State.RUNNING;
        save(job);
        try {
            Mp4Exporter.Plan plan = storage.exporter().plan(job.camera, job.from, job.to);
            job.size = plan.size();
            Mp4Exporter.Result r = storage.exporter().write(plan, job.file(), job.written::set);
            job.sha256 = r.sha256();
            job.state = State.DONE;
        } catch (IOException | RuntimeException e) {
            job.error = e.getMessage();
            job.state = State.FAILED;
            LOG.warn("export {} of {} failed: {}", job.id, job.camera, e.toString());
        }
        save(job);
    }

    /** Writes a job's record (a temporary file renamed over the old one, so a crash leaves one or the other). */
    private void save(Job job) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(job.id + JOB_SUFFIX);
            Path tmp = dir.resolve(job.id + JOB_SUFFIX + ".tmp");
            Files.write(tmp, io.nightjar.api.http.Json.MAPPER.writeValueAsBytes(job.saved()));
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot keep export job {} on disk ({}): it will be forgotten at the next restart", job.id, e.toString());
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
            if (j.created < limit && j.state != State.RUNNING && j.state != State.QUEUED) {
                jobs.remove(j.id);
                deleteFiles(j);
            }
        }
    }

    private void deleteFiles(Job j) {
        try {
            Files.deleteIfExists(j.file());
            Files.deleteIfExists(j.manifestFile());
            Files.deleteIfExists(dir.resolve(j.id + JOB_SUFFIX));
        } catch (IOException e) {
            LOG.warn("could not delete export {}: {}", j.id, e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
