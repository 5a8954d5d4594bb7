package io.nightjar.api.server;

import io.netty.channel.EventLoopGroup;
import io.nightjar.analytics.tap.AnalyticsTap;
import io.nightjar.analytics.tap.TapStatus;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.ConfigException;
import io.nightjar.api.live.LiveFanout;
import io.nightjar.api.service.CameraHealthView;
import io.nightjar.api.service.CameraView;
import io.nightjar.api.service.Cameras;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.FailureView;
import io.nightjar.api.service.ProbeRequest;
import io.nightjar.api.service.ProbeView;
import io.nightjar.api.service.Recording;
import io.nightjar.api.service.RecordingState;
import io.nightjar.api.service.RetentionView;
import io.nightjar.api.service.ServiceException;
import io.nightjar.api.service.StreamState;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.camera.CameraHealth;
import io.nightjar.recorder.camera.CameraSupervisor;
import io.nightjar.recorder.probe.Probe;
import io.nightjar.recorder.probe.ProbeReport;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;
import io.nightjar.storage.Storage;
import io.nightjar.storage.retention.AchievedRetention;
import io.nightjar.storage.writer.CameraStatus;
import io.nightjar.storage.writer.WriterState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link Cameras} over the camera manager, the writer's status, the analytics tap and the live fan-out. */
final class CameraService implements Cameras {
    /** Streaming but nothing indexed for this long is a stalled recording. */
    static final long STALLED_MICROS = 10_000_000L;

    private final CameraManager cameras;
    private final Storage storage;
    private final MotionGate gate;
    private final AnalyticsTap tap;
    private final LiveFanout fanout;
    private final EventLoopGroup probeLoops;
    private final Evidence evidence;
    private final java.util.function.Function<String, Recording> elsewhere;

    /**
     * @param elsewhere in a cluster: how a camera this node does not record is recorded ({@code elsewhere} by
     *                  which node, or {@code unassigned}); null when this node records it, and always outside a cluster
     */
    CameraService(CameraManager cameras, Storage storage, MotionGate gate, AnalyticsTap tap, LiveFanout fanout, EventLoopGroup probeLoops,
                  Evidence evidence, java.util.function.Function<String, Recording> elsewhere) {
        this.elsewhere = elsewhere;
        this.cameras = cameras;
        this.storage = storage;
        this.gate = gate;
        this.tap = tap;
        this.fanout = fanout;
        this.probeLoops = probeLoops;
        this.evidence = evidence;
    }

    @Override
    public List<CameraView> list(Caller caller) {
        List<CameraView> out = new ArrayList<>();
        for (CameraRuntime c : cameras.all()) {
            if (caller.mayAccess(c.config().id)) {
                out.add(view(c));
            }
        }
        out.sort(Comparator.comparing(CameraView::id));
        return out;
    }

    @Override
    public boolean known(String id) {
        return cameras.exists(id) || storage.index().existingCameraKey(id) >= 0;
    }

    @Override
    public CameraView get(Caller caller, String id) {
        return view(runtime(id));
    }

    @Override
    public CameraView create(Caller caller, CameraConfig c) {
        CameraRuntime rt = configChange(() -> cameras.create(c));
        evidence.audit(caller, "camera.create", c.id, null, null, c.toString());
        return view(rt);
    }

    @Override
    public CameraView update(Caller caller, String id, CameraConfig c) {
        CameraRuntime rt = configChange(() -> cameras.update(id, c));
        evidence.audit(caller, "camera.update", id, null, null, c.toString());
        return view(rt);
    }

    @Override
    public void delete(Caller caller, String id) {
        cameras.delete(id);
        evidence.audit(caller, "camera.delete", id, null, null, null);
    }

    @Override
    public CameraHealthView health(Caller caller, String id) {
        return health(id);
    }

    CameraHealthView health(String id) {
        CameraRuntime c = runtime(id);
        Recording rec = recording(c);
        CameraStatus w = storage.writer().status(id);
        CameraHealthView.Writer writer = null;
        if (w != null) {
            Map<String, Long> why = new LinkedHashMap<>();
            w.droppedByReason().forEach((k, v) -> why.put(k.key(), v));
            writer = new CameraHealthView.Writer(w.state().label(), w.lastError(), w.currentFile(), w.framesWritten(), w.framesDropped(), why,
                    w.bytesWritten(), w.filesWritten(), w.writeErrors(), w.indexedUntilMicros() == 0 ? null : iso(w.indexedUntilMicros()));
        }
        TapStatus t = tap.status(id);
        CameraHealthView.Analytics analytics = t == null ? null
                : new CameraHealthView.Analytics(t.analysed(), t.dropped(), t.decodeErrors(), t.queued());
        return new CameraHealthView(id, rec.text(), rec.state(), stream(c.main()), c.sub() == null ? null : stream(c.sub()), writer, analytics,
                retention(storage.retention().achieved(id)), fanout.viewers(StreamRef.main(id)));
    }

    @Override
    public RetentionView retention(Caller caller, String id) {
        if (!known(id)) {
            throw ServiceException.notFound("no camera '" + id + "'");
        }
        return retention(storage.retention().achieved(id));
    }

    @Override
    public Optional<byte[]> snapshot(Caller caller, String id, Long at, int width) throws Exception {
        byte[] jpeg = at == null ? Snapshots.live(fanout, StreamRef.main(id), width, 6000) : Snapshots.at(storage, id, at, width);
        if (jpeg != null) {
            evidence.audit(caller, "snapshot", id, at, null, at == null ? "live" : null);
        }
        return Optional.ofNullable(jpeg);
    }

