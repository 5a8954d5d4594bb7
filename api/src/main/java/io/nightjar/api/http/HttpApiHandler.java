package io.nightjar.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedNioFile;
import io.nightjar.api.auth.Principal;
import io.nightjar.api.auth.UserStore;
import io.nightjar.storage.StorageException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the routes of a {@link Router}: authenticates (Bearer session or API token, Basic,
 * session cookie, or {@code ?token=} for players that cannot set headers), authorises by role and
 * camera, runs the handler (on an executor group off the event loops), and writes the response:
 * JSON, or parts with HTTP Range support where file regions go out zero-copy. Every failure is a
 * JSON {@code {"error": "..."}} with a 4xx status; unexpected ones are a 500 without details (they
 * are logged).
 */
@ChannelHandler.Sharable
public final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);
    public static final String SESSION_COOKIE = "nightjar_session";

    private final Router router;
    private final UserStore users;
    private final StaticFiles staticFiles;

    public HttpApiHandler(Router router, UserStore users, StaticFiles staticFiles) {
        this.router = router;
        this.users = users;
        this.staticFiles = staticFiles;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            write(ctx, req, error(400, "malformed HTTP request"), false);
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String path = qs.path();
        String method = req.method().name();
        Response response;
        try {
            response = dispatch(ctx, req, method, path, qs);
        } catch (ApiException e) {
            response = error(e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            response = error(400, e.getMessage());
        } catch (NoSuchElementException e) {
            response = error(404, e.getMessage());
        } catch (IllegalStateException e) {
            response = error(409, e.getMessage());
        } catch (StorageException e) {
            response = error(e.getMessage() != null && e.getMessage().startsWith("no ") ? 404 : 500, e.getMessage());
        } catch (Exception e) {
            LOG.error("{} {} failed", method, path, e);
            response = error(500, "internal error (the server log has the details)");
        }
        if (!(response instanceof Response.Handled)) {
            write(ctx, req, response, keepAlive);
        }
    }

    private Response dispatch(ChannelHandlerContext ctx, FullHttpRequest req, String method, String path, QueryStringDecoder qs)
            throws Exception {
        boolean[] wrongMethod = {false};
        Router.Match match = router.match(method, path, wrongMethod);
        if (match == null) {
            if (wrongMethod[0]) {
                return error(405, method + " is not allowed on " + path);
            }
            if (staticFiles != null && method.equals("GET") && !path.startsWith("/api/")) {
                Response r = staticFiles.serve(path);
                if (r != null) {
                    return r;
                }
            }
            return error(404, "no such endpoint: " + method + " " + path);
        }
        Route route = match.route();
        Principal principal = null;
        if (route.role() != null) {
            principal = authenticate(req, qs);
            if (principal == null) {
                return new Response.JsonBody(401, Map.of("error", "authentication required: log in (POST /api/v1/auth/login) or send a token"));
            }
            if (!principal.role().atLeast(route.role())) {
                return error(403, "your role (" + principal.role() + ") may not " + route.summary().toLowerCase() + "; "
                        + route.role() + " or above is needed");
            }
            if (route.cameraScoped()) {
                String camera = match.params().get("id");
                if (camera != null && !principal.mayAccess(camera)) {
                    return error(403, "you have no access to camera " + camera);
                }
            }
        }
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
        return route.handler().handle(new ApiRequest(req, ctx, qs.parameters(), match.params(), principal, remote));
    }

    private Principal authenticate(FullHttpRequest req, QueryStringDecoder qs) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return users.authenticateToken(auth.substring(7).trim());
            }
            if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    if (colon > 0) {
                        return users.checkPassword(decoded.substring(0, colon), decoded.substring(colon + 1));
                    }
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            return null;
        }
        String cookies = req.headers().get(HttpHeaderNames.COOKIE);
        if (cookies != null) {
            for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) {
                if (c.name().equals(SESSION_COOKIE)) {
                    Principal p = users.authenticateToken(c.value());
                    if (p != null) {
                        return p;
                    }
                }
            }
        }
        List<String> token = qs.parameters().get("token");
        return token == null || token.isEmpty() ? null : users.authenticateToken(token.get(0));
    }

    static Response error(int status, String message) {
        return new Response.JsonBody(status, Map.of("error", message == null ? "error" : message));
    }

    /** Writes a response (any thread). */
    public static void write(ChannelHandlerContext ctx, FullHttpRequest req, Response response, boolean keepAlive) {
        if (response instanceof Response.JsonBody j) {
            byte[] body;
            try {
                body = j.body() == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(j.body());
            } catch (IOException e) {
                body = "{\"error\":\"cannot encode the response\"}".getBytes(StandardCharsets.UTF_8);
            }
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(j.status()),
                    Unpooled.wrappedBuffer(body));
            if (body.length > 0) {
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            }
            r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            finish(ctx, r, body.length, keepAlive);
            return;
        }
        if (response instanceof Response.Body b) {
            writeBody(ctx, req, b, keepAlive);
        }
    }

    private static void finish(ChannelHandlerContext ctx, FullHttpResponse r, long length, boolean keepAlive) {
        HttpUtil.setContentLength(r, length);
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void writeBody(ChannelHandlerContext ctx, FullHttpRequest req, Response.Body b, boolean keepAlive) {
        long total = b.length();
        long start = 0;
        long end = total - 1;
        int status = b.status();
        String range = req.headers().get(HttpHeaderNames.RANGE);
        if (b.ranges() && range != null && total > 0) {
            long[] r = parseRange(range, total);
            if (r == null) {
                FullHttpResponse e = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
                e.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + total);
                finish(ctx, e, 0, keepAlive);
                return;
            }
            start = r[0];
            end = r[1];
            status = 206;
        }
        long length = total == 0 ? 0 : end - start + 1;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, b.contentType());
        if (b.ranges()) {
            head.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        }
        if (status == 206) {
            head.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + total);
        }
        for (Map.Entry<String, String> h : b.headers().entrySet()) {
            head.headers().set(h.getKey(), h.getValue());
        }
        HttpUtil.setContentLength(head, length);
        if (keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (req.method().name().equals("HEAD")) {
            ChannelFuture f = ctx.writeAndFlush(head);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ctx.write(head);
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        List<RandomAccessFile> open = new ArrayList<>();
        long pos = 0;
        try {
            for (Part p : b.parts()) {
                long pStart = pos;
                long pEnd = pos + p.length(); // exclusive
                pos = pEnd;
                if (length == 0 || pEnd <= start || pStart > end) {
                    continue;
                }
                long from = Math.max(start, pStart) - pStart;
                long to = Math.min(end + 1, pEnd) - pStart;
                if (p.bytes() != null) {
                    ctx.write(Unpooled.wrappedBuffer(p.bytes(), (int) from, (int) (to - from)));
                } else {
                    RandomAccessFile raf = new RandomAccessFile(p.file().toFile(), "r");
                    open.add(raf);
                    if (tls) {
                        ctx.write(new ChunkedNioFile(raf.getChannel(), p.offset() + from, to - from, 64 * 1024));
                    } else {
                        ctx.write(new DefaultFileRegion(raf.getChannel(), p.offset() + from, to - from));
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not send {}: {}", req.uri(), e.toString());
            ctx.close();
            return;
        }
        ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        f.addListener(done -> {
            for (RandomAccessFile raf : open) {
                try {
                    raf.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        });
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A single byte range {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}; null if unsatisfiable. */
    static long[] parseRange(String header, long total) {
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.contains(",")) {
            return new long[] {0, total - 1}; // multiple ranges: send everything
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long start;
            long end;
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                start = Math.max(0, total - n);
                end = total - 1;
            } else {
                start = Long.parseLong(a);
                end = b.isEmpty() ? total - 1 : Math.min(Long.parseLong(b), total - 1);
            }
            return start > end || start >= total ? null : new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.warn("HTTP connection error: {}", cause.toString());
        }
        ctx.close();
    }

    /** For tests and the OpenAPI check. */
    public Router router() {
        return router;
    }

    static Set<String> noCameras() {
        return Set.of();
    }
}
