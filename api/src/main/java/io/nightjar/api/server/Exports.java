package io.nightjar.api.server;

import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.ExportJobView;
import io.nightjar.api.service.ExportJobs;
import io.nightjar.api.service.ExportState;
import io.nightjar.api.service.Media;
import io.nightjar.api.service.ServiceException;
import io.nightjar.storage.Storage;
import io.nightjar.storage.read.Mp4Exporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
public final class Exports implements ExportJobs, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exports.class);
    static final long KEEP_MILLIS = 24 * 3600_000L;
    static final int MAX_WAITING = 8;
    /** The longest range one job exports. */
    static final long MAX_RANGE_MICROS = 31 * 86_400_000_000L;
    private static final String JOB_SUFFIX = ".job.json";

    /** What is kept on disk of a job. */
    public record Saved(String id, String camera, long from, long to, String user, long created, ExportState state, String error, long bytes,
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
        volatile ExportState state = ExportState.QUEUED;
        volatile String error;
        volatile String sha256;
        /** Who asked (a cluster's export signs its calls to other nodes as them); null for a job reloaded after a restart. */
        volatile Caller caller;
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

        public ExportState state() {
            return state;
        }

        /** The SHA-256 of the exported file, once {@link ExportState#DONE}. */
        public String sha256() {
            return sha256;
        }

        /** The exported MP4 (complete once {@link ExportState#DONE}). */
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

        ExportJobView view() {
            long s = size;
            boolean done = state == ExportState.DONE;
            return new ExportJobView(id, camera, CameraService.iso(from), CameraService.iso(to), state, s,
                    done ? 1.0 : s == 0 ? 0.0 : Math.min(1.0, (double) written.get() / s), java.time.Instant.ofEpochMilli(created + KEEP_MILLIS).toString(),
                    error, done ? sha256 : null, done ? "/api/v1/exports/" + id + "/file.mp4" : null,
                    done ? "/api/v1/exports/" + id + "/manifest.json" : null);
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

    private final Evidence evidence;

    private final ExportPlanner planner;
    private final boolean siteWide;

    /**
     * @param planner  plans each job's export (this node's footage, or the site's)
     * @param siteWide true in a cluster: a camera this node never recorded may still be exported (from the others' footage)
     */
    Exports(Storage storage, Path dir, Evidence evidence, ExportPlanner planner, boolean siteWide) {
        this.storage = storage;
        this.dir = dir;
        this.evidence = evidence;
        this.planner = planner;
        this.siteWide = siteWide;
        reload();
    }

    @Override
    public ExportJobView submit(Caller caller, String camera, long from, long to) {
        caller.checkCamera(camera);
        if (!siteWide && storage.index().existingCameraKey(camera) < 0) {
            throw ServiceException.notFound("nothing recorded for camera '" + camera + "'");
        }
        if (to <= from || to - from > MAX_RANGE_MICROS) {
            throw ServiceException.invalid("'to' must be after 'from', at most 31 days later");
        }
        Job job = submit(camera, from, to, caller);
        evidence.audit(caller, "export", camera, from, to, "job " + job.id);
        return job.view();
    }

    @Override
    public List<ExportJobView> list(Caller caller) {
        List<ExportJobView> out = new ArrayList<>();
        for (Job j : all()) {
            if (caller.mayAccess(j.camera)) {
                out.add(j.view());
            }
        }
        return out;
    }

    @Override
    public ExportJobView get(Caller caller, String id) {
        return job(caller, id).view();
    }

    @Override
    public Media download(Caller caller, String id) throws IOException {
        Job j = done(job(caller, id));
        evidence.audit(caller, "export-download", j.camera, j.from, j.to, "job " + j.id);
        return new Media(List.of(new Media.FileRange(j.file(), 0, Files.size(j.file()))), true, j.sha256(), 0,
                RecordingService.fileName(j.camera, j.from));
    }

    @Override
    public byte[] manifest(Caller caller, String id) throws IOException {
        return Files.readAllBytes(done(job(caller, id)).manifestFile());
    }

    @Override
    public void delete(Caller caller, String id) {
        delete(job(caller, id).id);
    }

    /** A job the caller may see; others are NOT_FOUND, as if they did not exist. */
    private Job job(Caller caller, String id) {
        Job j = jobs.get(id);
        if (j == null || !caller.mayAccess(j.camera)) {
            throw ServiceException.notFound("no export '" + id + "'");
        }
        return j;
    }

    private static Job done(Job j) {
        if (j.state() != ExportState.DONE) {
            throw ServiceException.conflict("export " + j.id + " is " + j.state().json() + ", not done");
        }
        return j;
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
            if (j.state == ExportState.DONE && !(Files.isRegularFile(j.file()) && Files.isRegularFile(j.manifestFile()))) {
                j.state = ExportState.FAILED;
                j.error = "its file was removed while the server was stopped";
                save(j);
            }
            jobs.put(j.id, j);
            if (j.state == ExportState.QUEUED || j.state == ExportState.RUNNING) {
                LOG.info("export {} of {} was interrupted by a stop; running it again", j.id, j.camera);
                j.state = ExportState.QUEUED;
                save(j);
                executor.execute(() -> run(j));
            }
        }
    }

    Job submit(String camera, long from, long to, Caller caller) {
        purgeOld();
        long waiting = jobs.values().stream().filter(j -> j.state == ExportState.QUEUED).count();
        if (waiting >= MAX_WAITING) {
            throw ServiceException.conflict("too many exports waiting (" + waiting + "); try again when one finishes");
        }
        String id = io.nightjar.api.auth.PasswordHasher.randomSecret(9).replace('-', 'x').replace('_', 'y');
        Job job = new Job(id, camera, from, to, caller.user(), System.currentTimeMillis(), dir);
        job.caller = caller;
        jobs.put(id, job);
        save(job);
        try {
            executor.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            deleteFiles(job);
            throw ServiceException.conflict("the server is shutting down");
        }
        return job;
    }

    private void run(Job job) {
        job.state = ExportState.RUNNING;
        save(job);
        try {
            Mp4Exporter.Plan plan = planner.plan(job.caller, job.camera, job.from, job.to);
            job.size = plan.size();
            Mp4Exporter.Result r = storage.exporter().write(plan, job.file(), job.written::set);
            job.sha256 = r.sha256();
            job.state = ExportState.DONE;
        } catch (IOException | RuntimeException e) {
            job.error = e.getMessage();
            job.state = ExportState.FAILED;
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

    List<Job> all() {
        List<Job> l = new ArrayList<>(jobs.values());
        l.sort(Comparator.comparingLong((Job j) -> j.created).reversed());
        return l;
    }

    boolean delete(String id) {
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
            if (j.created < limit && j.state != ExportState.RUNNING && j.state != ExportState.QUEUED) {
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