    @Override
    public ProbeView probe(ProbeRequest b) throws Exception {
        if (b.url() == null) {
            throw ServiceException.invalid("'url' is required");
        }
        RtspUrl url = url(b.url());
        Credentials cred = b.user() == null ? null : new Credentials(b.user(), b.password() == null ? "" : b.password());
        RtspClientOptions o = RtspClientOptions.defaults().withTransport(
                "udp".equals(b.transport()) ? RtspClientOptions.Transport.UDP : RtspClientOptions.Transport.TCP);
        ProbeReport rep = Probe.run(probeLoops, url, cred, o, 3);
        return new ProbeView(rep.ok(), rep.format(), rep);
    }

    private static RtspUrl url(String text) {
        try {
            return RtspUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid(e.getMessage());
        }
    }

    /** The recording state of a configured camera (what health and the camera list show). */
    Recording recording(String id) {
        return recording(runtime(id));
    }

    Recording recording(CameraRuntime c) {
        CameraConfig.RecordMode mode = c.config().record;
        if (mode == CameraConfig.RecordMode.off) {
            return new Recording(RecordingState.off, "off");
        }
        Recording away = elsewhere.apply(c.config().id);
        if (away != null) {
            return away;
        }
        if (c.main().state() != CameraSupervisor.State.STREAMING) {
            String e = c.main().lastError();
            return new Recording(RecordingState.camera_down,
                    "not recording: camera " + StreamState.of(c.main().state()).name() + (e != null ? " (" + e + ")" : ""));
        }
        CameraStatus w = storage.writer().status(c.config().id);
        long now = System.currentTimeMillis() * 1000;
        if (mode == CameraConfig.RecordMode.motion && !gate.active(c.config().id, now)) {
            return new Recording(RecordingState.waiting_for_motion, "waiting for motion");
        }
        if (w == null) {
            return new Recording(RecordingState.nothing_written, "not recording: no frame written yet");
        }
        if (w.state() == WriterState.DISK_ERROR) {
            return new Recording(RecordingState.disk_error, "not recording: " + w.lastError());
        }
        if (now - w.indexedUntilMicros() > STALLED_MICROS) {
            return new Recording(RecordingState.stalled, "not recording: nothing indexed for " + (now - w.indexedUntilMicros()) / 1_000_000 + " s");
        }
        return new Recording(RecordingState.recording, "recording");
    }

    private CameraRuntime runtime(String id) {
        CameraRuntime c = cameras.get(id);
        if (c == null) {
            throw ServiceException.notFound("no camera '" + id + "'");
        }
        return c;
    }

    private CameraView view(CameraRuntime c) {
        CameraConfig cc = c.config();
        CameraHealth h = c.main().health();
        Recording rec = recording(c);
        return new CameraView(cc.id, cc.name == null ? cc.id : cc.name, RtspUrl.parse(cc.url).toString(),
                cc.subUrl == null ? null : RtspUrl.parse(cc.subUrl).toString(), cc.user, cc.hasPassword(), cc.transport, cc.record.name(),
                cc.priority, cc.prePostSeconds, cc.retention, cc.analytics, cc.timeZone, c.fromFile() ? CameraView.Source.file : CameraView.Source.api,
                StreamState.of(c.main().state()), rec.text(), rec.state(), c.main().lastError(), FailureView.of(c.main().lastFailure()),
                h.codec(), h.width(), h.height());
    }

    private static CameraHealthView.StreamHealth stream(CameraSupervisor s) {
        CameraHealth h = s.health();
        CameraHealth.Clock clock = h.clock();
        long seen = h.packetsReceived() + h.packetsLost();
        return new CameraHealthView.StreamHealth(StreamState.of(h.state()), Instant.ofEpochMilli(h.sinceMillis()).toString(), h.lastError(),
                FailureView.of(s.lastFailure()), round(h.fps()), round(h.declaredFps()), Math.round(h.bitrate()), h.gopFrames(), h.frames(),
                h.bytes(), h.packetsReceived(), h.packetsLost(), seen == 0 ? 0.0 : round(100.0 * h.packetsLost() / seen),
                h.packetsReordered(), h.packetsDuplicated(), h.depacketizerErrors(), h.ringStalls(), h.reconnects(), h.codec(),
                h.codecString(), h.width(), h.height(), h.transport(), h.authScheme(), h.server(), h.tool(),
                new CameraHealthView.Clock(clock.runs(), clock.jumps(), clock.reanchors(), clock.lateFrames()));
    }

    static RetentionView retention(AchievedRetention a) {
        return new RetentionView(a.oldestMicros() == 0 ? null : iso(a.oldestMicros()), a.newestMicros() == 0 ? null : iso(a.newestMicros()),
                round(a.keptSeconds() / 86400.0), a.targetSeconds() == 0 ? null : round(a.targetSeconds() / 86400.0),
                round(a.recordedSeconds() / 3600.0), a.bytes(), a.files(), a.targetMet());
    }

    private interface Change {
        CameraRuntime run() throws ConfigException;
    }

    private static CameraRuntime configChange(Change c) {
        try {
            return c.run();
        } catch (ConfigException e) {
            throw ServiceException.invalid(e.getMessage());
        }
    }

    static String iso(long micros) {
        return Instant.ofEpochMilli(Math.floorDiv(micros, 1000)).toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
