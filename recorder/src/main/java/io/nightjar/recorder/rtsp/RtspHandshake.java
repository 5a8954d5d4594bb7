package io.nightjar.recorder.rtsp;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.nightjar.recorder.rtsp.RtspClientOptions.Transport;
import io.nightjar.recorder.sdp.SdpParseException;
import io.nightjar.recorder.sdp.SdpParser;
import io.nightjar.recorder.sdp.SessionDescription;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One connection's handshake with a camera, as a state machine driven by replies: OPTIONS, then
 * DESCRIBE (the SDP chooses the tracks), one SETUP per track (interleaved channels or a UDP port
 * pair), then PLAY. Each step is sent when the previous one's reply arrived; each reply either
 * moves the session to its next {@link SessionState} or ends it with an {@link RtspFailure} that
 * says which step failed and why. What it learns on the way (the session id and timeout, the
 * control URLs, whether GET_PARAMETER works as a keep-alive) is kept here for the rest of the
 * session. A fallback from UDP to TCP starts a new handshake on a new connection.
 *
 * <p>Runs on the connection's event loop; never blocks.
 */
final class RtspHandshake {
    /** What a handshake needs from its session. */
    interface Steps {
        /** Moves the session to {@code next} (a step the state machine allows). */
        void moveTo(SessionState next);

        /** Sends a request; {@code onReply} gets its (final) reply. */
        void send(HttpMethod method, String uri, Map<String, String> headers, Consumer<FullHttpResponse> onReply, boolean optional);

        /** The transport this connection uses. */
        Transport transport();

        /**
         * Opens the tracks to record from the camera's description (their receivers and sinks) and
         * returns their transports in SETUP order; empty when the camera offers nothing recordable.
         */
        List<TrackTransport> openTracks(SessionDescription sdp, String baseUrl);

        /** Binds {@code t}'s UDP port pair; the callback gets whether it worked. */
        void bindUdp(TrackTransport t, Consumer<Boolean> bound);

        /** Routes interleaved channels {@code rtp} and {@code rtcp} to {@code t}. */
        void mapChannels(TrackTransport t, int rtp, int rtcp);

        /** UDP cannot be used: retry the session over TCP. */
        void fallBackToTcp(String why);

        /** Ends the session (with TEARDOWN when a session exists). */
        void fail(RtspFailure failure);

        /** A handled oddity worth telling a technician. */
        void problem(String what);

        /** PLAY was answered: media flows. */
        void playing();
    }

    private final RtspUrl url;
    private final Steps steps;
    private final io.nightjar.recorder.stats.Counter sessionIdChanges;
    private boolean getParameterSupported;
    private String baseUrl;
    private String sessionControlUrl;
    private volatile String tool; // read by diagnostics from other threads
    private SessionHeader session;
    private List<TrackTransport> tracks = List.of();
    private int setupIndex;

    RtspHandshake(RtspUrl url, Steps steps, io.nightjar.recorder.stats.Counter sessionIdChanges) {
        this.url = url;
        this.steps = steps;
        this.sessionIdChanges = sessionIdChanges;
    }

    /** The camera's session, once a SETUP was answered; null before. */
    SessionHeader session() {
        return session;
    }

    /** The session's id, or null before the first SETUP reply. */
    String sessionId() {
        return session == null ? null : session.id();
    }

    /** Where PLAY, TEARDOWN and GET_PARAMETER go (the SDP's session-level control), or null before DESCRIBE. */
    String sessionControlUrl() {
        return sessionControlUrl;
    }

    /** The camera listed GET_PARAMETER in its OPTIONS reply (a better keep-alive than OPTIONS). */
    boolean getParameterSupported() {
        return getParameterSupported;
    }

    /** The SDP's a=tool or s= line, or null. */
    String tool() {
        return tool;
    }

    /** Starts with OPTIONS (the connection is up). */
    void begin() {
        steps.moveTo(SessionState.OPTIONS);
        steps.send(RtspMethods.OPTIONS, url.toString(), null, r -> {
            String pub = r.headers().get(RtspHeaderNames.PUBLIC);
            getParameterSupported = pub != null && pub.toUpperCase(Locale.ROOT).contains("GET_PARAMETER");
            describe(); // some cameras answer OPTIONS with an error; DESCRIBE decides
        }, true);
    }

    private void describe() {
        steps.moveTo(SessionState.DESCRIBE);
        steps.send(RtspMethods.DESCRIBE, url.toString(), Map.of("Accept", "application/sdp"), r -> {
            if (!r.status().equals(HttpResponseStatus.OK)) {
                steps.fail(statusFailure("DESCRIBE", r));
                return;
            }
            SessionDescription sdp;
            try {
                sdp = SdpParser.parse(r.content().toString(StandardCharsets.UTF_8));
            } catch (SdpParseException e) {
                steps.fail(new RtspFailure(RtspFailure.Kind.PROTOCOL, "camera's SDP is unusable: " + e.getMessage()));
                return;
            }
            String base = firstNonBlank(r.headers().get(RtspHeaderNames.CONTENT_BASE),
                    r.headers().get(RtspHeaderNames.CONTENT_LOCATION), url.toString());
            baseUrl = RtspUrl.resolveControl(base.trim(), null);
            sessionControlUrl = RtspUrl.resolveControl(baseUrl, sdp.control());
            tool = firstNonBlank(sdp.tool(), sdp.sessionName(), null);
            tracks = steps.openTracks(sdp, baseUrl);
            if (!tracks.isEmpty()) {
                setupIndex = 0;
                setupNext();
            }
        }, false);
    }

