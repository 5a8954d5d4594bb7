package io.nightjar.recorder.probe;

import io.netty.channel.EventLoopGroup;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.ingest.StreamMetrics;
import io.nightjar.recorder.ingest.StreamPublisher;
import io.nightjar.recorder.ingest.TrackReceiver;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.FrameSink;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.MediaTrack;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspFailure;
import io.nightjar.recorder.rtsp.RtspSession;
import io.nightjar.recorder.rtsp.RtspUrl;
import io.nightjar.recorder.rtsp.SessionOutcome;
import io.nightjar.recorder.time.MicrosClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connects to a camera once (no retries), streams for a while without recording, and reports.
 */
public final class Probe {
    private Probe() {
    }

    /**
     * @param seconds how long to stream after PLAY
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public static ProbeReport run(EventLoopGroup group, RtspUrl url, Credentials credentials, RtspClientOptions options,
                                  int seconds) throws InterruptedException {
        long startNanos = System.nanoTime();
        AtomicLong firstFrameNanos = new AtomicLong();
        FrameRate rate = new FrameRate();
        FrameSink counting = (stream, number, frame) -> {
            firstFrameNanos.compareAndSet(0, System.nanoTime());
            synchronized (rate) {
                rate.add(frame.pts90k(), frame.payload().readableBytes());
            }
            frame.payload().release();
            return true;
        };
        StreamPublisher publisher = new StreamPublisher(StreamRef.main("probe"), counting, MicrosClock.SYSTEM);
        SessionOutcome outcome = new SessionOutcome();
        CompletableFuture<RtspFailure> closed = outcome.closed();
        CompletableFuture<Boolean> playing = outcome.playing();
        RtspSession session = new RtspSession(group.next(), url, credentials, options,
                (track, ordinal) -> ordinal == 0 ? publisher : null, outcome);
        session.start();
        long setupLimit = (long) options.connectTimeoutMillis() + 4L * options.requestTimeoutMillis() + 2_000;
        try {
            playing.get(setupLimit, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            session.abort(new RtspFailure(RtspFailure.Kind.TIMEOUT, "no PLAY within " + setupLimit / 1000 + " s"));
        }
        RtspFailure failure = closed.getNow(null);
        if (failure == null && !closed.isDone()) {
            try {
                failure = closed.get(seconds, TimeUnit.SECONDS); // a failure while streaming ends the probe early
            } catch (TimeoutException e) {
                failure = null;
            } catch (ExecutionException e) {
                failure = new RtspFailure(RtspFailure.Kind.PROTOCOL, String.valueOf(e.getCause()));
            }
        }
        StreamMetrics m = publisher.metrics();
        if (failure == null && m.frames.get() == 0) {
            failure = new RtspFailure(RtspFailure.Kind.TIMEOUT, "PLAY succeeded but no frame arrived within " + seconds + " s");
        }
        // Collect figures before tearing down.
        long lost = 0;
        long received = 0;
        List<String> notes = new ArrayList<>();
        for (TrackReceiver r : session.receivers()) {
            lost += r.sequence.lost.get();
            received += r.sequence.received.get();
            if (r.ssrcChanges.get() > 0) {
                notes.add("SSRC changed " + r.ssrcChanges.get() + " time(s) mid-stream");
            }
            if (r.depacketizer().stats().errors() > 0) {
                notes.add("depacketizer: " + r.depacketizer().stats());
            }
        }
        if (session.lastProblem() != null && failure == null) {
            notes.add(session.lastProblem());
        }
        List<String> tracks = new ArrayList<>();
        for (MediaTrack t : session.tracks()) {
            tracks.add(t.codec() + " (pt " + t.payloadType() + ")");
        }
        for (String u : session.unsupportedTracks()) {
            tracks.add(u + " (not recorded)");
        }
        CodecConfig c = m.config();
        double declared = c != null ? c.declaredFps() : 0;
        if (declared == 0) {
            for (MediaTrack t : session.tracks()) {
                declared = t.sdpFramerate();
            }
        }
        double measuredFps;
        double bitrate;
        long measuredFrames;
        double span;
        synchronized (rate) {
            measuredFps = rate.fps();
            bitrate = rate.bitsPerSecond();
            measuredFrames = rate.frames();
            span = rate.spanSeconds();
        }
        long ff = firstFrameNanos.get();
        ProbeReport report = new ProbeReport(url.toString(), failure, session.transport().name(), session.authScheme(),
                session.server(), session.tool(), tracks, c == null ? "(none)" : c.codec() + " " + c.codecString(),
                c == null ? 0 : c.width(), c == null ? 0 : c.height(), measuredFps, declared, m.gopFrames(), bitrate,
                measuredFrames, span, lost, received, ff == 0 ? -1 : (ff - startNanos) / 1_000_000L, notes);
        session.stop();
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the report is complete; teardown is best effort
        }
        return report;
    }
}
