package io.nightjar.api.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.ConfigException;
import io.nightjar.api.config.ConfigValidator;
import io.nightjar.recorder.camera.Backoff;
import io.nightjar.recorder.camera.CameraSupervisor;
import io.nightjar.recorder.memory.Priority;
import io.nightjar.recorder.ring.FrameSink;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.time.MicrosClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import io.nightjar.api.service.ServiceException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras being recorded. Cameras of the configuration file are read-only at run time;
 * cameras added through the API are kept in {@code <data>/.nightjar/cameras.json} (owner-only
 * permissions: it holds camera passwords) and survive restarts. Changes take effect at once:
 * a new URL, credentials or transport restarts the camera's sessions; analytics and record mode
 * changes apply from the next frame.
 *
 * <p>In a cluster every node knows every camera, but runs the streams of only those the cluster
 * assigns it ({@link #record}, {@link #release}); the others are known and not connected. Cameras
 * added through the API are then the site's ({@link #useSite}): kept in one sealed record in
 * ZooKeeper that every add, change and removal goes through, on whichever node, and that every
 * node applies as it changes ({@link #applySite}); {@code cameras.json} becomes this node's copy of
 * it, used while ZooKeeper cannot be reached (changes then fail with 503; recording goes on).
 */
public final class CameraManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraManager.class);
    private static final ObjectMapper JSON = io.nightjar.api.http.Json.STORAGE;

    private final CameraDirectory cameras;
    private final EventLoopGroup group;
    private final FrameSink sink;
    private final io.nightjar.recorder.net.PortRange udpPorts;
    private final Path file;
    private final boolean followsCluster;
    /**
     * In a cluster: the cameras assigned here, whose streams run here (outside one, every camera's
     * do); it may name a camera whose configuration has not arrived yet: it starts when it does.
     */
    private final java.util.Set<String> recording = new java.util.HashSet<>();
    private boolean closed;
    /** In a cluster: the site's record of API-managed cameras, and the newest version of it applied here. */
    private volatile io.nightjar.cluster.SharedDocument site;
    private int siteVersion = -1;

    /**
     * @param cameras  the directory this manager fills and changes
     * @param group    where cameras' sessions run
     * @param sink     where they publish frames (the ring)
     * @param udpPorts local ports for RTP over UDP
     * @param file     where API-managed cameras are kept
     * @param followsCluster true: a camera's streams run only once the cluster assigns it here
     */
    CameraManager(CameraDirectory cameras, EventLoopGroup group, FrameSink sink, io.nightjar.recorder.net.PortRange udpPorts, Path file,
                  boolean followsCluster) {
        this.followsCluster = followsCluster;
        this.cameras = cameras;
        this.group = group;
        this.sink = sink;
        this.udpPorts = udpPorts;
        this.file = file;
    }

    /** Starts the configuration file's cameras, then the API-managed ones kept on disk. */
    synchronized void start(List<CameraConfig> fromFile) {
        for (CameraConfig c : fromFile) {
            cameras.put(launch(c, true));
        }
        for (CameraConfig c : loadManaged()) {
            if (cameras.exists(c.id)) {
                LOG.warn("camera {} in {} is also in the configuration file; the file wins", c.id, file);
                continue;
            }
            try {
                ConfigValidator.validateCamera(file + ": camera " + c.id, c);
                cameras.put(launch(c, false));
            } catch (ConfigException e) {
                LOG.error("skipping a stored camera: {}", e.getMessage());
            }
        }
    }

    private CameraRuntime launch(CameraConfig c, boolean fromFile) {
        return launch(c, fromFile, !followsCluster || recording.contains(c.id));
    }

    private CameraRuntime launch(CameraConfig c, boolean fromFile, boolean run) {
        CameraSupervisor main = new CameraSupervisor(CameraSettings.source(c, StreamRef.Kind.MAIN, udpPorts), group, sink, MicrosClock.SYSTEM,
                Backoff.standard(), Priority.parse(c.priority));
        // A sub-stream is never recorded (analytics and previews only): under overload it goes first.
        CameraSupervisor sub = c.subUrl == null ? null
                : new CameraSupervisor(CameraSettings.source(c, StreamRef.Kind.SUB, udpPorts), group, sink, MicrosClock.SYSTEM, Backoff.standard(),
                Priority.LOW);
        if (!run) {
            return new CameraRuntime(c, fromFile, main, sub, CameraSettings.analytics(c));
        }
        main.start();
        if (sub != null) {
            sub.start();
        }
        LOG.info("camera {} started ({} recording{})", c.id, c.record, sub != null ? ", with a sub-stream" : "");
        return new CameraRuntime(c, fromFile, main, sub, CameraSettings.analytics(c));
    }

    /**
     * The cluster assigned {@code id} to this node: its streams start (if they run already, nothing
     * changes). False when this node's configuration has no such camera.
     */
    public synchronized boolean record(String id) {
        if (closed) {
            return false;
        }
        boolean added = recording.add(id);
        CameraRuntime r = cameras.get(id);
        if (r == null) {
            return false; // started when its configuration arrives (applySite)
        }
        if (added) {
            cameras.put(launch(r.config(), r.fromFile(), true)); // the supervisors it had never ran
        }
        return true;
    }

    /** The cluster moved {@code id} to another node (or nobody): its streams stop here; it stays known. */
    public synchronized void release(String id) {
        CameraRuntime r = cameras.get(id);
        if (!recording.remove(id) || r == null || closed) {
            return;
        }
        stop(r);
        cameras.put(launch(r.config(), r.fromFile(), false));
        LOG.info("camera {} stopped here: the cluster records it elsewhere", id);
    }

    /** In a cluster: whether {@code id}'s streams run on this node (outside one: whether it is configured). */
    public synchronized boolean recordsHere(String id) {
        return followsCluster ? recording.contains(id) : cameras.exists(id);
    }

    public Collection<CameraRuntime> all() {
        return cameras.all();
    }

    public CameraRuntime get(String id) {
        return cameras.get(id);
    }

    public CameraConfig config(String id) {
        return cameras.config(id);
    }

    public boolean exists(String id) {
        return cameras.exists(id);
    }

    public CameraRuntime create(CameraConfig c) throws ConfigException {
        ConfigValidator.validateCamera("camera", c);
        if (site != null) {
            CameraRuntime local = cameras.get(c.id);
            if (local != null && local.fromFile()) {
                throw ServiceException.conflict("camera '" + c.id + "' already exists (in this node's configuration file)");
            }
            applySite(changeSite(list -> {
                if (list.stream().anyMatch(x -> x.id.equals(c.id))) {
                    throw ServiceException.conflict("camera '" + c.id + "' already exists");
                }
                list.add(c);
            }));
            return created(c.id);
        }
        synchronized (this) {
            if (cameras.exists(c.id)) {
                throw ServiceException.conflict("camera '" + c.id + "' already exists");
            }
            CameraRuntime r = launch(c, false);
            cameras.put(r);
            saveManaged();
            return r;
        }
    }

    private CameraRuntime created(String id) {
        CameraRuntime r = cameras.get(id);
        if (r == null) { // removed again by another node meanwhile
            throw ServiceException.conflict("camera '" + id + "' was removed by another node while it was being saved");
        }
        return r;
    }

    /** Replaces a camera's configuration; a missing password keeps the current one (passwords are write-only). */
    public CameraRuntime update(String id, CameraConfig c) throws ConfigException {
        CameraRuntime old = cameras.get(id);
        if (old == null) {
            throw ServiceException.notFound("no camera '" + id + "'");
        }
        if (old.fromFile()) {
            throw ServiceException.conflict("camera '" + id + "' is defined in the configuration file; change it there");
        }
        if (c.id != null && !c.id.equals(id)) {
            throw ServiceException.invalid("the camera id cannot change ('" + id + "' to '" + c.id + "')");
        }
        c.id = id;
        // the API shows URLs without their user information: the same URL coming back keeps the stored one
        if (c.url != null && old.config().url != null && c.url.equals(io.nightjar.recorder.rtsp.RtspUrl.parse(old.config().url).toString())) {
            c.url = old.config().url;
        }
        if (c.subUrl != null && old.config().subUrl != null
                && c.subUrl.equals(io.nightjar.recorder.rtsp.RtspUrl.parse(old.config().subUrl).toString())) {
            c.subUrl = old.config().subUrl;
        }
        if (c.password == null && c.user != null && c.user.equals(old.config().user)) {
            c.password = old.config().password;
        }
        ConfigValidator.validateCamera("camera", c);
        if (site != null) {
            applySite(changeSite(list -> {
                int at = indexOf(list, id);
                if (at < 0) {
                    throw ServiceException.notFound("no camera '" + id + "' (removed by another node)");
                }
                list.set(at, c);
            }));
            return created(id);
        }
        synchronized (this) {
            CameraRuntime now = cameras.get(id);
            if (now == null) {
                throw ServiceException.notFound("no camera '" + id + "'");
            }
            CameraRuntime r = replace(now, c);
            saveManaged();
            return r;
        }
    }

    /** {@code old}'s configuration replaced by {@code c}: its sessions restart only when how to reach the camera changed. */
    private CameraRuntime replace(CameraRuntime old, CameraConfig c) {
        CameraRuntime r;
        if (sameConnection(old.config(), c)) {
            r = new CameraRuntime(c, false, old.main(), old.sub(), CameraSettings.analytics(c));
        } else {
            stop(old);
            r = launch(c, false);
        }
        cameras.put(r);
        return r;
    }

    public void delete(String id) {
        CameraRuntime old = cameras.get(id);
        if (old == null) {
            throw ServiceException.notFound("no camera '" + id + "'");
        }
        if (old.fromFile()) {
            throw ServiceException.conflict("camera '" + id + "' is defined in the configuration file; remove it there");
        }
        if (site != null) {
            applySite(changeSite(list -> {
                int at = indexOf(list, id);
                if (at < 0) {
                    throw ServiceException.notFound("no camera '" + id + "' (removed by another node)");
                }
                list.remove(at);
            }));
            return;
        }
        synchronized (this) {
            CameraRuntime now = cameras.get(id);
            if (now == null) {
                throw ServiceException.notFound("no camera '" + id + "'");
            }
            cameras.remove(id);
            stop(now);
            saveManaged();
        }
    }

    private static int indexOf(List<CameraConfig> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id.equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** From now on the API-managed cameras are the site's, kept in {@code record} (whose listener calls {@link #applySite}). */
    public void useSite(io.nightjar.cluster.SharedDocument record) {
        this.site = record;
    }

    /** This node's API-managed cameras as they are now (with their passwords), to be merged into the site's once it is reached. */
    public synchronized byte[] exportManaged() {
        return encode(managed());
    }

    /**
     * Brings this node's API-managed cameras into the site's record: when the site has none yet,
     * they become the site's; when it has, and {@code firstJoin}, those whose ids the site does not
     * have are added; otherwise the site's record stands. Fails while ZooKeeper cannot be reached.
     */
    public void mergeIntoSite(byte[] local, boolean firstJoin) throws Exception {
        List<CameraConfig> mine = decode(local);
        applySite(site.update(bytes -> {
            if (bytes == null) {
                return encode(mine);
            }
            List<CameraConfig> list = decode(bytes);
            if (firstJoin) {
                for (CameraConfig c : mine) {
                    if (indexOf(list, c.id) < 0) {
                        list.add(c);
                    }
                }
            }
            return encode(list);
        }));
    }

    /**
     * A version of the site's cameras: applied unless a newer one was. Cameras new here are added
     * (their streams run only if the cluster assigned them here), changed ones take their new
     * configuration, removed ones stop and are forgotten (their footage stays, under retention); a
     * camera of this node's configuration file keeps the file's configuration. {@code cameras.json}
     * is rewritten as this node's copy.
     */
    public synchronized void applySite(io.nightjar.cluster.SharedDocument.Version v) {
        if (closed || v.version() <= siteVersion) {
            return;
        }
        siteVersion = v.version();
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (CameraConfig c : decode(v.content())) {
            wanted.add(c.id);
            CameraRuntime old = cameras.get(c.id);
            try {
                ConfigValidator.validateCamera("the site's camera " + c.id, c);
            } catch (ConfigException e) {
                LOG.error("skipping a camera of the site: {}", e.getMessage());
                continue;
            }
            if (old == null) {
                cameras.put(launch(c, false));
            } else if (old.fromFile()) {
                LOG.warn("camera {} of the site is also in this node's configuration file; the file wins here", c.id);
            } else if (!java.util.Arrays.equals(encode(List.of(c)), encode(List.of(old.config())))) {
                replace(old, c);
                LOG.info("camera {} changed by the site", c.id);
            }
        }
        for (CameraRuntime r : new ArrayList<>(cameras.all())) {
            if (!r.fromFile() && !wanted.contains(r.config().id)) {
                cameras.remove(r.config().id);
                stop(r);
                LOG.info("camera {} removed from the site", r.config().id);
            }
        }
        saveManaged();
    }

    /** The API-managed cameras in a version of the site's record (ids only matter to the caller; invalid entries included). */
    public static List<CameraConfig> siteCameras(byte[] content) {
        return decode(content);
    }

    private interface ListChange {
        void apply(List<CameraConfig> list);
    }

    /** Applies {@code change} to the site's newest list of cameras; 503 while ZooKeeper cannot be reached. */
    private io.nightjar.cluster.SharedDocument.Version changeSite(ListChange change) {
        try {
            return site.update(bytes -> {
                List<CameraConfig> list = bytes == null ? new ArrayList<>() : decode(bytes);
                change.apply(list);
                list.sort(java.util.Comparator.comparing(x -> x.id));
                return encode(list);
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ServiceException.unavailable("cameras cannot be changed now: the cluster's ZooKeeper cannot be reached ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] encode(List<CameraConfig> list) {
        try {
            return JSON.writeValueAsBytes(withPasswords(list));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CameraConfig> decode(byte[] bytes) {
        try {
            return new ArrayList<>(JSON.readValue(bytes, new TypeReference<List<CameraConfig>>() { }));
        } catch (IOException e) {
            throw new IllegalStateException("the site's camera record is not readable: " + e.getMessage(), e);
        }
    }

    private static boolean sameConnection(CameraConfig a, CameraConfig b) {
        return java.util.Objects.equals(a.url, b.url) && java.util.Objects.equals(a.subUrl, b.subUrl)
                && java.util.Objects.equals(a.user, b.user) && java.util.Objects.equals(a.password, b.password)
                && java.util.Objects.equals(a.transport, b.transport);
    }

    private static void stop(CameraRuntime r) {
        try {
            r.main().stop().get(5, TimeUnit.SECONDS);
            if (r.sub() != null) {
                r.sub().stop().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("camera {} did not stop cleanly: {}", r.config().id, e.toString());
        }
    }

    private List<CameraConfig> loadManaged() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<CameraConfig>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API-managed cameras in " + file + ": " + e.getMessage(), e);
        }
    }

    private List<CameraConfig> managed() {
        List<CameraConfig> managed = new ArrayList<>();
        for (CameraRuntime r : cameras.all()) {
            if (!r.fromFile()) {
                managed.add(r.config());
            }
        }
        managed.sort(java.util.Comparator.comparing(c -> c.id));
        return managed;
    }

    private void saveManaged() {
        List<CameraConfig> managed = managed();
        try {
            // passwords are needed to reconnect after a restart: this file keeps them (owner-only)
            io.nightjar.api.config.PrivateFiles.write(file, io.nightjar.api.http.Json.STORAGE_PRETTY.writeValueAsBytes(withPasswords(managed)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save cameras to " + file + ": " + e.getMessage(), e);
        }
    }

    /** CameraConfig hides the password from JSON output; the store needs it, so write maps with it. */
    private static List<Map<String, Object>> withPasswords(List<CameraConfig> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CameraConfig c : list) {
            Map<String, Object> m = JSON.convertValue(c, new TypeReference<Map<String, Object>>() { });
            if (c.password != null) {
                m.put("password", c.password);
            }
            out.add(m);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (CameraRuntime r : cameras.all()) {
            stop(r);
        }
    }
}
