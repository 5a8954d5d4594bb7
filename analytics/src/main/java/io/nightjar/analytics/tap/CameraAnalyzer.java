package io.nightjar.analytics.tap;

import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.analytics.anomaly.UnusualActivityDetector;
import io.nightjar.analytics.decode.DecodeException;
import io.nightjar.analytics.decode.DecodedFrame;
import io.nightjar.analytics.decode.VideoDecoder;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.event.EventIds;
import io.nightjar.analytics.event.EventSink;
import io.nightjar.analytics.event.MotionGridSink;
import io.nightjar.analytics.motion.Box;
import io.nightjar.analytics.motion.LightChangeDetector;
import io.nightjar.analytics.motion.MotionDetector;
import io.nightjar.analytics.motion.MotionGrid;
import io.nightjar.analytics.motion.MotionResult;
import io.nightjar.analytics.tamper.TamperDetector;
import io.nightjar.recorder.stats.Counter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything analytics does for one camera, on decoded frames in wall-clock time: motion (with
 * hysteresis, per camera and per zone), the per-second motion grid, light changes (which suppress
 * motion and recalibrate it), tampering and unusual activity. Events go to the sink in order.
 */
public final class CameraAnalyzer implements FrameAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(CameraAnalyzer.class);
    private static final long SNAPSHOT_INTERVAL_MICROS = 1_000_000L;
    private static final double ZONE_MIN_SCORE = 0.005;

    public final Counter framesAnalysed = new Counter();
    public final Counter decodeErrorCount = new Counter();

    private final String camera;
    private final AnalyticsSettings settings;
    private final EventSink events;
    private final MotionGridSink grids;
    private final LongConsumer latencyNanos;
    private final VideoDecoder decoder;
    private final MotionDetector motion;
    private final LightChangeDetector light = new LightChangeDetector();
    private final TamperDetector tamper;
    private final UnusualActivityDetector unusual;
    private final Track cameraTrack;
    private final Map<String, Track> zoneTracks = new LinkedHashMap<>();
    private final Map<String, AnalyticsEvent> openTamper = new LinkedHashMap<>();
    private AnalyticsEvent lightEvent;
    private boolean wasDisturbed;
    private AnalyticsEvent unusualEvent;
    private long lastWall = Long.MIN_VALUE;
    private long lastAnalysed = Long.MIN_VALUE;
    private long gridSecond = Long.MIN_VALUE;
    private byte[] secondGrid = new byte[MotionGrid.BYTES];
    private boolean secondMotion;
    private boolean waitForKey;
    private long arrivalNanos;

    public CameraAnalyzer(String camera, AnalyticsSettings settings, EventSink events, MotionGridSink grids,
                          ActivityBaseline baseline, LongConsumer latencyNanos) {
        this.camera = camera;
        this.settings = settings;
        this.events = events;
        this.grids = grids;
        this.latencyNanos = latencyNanos;
        this.decoder = new VideoDecoder(settings.analysisWidth());
        this.motion = new MotionDetector(settings.motion());
        this.tamper = new TamperDetector(settings.tamper());
        this.unusual = new UnusualActivityDetector(baseline, settings.unusualDeviations(), settings.unusualMinSamples());
        this.cameraTrack = new Track(null);
        for (String z : settings.motion().zones().keySet()) {
            zoneTracks.put(z, new Track(z));
        }
    }

    public AnalyticsSettings settings() {
        return settings;
    }

    @Override
    public void accept(QueuedFrame f) {
        if (f.afterDrop()) {
            decoder.flush();
            waitForKey = true;
        }
        if (waitForKey && !f.key()) {
            return;
        }
        if (settings.keyframesOnly() && !f.key()) {
            return;
        }
        waitForKey = false;
        arrivalNanos = f.arrivalNanos();
        try {
            decoder.decode(f.payload(), f.pts90k(), f.wallMicros(), f.key(), f.config(), this::analyse);
        } catch (DecodeException e) {
            decodeErrorCount.increment();
            waitForKey = true; // restart cleanly at the next keyframe
            LOG.debug("{}: {}", camera, e.getMessage());
        } catch (RuntimeException e) {
            decodeErrorCount.increment();
            waitForKey = true;
            LOG.warn("{}: analysis failed: {}", camera, e.toString());
        }
    }

    private void analyse(DecodedFrame f) {
        long wall = f.wallMicros();
        if (settings.maxFps() > 0 && lastAnalysed != Long.MIN_VALUE && wall - lastAnalysed < 1e6 / settings.maxFps() - 2000) {
            return;
        }
        double dt = lastAnalysed == Long.MIN_VALUE ? 0.1 : Math.max(0.01, Math.min(5.0, (wall - lastAnalysed) / 1e6));
        lastAnalysed = wall;
        lastWall = wall;
        framesAnalysed.increment();
        double mean;
        try (Scalar s = opencv_core.mean(f.luma())) {
            mean = s.get(0);
        }
        MotionResult m = motion.detect(f.luma(), dt);
        tamper.update(f.luma(), wall, light.monochrome(), light.active(), dt, (type, started, score, since) -> {
            if (started) {
                openTamper.put(type, open(type, since, score, null, null, null, true));
            } else {
                AnalyticsEvent e = openTamper.remove(type);
                if (e != null) {
                    emit(e.closed(wall));
                }
            }
        });
        // The background is relearnt whenever the picture starts or stops being interfered with
        // (covered, defocused, moved; pending or confirmed): against a background of before, the
        // restored view would read as motion over most of the picture for seconds.
        if (tamper.disturbed() != wasDisturbed) {
            wasDisturbed = tamper.disturbed();
            motion.recalibrate();
        }
        // A moved camera changes the picture globally, and a covered lens darkens it: neither is a light change.
        boolean global = m.globalChange() && !tamper.moving();
        LightChangeDetector.Transition lt = (tamper.moving() || tamper.covering()) && !light.active() ? LightChangeDetector.Transition.NONE
                : light.update(wall, mean, f.colourfulness(), global);
        switch (lt) {
            case STARTED:
                motion.recalibrate();
                lightEvent = open(AnalyticsEvent.LIGHT_CHANGE, wall, Math.min(1, light.magnitude() / 100), null, null,
                        light.cause() + (light.monochrome() ? ", now monochrome (IR)" : ""), true);
                break;
            case ENDED:
                motion.recalibrate();
                if (lightEvent != null) {
                    emit(new AnalyticsEvent(lightEvent.id(), camera, lightEvent.type(), lightEvent.startMicros(), wall,
                            Math.min(1, light.magnitude() / 100), null, null, lightEvent.snapshot(),
                            String.format(Locale.ROOT, "%s, brightness changed by %.0f levels", light.cause(), light.magnitude())));
                    lightEvent = null;
                }
                break;
            default:
                break;
        }
        boolean moving = m.motion() && !light.active() && !tamper.disturbed();
        cameraTrack.update(moving, m.score(), m.box(), wall);
        for (Map.Entry<String, Track> z : zoneTracks.entrySet()) {
            double zs = m.zoneScores().getOrDefault(z.getKey(), 0.0);
            z.getValue().update(moving && zs > ZONE_MIN_SCORE, zs, m.box(), wall);
        }
        second(wall, moving ? m.grid() : null);
    }

    /** Accumulates the motion grid of the current wall-clock second and feeds unusual activity. */
    private void second(long wall, byte[] grid) {
        long s = Math.floorDiv(wall, 1_000_000L);
        if (s != gridSecond) {
            if (gridSecond != Long.MIN_VALUE) {
                if (secondMotion) {
                    grids.accept(camera, gridSecond, secondGrid);
                    secondGrid = new byte[MotionGrid.BYTES];
                }
                unusual.second(gridSecond * 1_000_000L, secondMotion, this::unusualChange);
            }
            gridSecond = s;
            secondMotion = false;
        }
        if (grid != null && MotionGrid.any(grid)) {
            MotionGrid.or(secondGrid, grid);
            secondMotion = true;
        }
    }

    private void unusualChange(boolean started, double deviations, double activity, long minuteStart) {
        String detail = String.format(Locale.ROOT, "activity %.0f%% of the minute, %.1f standard deviations from this hour's usual",
                activity * 100, deviations);
        if (started) {
            unusualEvent = open(AnalyticsEvent.UNUSUAL_ACTIVITY, minuteStart, Math.abs(deviations), null, null, detail, false);
        } else if (unusualEvent != null) {
            emit(new AnalyticsEvent(unusualEvent.id(), camera, unusualEvent.type(), unusualEvent.startMicros(), minuteStart,
                    unusualEvent.score(), null, null, null, unusualEvent.detail()));
            unusualEvent = null;
        }
    }

    private AnalyticsEvent open(String type, long start, double score, String zone, Box box, String detail, boolean snapshot) {
        AnalyticsEvent e = new AnalyticsEvent(EventIds.next(), camera, type, start, null, score, zone, box,
                snapshot ? decoder.snapshotJpeg(640, 80) : null, detail);
        emit(e);
        latencyNanos.accept(System.nanoTime() - arrivalNanos);
        return e;
    }

    private void emit(AnalyticsEvent e) {
        events.accept(e);
    }

    @Override
    public void offline() {
        if (lastWall == Long.MIN_VALUE) {
            return;
        }
        cameraTrack.close(lastWall);
        for (Track t : zoneTracks.values()) {
            t.close(lastWall);
        }
        for (AnalyticsEvent e : openTamper.values()) {
            emit(e.closed(lastWall));
        }
        openTamper.clear();
        if (lightEvent != null) {
            emit(lightEvent.closed(lastWall));
            lightEvent = null;
        }
        if (unusualEvent != null) {
            emit(unusualEvent.closed(lastWall));
            unusualEvent = null;
        }
    }

    @Override
    public long decodeErrors() {
        return decodeErrorCount.get();
    }

    @Override
    public long framesAnalysed() {
        return framesAnalysed.get();
    }

    @Override
    public void close() {
        decoder.close();
        motion.close();
        tamper.close();
    }

    /** Motion event hysteresis for the camera or one zone. */
    private final class Track {
        private final String zone;
        private int consecutive;
        private long streakStart;
        private long lastMotion;
        private AnalyticsEvent open;
        private double peak;
        private Box box;
        private Box streakBox;
        private byte[] snapshot;
        private long lastSnapshot;

        Track(String zone) {
            this.zone = zone;
        }

        void update(boolean moving, double score, Box b, long wall) {
            if (moving) {
                if (consecutive == 0) {
                    streakStart = wall;
                    streakBox = null;
                }
                consecutive++;
                lastMotion = wall;
                streakBox = b == null ? streakBox : b.union(streakBox);
                if (open == null && consecutive >= settings.motion().startFrames()) {
                    peak = score;
                    box = streakBox;
                    snapshot = decoder.snapshotJpeg(640, 80);
                    lastSnapshot = wall;
                    open = new AnalyticsEvent(EventIds.next(), camera, AnalyticsEvent.MOTION, streakStart, null, score, zone, box,
                            snapshot, null);
                    emit(open);
                    latencyNanos.accept(System.nanoTime() - arrivalNanos);
                } else if (open != null) {
                    box = b == null ? box : b.union(box);
                    if (score > peak) {
                        peak = score;
                        if (wall - lastSnapshot >= SNAPSHOT_INTERVAL_MICROS) {
                            snapshot = decoder.snapshotJpeg(640, 80);
                            lastSnapshot = wall;
                        }
                    }
                }
                return;
            }
            consecutive = 0;
            if (open != null && wall - lastMotion >= settings.motion().endSeconds() * 1e6) {
                close(lastMotion);
            }
        }

        void close(long end) {
            if (open == null) {
                return;
            }
            emit(new AnalyticsEvent(open.id(), camera, open.type(), open.startMicros(), Math.max(end, open.startMicros()), peak, zone,
                    box, snapshot, null));
            open = null;
            consecutive = 0;
        }
    }
}