    private void setupNext() {
        steps.moveTo(SessionState.SETUP);
        if (setupIndex >= tracks.size()) {
            play();
            return;
        }
        TrackTransport t = tracks.get(setupIndex);
        if (steps.transport() == Transport.TCP) {
            int rtp = 2 * setupIndex;
            steps.mapChannels(t, rtp, rtp + 1);
            sendSetup(t, TransportHeader.requestTcp(rtp));
        } else {
            steps.bindUdp(t, ok -> {
                if (ok) {
                    sendSetup(t, TransportHeader.requestUdp(t.udpRtpPort));
                } else {
                    steps.fallBackToTcp("could not bind local UDP ports");
                }
            });
        }
    }

    private void sendSetup(TrackTransport t, String transportHeader) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Transport", transportHeader);
        steps.send(RtspMethods.SETUP, t.track.controlUrl(), headers, r -> {
            if (r.status().code() == 461 && steps.transport() == Transport.UDP) {
                steps.fallBackToTcp("camera refused UDP (461 Unsupported Transport)");
                return;
            }
            if (!r.status().equals(HttpResponseStatus.OK)) {
                steps.fail(statusFailure("SETUP", r));
                return;
            }
            SessionHeader s = SessionHeader.parse(r.headers().get(RtspHeaderNames.SESSION));
            if (s == null && session == null) {
                steps.fail(new RtspFailure(RtspFailure.Kind.PROTOCOL, "SETUP reply has no Session header"));
                return;
            }
            if (s != null) {
                if (session != null && !session.id().equals(s.id())) {
                    sessionIdChanges.increment();
                    steps.problem("camera changed the session id between SETUPs; using the newest");
                }
                session = s;
            }
            TransportHeader th = TransportHeader.parse(r.headers().get(RtspHeaderNames.TRANSPORT));
            if (th.ssrc() >= 0) {
                t.receiver.announceSsrc(th.ssrc());
            }
            if (steps.transport() == Transport.TCP) {
                if (th.interleavedRtp() >= 0 && th.interleavedRtp() <= 254) {
                    int rtcp = th.interleavedRtcp() >= 0 && th.interleavedRtcp() <= 255 ? th.interleavedRtcp() : th.interleavedRtp() + 1;
                    steps.mapChannels(t, th.interleavedRtp(), rtcp); // the camera's choice of channels wins
                }
            } else {
                t.serverRtcpPort = th.serverRtcpPort() > 0 ? th.serverRtcpPort() : (th.serverRtpPort() > 0 ? th.serverRtpPort() + 1 : -1);
            }
            setupIndex++;
            setupNext();
        }, false);
    }

    private void play() {
        steps.moveTo(SessionState.PLAY);
        steps.send(RtspMethods.PLAY, sessionControlUrl, Map.of("Range", "npt=0.000-"), r -> {
            if (!r.status().equals(HttpResponseStatus.OK)) {
                steps.fail(statusFailure("PLAY", r));
                return;
            }
            SessionHeader s = SessionHeader.parse(r.headers().get(RtspHeaderNames.SESSION));
            if (s != null && s.id().equals(session.id()) && s.timeoutSeconds() != SessionHeader.DEFAULT_TIMEOUT_SECONDS) {
                session = s;
            }
            List<RtpInfo.Entry> info = RtpInfo.parse(r.headers().get(RtspHeaderNames.RTP_INFO));
            for (int i = 0; i < tracks.size(); i++) {
                TrackTransport t = tracks.get(i);
                RtpInfo.Entry e = RtpInfo.forTrack(info, t.track.controlUrl(), i);
                if (e != null && e.ssrc() >= 0) {
                    t.receiver.announceSsrc(e.ssrc());
                }
            }
            steps.moveTo(SessionState.PLAYING);
            steps.playing();
        }, false);
    }

    /** The failure a step's non-OK reply means, in a technician's words. */
    RtspFailure statusFailure(String method, FullHttpResponse r) {
        int code = r.status().code();
        RtspFailure.Kind kind = code == 404 ? RtspFailure.Kind.NOT_FOUND
                : code == 461 ? RtspFailure.Kind.TRANSPORT
                : code >= 500 ? RtspFailure.Kind.SERVER_ERROR : RtspFailure.Kind.PROTOCOL;
        String what = code == 404 ? "the stream " + url.pathAndQuery() + " does not exist on this camera (" + method + " answered 404 Not Found)"
                : method + " answered " + code + " " + r.status().reasonPhrase();
        return new RtspFailure(kind, what);
    }

    private static String firstNonBlank(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return c;
    }
}
