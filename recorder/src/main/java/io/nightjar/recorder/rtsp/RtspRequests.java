package io.nightjar.recorder.rtsp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import io.nightjar.recorder.auth.Authenticator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The requests of one RTSP client connection and their replies: CSeq numbering, the User-Agent,
 * Session and Authorization headers, a timeout per request that matters, replies matched by CSeq
 * (to the oldest request when a camera leaves it out), and after a 401 one retry answering the new
 * challenge (a keep-alive's rejection never ends the session). What the session does with a reply
 * or a failure stays with the session ({@link Session}). Used on the connection's event loop only.
 */
final class RtspRequests {
    /** What the requests need from, and tell, their session. */
    interface Session {
        /** The Session header's id for requests, or null before the first SETUP reply. */
        String sessionId();

        /** Whether the session is playing (a rejected keep-alive is then not fatal). */
        boolean playing();

        /** No reply to {@code method} in time: the failure to end the session with. */
        RtspFailure timedOut(HttpMethod method);

        /** Ends the session ({@code teardown}: send TEARDOWN first). */
        void fail(RtspFailure failure, boolean teardown);
    }

    private final RtspClientOptions options;
    private final Authenticator authenticator;
    private final Session session;
    private final Map<Integer, Pending> pending = new LinkedHashMap<>();
    private Channel channel;
    private int cseq;

    RtspRequests(RtspClientOptions options, Authenticator authenticator, Session session) {
        this.options = options;
        this.authenticator = authenticator;
        this.session = session;
    }

    /** The connection requests go on from now (a new one after falling back to TCP). */
    void on(Channel channel) {
        this.channel = channel;
    }

    /**
     * Sends a request; {@code onReply} gets its reply unless the reply is a 401 that is retried or
     * ends the session. An {@code optional} request (keep-alive) has no timeout.
     */
    void send(HttpMethod method, String uri, Map<String, String> headers, Consumer<FullHttpResponse> onReply, boolean optional) {
        int seq = ++cseq;
        DefaultFullHttpRequest req = request(method, uri, seq);
        if (headers != null) {
            headers.forEach((k, v) -> req.headers().set(k, v));
        }
        Pending p = new Pending(method, uri, headers, onReply, optional);
        if (!optional) {
            p.timeout = channel.eventLoop().schedule(() -> {
                if (pending.remove(seq) != null) {
                    session.fail(session.timedOut(method), true);
                }
            }, options.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
        pending.put(seq, p);
        channel.writeAndFlush(req).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                session.fail(new RtspFailure(RtspFailure.Kind.CLOSED, "could not send " + method + ": " + f.cause()), false);
            }
        });
    }

    /** Sends a request whose reply nobody waits for (TEARDOWN on the way out). */
    void sendAndForget(HttpMethod method, String uri) {
        channel.writeAndFlush(request(method, uri, ++cseq));
    }

    private DefaultFullHttpRequest request(HttpMethod method, String uri, int seq) {
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri, Unpooled.EMPTY_BUFFER);
        req.headers().set(RtspHeaderNames.CSEQ, seq);
        req.headers().set(RtspHeaderNames.USER_AGENT, options.userAgent());
        String id = session.sessionId();
        if (id != null) {
            req.headers().set(RtspHeaderNames.SESSION, id);
        }
        String auth = authenticator.authorization(method.name(), uri);
        if (auth != null) {
            req.headers().set(RtspHeaderNames.AUTHORIZATION, auth);
        }
        return req;
    }

    /** An RTSP reply from the camera: to its request's callback, or retried with credentials after a 401. */
    void onReply(FullHttpResponse r) {
        Pending p = null;
        int seq = -1;
        String cseqHeader = r.headers().get(RtspHeaderNames.CSEQ);
        if (cseqHeader != null) {
            try {
                seq = Integer.parseInt(cseqHeader.trim());
            } catch (NumberFormatException e) {
                seq = -1;
            }
        }
        if (seq >= 0) {
            p = pending.remove(seq);
        } else if (!pending.isEmpty()) {
            seq = pending.keySet().iterator().next(); // no CSeq: answer to the oldest request
            p = pending.remove(seq);
        }
        if (p == null) {
            return; // a late keepalive reply, or one to a request we gave up on
        }
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        if (r.status().code() == 401) {
            unauthorized(p, r);
            return;
        }
        if (r.status().code() < 400) {
            authenticator.onAccepted();
        }
        p.onReply.accept(r);
    }

    private void unauthorized(Pending p, FullHttpResponse r) {
        if (p.optional && session.playing()) {
            // A keepalive rejected: try answering the new challenge once; the stream is not at stake.
            if (authenticator.onUnauthorized(r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE)) == Authenticator.Outcome.RETRY) {
                send(p.method, p.uri, p.headers, p.onReply, true);
            }
            return;
        }
        switch (authenticator.onUnauthorized(r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE))) {
            case RETRY:
                send(p.method, p.uri, p.headers, p.onReply, p.optional);
                break;
            case REJECTED:
                session.fail(new RtspFailure(RtspFailure.Kind.AUTH_REJECTED, "401 Unauthorized: the camera rejected the user name or password ("
                        + authenticator.scheme() + ")"), true);
                break;
            case NO_CREDENTIALS:
                session.fail(new RtspFailure(RtspFailure.Kind.AUTH_REQUIRED, "401 Unauthorized: the camera requires a user name and password"), true);
                break;
            default:
                session.fail(new RtspFailure(RtspFailure.Kind.AUTH_REJECTED, "401 Unauthorized with no supported authentication scheme ("
                        + String.join(" | ", r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE)).replaceAll("(?i)nonce=\"[^\"]*\"", "nonce=...") + ")"), true);
                break;
        }
    }

    /** Forgets every request waiting for a reply (the session ends, or starts again over TCP). */
    void forgetPending() {
        for (Pending p : pending.values()) {
            if (p.timeout != null) {
                p.timeout.cancel(false);
            }
        }
        pending.clear();
    }

    private static final class Pending {
        final HttpMethod method;
        final String uri;
        final Map<String, String> headers;
        final Consumer<FullHttpResponse> onReply;
        final boolean optional;
        ScheduledFuture<?> timeout;

        Pending(HttpMethod method, String uri, Map<String, String> headers, Consumer<FullHttpResponse> onReply, boolean optional) {
            this.method = method;
            this.uri = uri;
            this.headers = headers;
            this.onReply = onReply;
            this.optional = optional;
        }
    }
}
