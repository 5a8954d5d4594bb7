package io.nightjar.recorder.camera;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.nightjar.recorder.media.rtp.DepacketizerStats;
import io.nightjar.recorder.ingest.StreamMetrics;
import io.nightjar.recorder.ingest.StreamPublisher;
import io.nightjar.recorder.memory.Priority;
import io.nightjar.recorder.ingest.TrackReceiver;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.FrameSink;
import io.nightjar.recorder.rtsp.MediaTrack;
import io.nightjar.recorder.rtsp.RtspFailure;
import io.nightjar.recorder.rtsp.RtspSession;
import io.nightjar.recorder.time.MicrosClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one camera stream connected and publishing into the ring.
 *
 * <p>States: {@code CONNECTING} (a session is being set up), {@code STREAMING} (PLAY succeeded),
 * {@code BACKING_OFF} (waiting before the next attempt, with the last error in words),
 * {@code STOPPED}. Failures back off exponentially with jitter from 1 s to 30 s. The backoff counts
 * failed attempts, not uptime: a session that streamed frames resets it, so a camera that drops
 * and answers again is reconnected after the base delay (about 1 s) however often it drops; a
 * camera that keeps refusing, or accepts PLAY and sends nothing, backs off to the cap. While
 * streaming, no frame for {@link #STALL_MILLIS} ends the
 * session as stalled (the session itself ends on a 10 s read timeout over TCP).
 *
 * <p>All state changes happen on one event loop, which also carries the camera's connection.
 */
public final class CameraSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSupervisor.class);
    static final long STALL_MILLIS = 10_000;

    /** Supervision states. */
    public enum State { CONNECTING, STREAMING, BACKING_OFF, STOPPED }

    private final CameraSource source;
    private final EventLoop loop;
    private final StreamPublisher publisher;
    private final Backoff backoff;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private volatile State state = State.STOPPED;
    private volatile long sinceMillis = System.currentTimeMillis();
    private volatile String lastError;
    private volatile RtspFailure lastFailure;
    private volatile RtspSession session;
    private volatile long reconnects;
    private volatile long sessions;

    // Totals of finished sessions; the live session's figures are added on read.
    private volatile long packetsReceived;
    private volatile long packetsLost;
    private volatile long packetsReordered;
    private volatile long packetsDuplicated;
    private volatile long depacketizerErrors;
    private volatile long allocationFailures;

    private long streamingSinceNanos;
    private boolean stopRequested;
    private ScheduledFuture<?> stallCheck;
    private ScheduledFuture<?> retry;

    public CameraSupervisor(CameraSource source, EventLoopGroup group, FrameSink sink, MicrosClock clock, Backoff backoff) {
        this(source, group, sink, clock, backoff, Priority.NORMAL);
    }

    /**
     * @param priority the camera's claim on the sink's footage budget under overload (lower sheds first)
     */
    public CameraSupervisor(CameraSource source, EventLoopGroup group, FrameSink sink, MicrosClock clock, Backoff backoff,
                            Priority priority) {
        this.source = source;
        this.loop = group.next();
        this.publisher = new StreamPublisher(source.stream(), sink, clock, sink.budget(), priority);
        this.backoff = backoff;
    }

    public CameraSource source() {
        return source;
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    /** Why the last session ended, as a kind a program can act on (null before any failure or after a plain end). */
    public RtspFailure lastFailure() {
        return lastFailure;
    }

    public StreamMetrics metrics() {
        return publisher.metrics();
    }

    /** Starts supervising; the first connection attempt begins at once. */
    public void start() {
        loop.execute(() -> {
            if (stopRequested || state != State.STOPPED) {
                return;
            }
            stallCheck = loop.scheduleAtFixedRate(this::checkStall, 1, 1, TimeUnit.SECONDS);
            connect();
        });
    }

    /** Stops: tears down the session, releases anything pending; completes when done. */
    public CompletableFuture<Void> stop() {
        loop.execute(() -> {
            stopRequested = true;
            if (retry != null) {
                retry.cancel(false);
            }
            if (stallCheck != null) {
                stallCheck.cancel(false);
            }
            RtspSession s = session;
            if (s != null) {
                s.stop(); // onClosed completes the stop
            } else {
                finishStop();
            }
        });
        return stopped;
    }

    private void connect() {
        setState(State.CONNECTING);
        RtspSession s = new RtspSession(loop, source.url(), source.credentials(), source.options(),
                this::sinkFor, new SessionListener());
        session = s;
        if (sessions++ > 0) {
            reconnects++;
        }
        s.start();
    }

    /** One video track per camera stream: the first supported one. */
    private StreamPublisher sinkFor(MediaTrack track, int ordinal) {
        return ordinal == 0 ? publisher : null;
    }

    private final class SessionListener implements RtspSession.Listener {
        @Override
        public void onPlaying(RtspSession s) {
            loop.execute(() -> {
                if (s != session) {
                    return;
                }
                streamingSinceNanos = System.nanoTime();
                setState(State.STREAMING);
                LOG.info("{}: streaming {} over {} ({})", source.stream(), s.tracks(), s.transport(), s.authScheme());
            });
        }

        @Override
        public void onClosed(RtspSession s, RtspFailure failure) {
            loop.execute(() -> onSessionClosed(s, failure));
        }
    }

    private void onSessionClosed(RtspSession s, RtspFailure failure) {
        if (s != session) {
            return;
        }
        accumulate(s);
        session = null;
        if (stopRequested) {
            finishStop();
            return;
        }
        if (state == State.STREAMING && publisher.metrics().lastFrameNanos() > streamingSinceNanos) {
            backoff.reset(); // it answered and streamed: this is its first failure, not one more
        }
        lastFailure = failure;
        lastError = failure == null ? "session ended" : failure.toString();
        long delay = backoff.nextDelayMillis();
        LOG.warn("{}: {}; reconnecting in {} ms", source.stream(), lastError, delay);
        setState(State.BACKING_OFF);
        retry = loop.schedule(() -> {
            if (!stopRequested) {
                connect();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void checkStall() {
        RtspSession s = session;
        if (state != State.STREAMING || s == null) {
            return;
        }
        long last = Math.max(publisher.metrics().lastFrameNanos(), streamingSinceNanos);
        long idleMillis = (System.nanoTime() - last) / 1_000_000L;
        if (idleMillis >= STALL_MILLIS) {
            s.abort(new RtspFailure(RtspFailure.Kind.STALLED, "no frames for " + idleMillis / 1000 + " s while streaming"));
        }
    }

    private void finishStop() {
        publisher.close();
        setState(State.STOPPED);
        stopped.complete(null);
    }

    private void setState(State s) {
        state = s;
        sinceMillis = System.currentTimeMillis();
    }

    private void accumulate(RtspSession s) {
        for (TrackReceiver r : s.receivers()) {
            packetsReceived += r.sequence.received.get();
            packetsLost += r.sequence.lost.get();
            packetsReordered += r.sequence.reordered.get();
            packetsDuplicated += r.sequence.duplicates.get();
            depacketizerErrors += r.depacketizer().stats().errors();
            allocationFailures += r.depacketizer().stats().allocationFailures.get();
        }
    }

    /** A consistent-enough snapshot for the API and metrics (read from any thread). */
    public CameraHealth health() {
        long rx = packetsReceived;
        long lost = packetsLost;
        long reordered = packetsReordered;
        long dup = packetsDuplicated;
        long errors = depacketizerErrors;
        long allocationFailures = this.allocationFailures;
        RtspSession s = session;
        String transport = source.options().transport().name();
        String auth = null;
        String server = null;
        String tool = null;
        double declared = 0;
        if (s != null) {
            for (TrackReceiver r : s.receivers()) {
                rx += r.sequence.received.get();
                lost += r.sequence.lost.get();
                reordered += r.sequence.reordered.get();
                dup += r.sequence.duplicates.get();
                DepacketizerStats d = r.depacketizer().stats();
                errors += d.errors();
                allocationFailures += d.allocationFailures.get();
            }
            transport = s.transport().name();
            auth = s.authScheme();
            server = s.server();
            tool = s.tool();
            for (MediaTrack t : s.tracks()) {
                declared = t.sdpFramerate();
            }
        }
        StreamMetrics m = publisher.metrics();
        CodecConfig c = m.config();
        if (c != null && c.declaredFps() > 0) {
            declared = c.declaredFps();
        }
        return new CameraHealth(source.stream().toString(), state, sinceMillis, lastError, reconnects, m.fps(), declared,
                m.bitrate(), m.gopFrames(), m.frames.get(), m.bytes.get(), rx, lost, reordered, dup, errors,
                m.ringStalls.get(), c == null ? null : c.codec().name(), c == null ? null : c.codecString(),
                c == null ? 0 : c.width(), c == null ? 0 : c.height(), transport, auth, server, tool,
                new CameraHealth.Shedding(publisher.priority(), m.shedding(), m.shedding() ? m.sheddingSinceMillis() : 0,
                        m.droppedMemory.get(), m.droppedMemoryBytes.get(), m.shedEpisodes.get(), m.droppedRingFull.get(),
                        allocationFailures),
                new CameraHealth.Clock(publisher.wallClock().runs.get(), publisher.wallClock().jumps.get(),
                        publisher.wallClock().reanchors.get(), publisher.wallClock().lateFrames.get()));
    }
}
