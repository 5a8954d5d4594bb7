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
 * assigns it ({@link #record}, {@link #release}); the others are known and not connected.
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
    /** In a cluster: the cameras whose streams run here (outside one, every camera's do). */
    private final java.util.Set<String> recording = new java.util.HashSet<>();
    private boolean closed;

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
        CameraRuntime r = cameras.get(id);
        if (closed || r == null) {
            return false;
        }
        if (recording.add(id)) {
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

    private void refuseInCluster(String what) {
        if (followsCluster) {
            throw ServiceException.conflict("this node is part of a cluster, where cameras are configured in every node's nightjar.yml: "
                    + what + " a camera there, on every node (cameras kept cluster-wide through the API are not built yet)");
        }
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

    public synchronized CameraRuntime create(CameraConfig c) throws ConfigException {
        refuseInCluster("add");
        ConfigValidator.validateCamera("camera", c);
        if (cameras.exists(c.id)) {
            throw ServiceException.conflict("camera '" + c.id + "' already exists");
        }
        CameraRuntime r = launch(c, false);
        cameras.put(r);
        saveManaged();
        return r;
    }

    /** Replaces a camera's configuration; a missing password keeps the current one (passwords are write-only). */
    public synchronized CameraRuntime update(String id, CameraConfig c) throws ConfigException {
        CameraRuntime old = cameras.get(id);
        if (old == null) {
            throw ServiceException.notFound("no camera '" + id + "'");
        }
        refuseInCluster("change");
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
        CameraRuntime r;
        if (sameConnection(old.config(), c)) {
            r = new CameraRuntime(c, false, old.main(), old.sub(), CameraSettings.analytics(c));
        } else {
            stop(old);
            r = launch(c, false);
        }
        cameras.put(r);
        saveManaged();
        return r;
    }

    public synchronized void delete(String id) {
        CameraRuntime old = cameras.get(id);
        if (old == null) {
            throw ServiceException.notFound("no camera '" + id + "'");
        }
        refuseInCluster("remove");
        if (old.fromFile()) {
            throw ServiceException.conflict("camera '" + id + "' is defined in the configuration file; remove it there");
        }
        cameras.remove(id);
        stop(old);
        saveManaged();
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

    private void saveManaged() {
        List<CameraConfig> managed = new ArrayList<>();
        for (CameraRuntime r : cameras.all()) {
            if (!r.fromFile()) {
                managed.add(r.config());
            }
        }
        managed.sort(java.util.Comparator.comparing(c -> c.id));
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
