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
import io.netty.handler.codec.http.HttpHeaders;
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
import io.nightjar.api.auth.Role;
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
import io.nightjar.api.service.ServiceException;
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
    private final Cors cors;
    private final io.nightjar.api.auth.AuthGuard guard;

    public HttpApiHandler(Router router, UserStore users, StaticFiles staticFiles) {
        this(router, users, staticFiles, Cors.off(), new io.nightjar.api.auth.AuthGuard());
    }

    /** @param guard the guessing limiter every authentication goes through (shared with login and RTSP) */
    public HttpApiHandler(Router router, UserStore users, StaticFiles staticFiles, Cors cors, io.nightjar.api.auth.AuthGuard guard) {
        this.router = router;
        this.users = users;
        this.staticFiles = staticFiles;
        this.cors = cors;
        this.guard = guard;
    }

    /** Also accepts node-to-node calls signed with the site's secret ({@link io.nightjar.api.auth.NodeAuth}); null: none. */
    public HttpApiHandler withNodeAuth(io.nightjar.api.auth.NodeAuth nodeAuth) {
        this.nodeAuth = nodeAuth;
        return this;
    }

    private volatile io.nightjar.api.auth.NodeAuth nodeAuth;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            write(ctx, req, error(400, "malformed HTTP request"), false);
            return;
        }
        HttpHeaders extra = cors.responseHeaders(req);
        BrowserPolicy.addHeaders(extra, secure(ctx));
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String path;
        try {
            path = qs.path();
            qs.parameters(); // decoded here, once: a bad escape is this 400, never an echo of the URL (it may hold ?token=)
        } catch (IllegalArgumentException e) {
            // found by HttpInputFuzz: a bad '%' escape in the path threw out of the handler (no answer at all)
            write(ctx, req, error(400, "malformed URL: every '%' must be followed by two hex digits of UTF-8"), keepAlive, extra);
            return;
        }
        String method = req.method().name();
        Response response;
        try {
            response = dispatch(ctx, req, method, path, qs);
        } catch (ApiException e) {
            response = error(e.status(), e.getMessage());
        } catch (ServiceException e) {
            response = error(status(e.kind()), e.getMessage());
        } catch (io.nightjar.storage.NotFoundException e) {
            response = error(404, e.getMessage());
        } catch (io.nightjar.storage.RangeTooLargeException e) {
            response = error(400, e.getMessage());
        } catch (StorageException e) {
            LOG.error("{} {} failed in storage", method, path, e);
            response = error(500, e.getMessage());
        } catch (Exception e) {
            LOG.error("{} {} failed", method, path, e);
            response = error(500, "internal error (the server log has the details)");
        }
        if (!(response instanceof Response.Handled)) {
            write(ctx, req, response, keepAlive, extra);
        }
    }

    /** The HTTP status of what a caller got wrong. */
    static int status(ServiceException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    private Response dispatch(ChannelHandlerContext ctx, FullHttpRequest req, String method, String path, QueryStringDecoder qs)
            throws Exception {
        if (method.equals("OPTIONS")) {
            return options(req, path);
        }
        boolean head = method.equals("HEAD");
        boolean[] wrongMethod = {false};
        Router.Match match = router.match(head ? "GET" : method, path, wrongMethod);
        if (match == null) {
            if (wrongMethod[0]) {
                return withHeaders(405, method + " is not allowed on " + path, Map.of("Allow", String.join(", ", router.allowed(path))));
            }
            if (staticFiles != null && (method.equals("GET") || head) && !path.startsWith("/api/")) {
                Response r = staticFiles.serve(path);
                if (r != null) {
                    return r;
                }
            }
            return error(404, "no such endpoint: " + method + " " + path);
        }
        Route route = match.route();
        Principal principal = null;
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
        if (route.role() != null) {
            Authentication a = authenticate(req, qs, remote);
            if (a.refused() != null) {
                return withHeaders(429, a.refused().reason() + "; try again in " + a.refused().retryAfterSeconds() + " s",
                        Map.of("Retry-After", Long.toString(a.refused().retryAfterSeconds())));
            }
            principal = a.principal();
            if (principal == null) {
                return new Response.JsonBody(401, Map.of("error", "authentication required: log in (POST /api/v1/auth/login) or send a token"));
            }
            String crossSite = BrowserPolicy.crossSite(req, a.byCookie(), cors);
            if (crossSite != null) {
                return error(403, crossSite);
            }
            if (!route.allows(principal.role())) {
                return error(403, "your role (" + principal.role() + ") may not " + route.summary().toLowerCase() + "; "
                        + (route.role() == Role.metrics ? "the metrics role or admin" : route.role() + " or above") + " is needed");
            }
            if (route.cameraScoped()) {
                String camera = match.params().get("id");
                if (camera != null && !principal.mayAccess(camera)) {
                    return error(403, "you have no access to camera " + camera);
                }
            }
        }
        return route.handler().handle(new ApiRequest(req, ctx, qs.parameters(), match.params(), principal, remote));
    }

    /**
     * OPTIONS: the methods of the path in {@code Allow}, and for a CORS preflight from an allowed
     * origin the {@code Access-Control-*} answer. No authentication (browsers send none in a
     * preflight); nothing is run.
     */
    private Response options(FullHttpRequest req, String path) {
        java.util.Set<String> allowed = router.allowed(path);
        if (allowed.isEmpty()) {
            if (staticFiles == null || path.startsWith("/api/")) {
                return error(404, "no such endpoint: OPTIONS " + path);
            }
            allowed = new java.util.TreeSet<>(List.of("GET", "HEAD", "OPTIONS"));
        }
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Allow", String.join(", ", allowed));
        if (Cors.isPreflight(req)) {
            for (Map.Entry<String, String> e : cors.preflightHeaders(req, allowed)) {
                h.put(e.getKey(), e.getValue());
            }
        }
        return new Response.Body(204, null, List.of(), h, false);
    }

    /** A JSON error with headers of its own (Allow on a 405). */
    static Response withHeaders(int status, String message, Map<String, String> headers) {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(Map.of("error", message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Response.Body(status, "application/json; charset=utf-8", List.of(Part.bytes(body)), headers, false);
    }

    /** Whether the connection is TLS. */
    static boolean secure(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
    }

    /**
     * The outcome of authenticating a request.
     *
     * @param principal who, or null
     * @param refused   the guessing limiter's refusal (the password was then not even checked), or null
     * @param byCookie  the session cookie carried it (cross-site checks apply)
     */
    record Authentication(Principal principal, io.nightjar.api.auth.AuthGuard.Decision refused, boolean byCookie) {
        static final Authentication NONE = new Authentication(null, null, false);
    }

    /**
     * Who sent the request: a Bearer token, HTTP Basic, the session cookie or {@code ?token=}, each
     * through the guessing limiter. Failed Basic and token attempts count against the source (and
     * the account); a stale session cookie does not.
     */
    private Authentication authenticate(FullHttpRequest req, QueryStringDecoder qs, String remote) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return guarded(remote, null, () -> users.authenticateToken(auth.substring(7).trim()), true, false);
            }
            if (auth.regionMatches(true, 0, io.nightjar.api.auth.NodeAuth.SCHEME, 0, io.nightjar.api.auth.NodeAuth.SCHEME.length())) {
                io.nightjar.api.auth.NodeAuth n = nodeAuth;
                return guarded(remote, null, () -> n == null ? null : n.verify(req.method().name(), req.uri(), auth), true, false);
            }
            if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return guarded(remote, null, () -> null, true, false);
                }
                int colon = decoded.indexOf(':');
                String user = colon > 0 ? decoded.substring(0, colon) : decoded;
                Authentication a = guarded(remote, user, () -> colon > 0 ? users.checkPassword(user, decoded.substring(colon + 1)) : null,
                        true, false);
                if (a.principal() != null) {
                    guard.succeeded(remote, user);
                }
                return a;
            }
            return Authentication.NONE;
        }
        String cookies = req.headers().get(HttpHeaderNames.COOKIE);
        if (cookies != null) {
            for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) {
                if (c.name().equals(SESSION_COOKIE)) {
                    Authentication a = guarded(remote, null, () -> users.authenticateToken(c.value()), false, true);
                    if (a.principal() != null || a.refused() != null) {
                        return a;
                    }
                }
            }
        }
        List<String> token = qs.parameters().get("token");
        return token == null || token.isEmpty() ? Authentication.NONE
                : guarded(remote, null, () -> users.authenticateToken(token.get(0)), true, false);
    }

    private Authentication guarded(String remote, String account, java.util.function.Supplier<Principal> check, boolean countFailure,
                                   boolean byCookie) {
        io.nightjar.api.auth.AuthGuard.Decision d = guard.check(remote, account);
        if (!d.allowed()) {
            return new Authentication(null, d, byCookie);
        }
        Principal p = check.get();
        if (p == null && countFailure) {
            guard.failed(remote, account);
        }
        return new Authentication(p, null, byCookie);
    }

    static Response error(int status, String message) {
        return new Response.JsonBody(status, Map.of("error", message == null ? "error" : message));
    }

    /** Writes a response (any thread). */
    public static void write(ChannelHandlerContext ctx, FullHttpRequest req, Response response, boolean keepAlive) {
        write(ctx, req, response, keepAlive, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    }

    /** Writes a response with {@code extra} headers (CORS) added; for HEAD, the headers alone. */
    static void write(ChannelHandlerContext ctx, FullHttpRequest req, Response response, boolean keepAlive, HttpHeaders extra) {
        boolean head = req.method().name().equals("HEAD");
        if (response instanceof Response.JsonBody j) {
            byte[] body;
            try {
                body = j.body() == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(j.body());
            } catch (IOException e) {
                body = "{\"error\":\"cannot encode the response\"}".getBytes(StandardCharsets.UTF_8);
            }
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(j.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            if (body.length > 0) {
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            }
            r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            r.headers().add(extra);
            finish(ctx, r, body.length, keepAlive);
            return;
        }
        if (response instanceof Response.Body b) {
            writeBody(ctx, req, b, keepAlive, extra);
        }
    }

    private static void finish(ChannelHandlerContext ctx, FullHttpResponse r, long length, boolean keepAlive) {
        if (r.status().code() != 204 && r.status().code() != 304) { // neither carries a Content-Length (RFC 9110 8.6)
            HttpUtil.setContentLength(r, length);
        }
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Most ranges served in one multipart/byteranges answer; more is answered with the whole body (RFC 9110 14.2 allows it). */
    static final int MAX_RANGES = 16;

    private static void writeBody(ChannelHandlerContext ctx, FullHttpRequest req, Response.Body b, boolean keepAlive, HttpHeaders extra) {
        long total = b.length();
        int status = b.status();
        String etag = header(b, "ETag");
        if (etag != null && status == 200 && matches(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            FullHttpResponse nm = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
            for (Map.Entry<String, String> h : b.headers().entrySet()) {
                nm.headers().set(h.getKey(), h.getValue());
            }
            nm.headers().add(extra);
            finish(ctx, nm, 0, keepAlive);
            return;
        }
        String range = req.headers().get(HttpHeaderNames.RANGE);
        String ifRange = req.headers().get(HttpHeaderNames.IF_RANGE);
        if (range != null && ifRange != null && (etag == null || !ifRange.trim().equals(etag))) {
            range = null; // the client's copy is another version: the whole body (RFC 9110 13.1.5)
        }
        List<long[]> ranges = null;
        if (b.ranges() && range != null && total > 0 && status == 200) {
            ranges = parseRanges(range, total);
            if (ranges != null && ranges.isEmpty()) {
                FullHttpResponse e = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
                e.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + total);
                e.headers().add(extra);
                finish(ctx, e, 0, keepAlive);
                return;
            }
        }
        String boundary = null;
        byte[][] partHeads = null;
        long length;
        if (ranges == null) {
            length = total;
        } else if (ranges.size() == 1) {
            status = 206;
            length = ranges.get(0)[1] - ranges.get(0)[0] + 1;
        } else {
            status = 206;
            boundary = io.nightjar.api.auth.PasswordHasher.randomSecret(12).replace('-', 'x').replace('_', 'y');
            partHeads = new byte[ranges.size() + 1][];
            length = 0;
            for (int i = 0; i < ranges.size(); i++) {
                long[] r = ranges.get(i);
                partHeads[i] = ((i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + b.contentType() + "\r\nContent-Range: bytes "
                        + r[0] + "-" + r[1] + "/" + total + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                length += partHeads[i].length + r[1] - r[0] + 1;
            }
            partHeads[ranges.size()] = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            length += partHeads[ranges.size()].length;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        if (b.contentType() != null) {
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, boundary != null ? "multipart/byteranges; boundary=" + boundary : b.contentType());
        }
        if (b.ranges()) {
            head.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        }
        if (ranges != null && ranges.size() == 1) {
            head.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + ranges.get(0)[0] + "-" + ranges.get(0)[1] + "/" + total);
        }
        for (Map.Entry<String, String> h : b.headers().entrySet()) {
            head.headers().set(h.getKey(), h.getValue());
        }
        head.headers().add(extra);
        if (status != 204) {
            HttpUtil.setContentLength(head, length);
        }
        if (keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (req.method().name().equals("HEAD") || status == 204) {
            ctx.write(head);
            ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ctx.write(head);
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        List<RandomAccessFile> open = new ArrayList<>();
        try {
            if (ranges == null) {
                writeSpan(ctx, b.parts(), 0, total - 1, tls, open);
            } else if (boundary == null) {
                writeSpan(ctx, b.parts(), ranges.get(0)[0], ranges.get(0)[1], tls, open);
            } else {
                for (int i = 0; i < ranges.size(); i++) {
                    ctx.write(Unpooled.wrappedBuffer(partHeads[i]));
                    writeSpan(ctx, b.parts(), ranges.get(i)[0], ranges.get(i)[1], tls, open);
                }
                ctx.write(Unpooled.wrappedBuffer(partHeads[ranges.size()]));
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

    /** Writes bytes {@code [start, end]} of the parts laid end to end: memory as buffers, files as (zero-copy) regions. */
    private static void writeSpan(ChannelHandlerContext ctx, List<Part> parts, long start, long end, boolean tls, List<RandomAccessFile> open)
            throws IOException {
        long pos = 0;
        for (Part p : parts) {
            long pStart = pos;
            long pEnd = pos + p.length(); // exclusive
            pos = pEnd;
            if (end < start || pEnd <= start || pStart > end) {
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
    }

    private static String header(Response.Body b, String name) {
        for (Map.Entry<String, String> h : b.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** If-None-Match against an entity tag: {@code *}, or one of a comma-separated list (weak comparison). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String t : ifNoneMatch.split(",")) {
            String v = t.trim();
            if (v.equals("*") || (v.startsWith("W/") ? v.substring(2) : v).equals(bare)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ranges of a {@code Range} header, in the order asked: null to answer with the whole body
     * (not a {@code bytes} range, malformed, more than {@link #MAX_RANGES}, or overlapping ones),
     * empty when none is satisfiable (a 416).
     */
    static List<long[]> parseRanges(String header, long total) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String[] specs = h.substring(6).split(",");
        if (specs.length > MAX_RANGES) {
            return null;
        }
        List<long[]> out = new ArrayList<>();
        boolean unsatisfiable = false;
        for (String spec : specs) {
            long[] r = parseRange("bytes=" + spec.trim(), total);
            if (r == null) {
                unsatisfiable = true;
            } else if (r.length == 0) {
                return null; // malformed: ignore the header
            } else {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            return unsatisfiable ? out : null;
        }
        List<long[]> sorted = new ArrayList<>(out);
        sorted.sort(java.util.Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i)[0] <= sorted.get(i - 1)[1]) {
                return null; // overlapping ranges: the whole body, not the same bytes twice
            }
        }
        return out;
    }

    /**
     * One byte range {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}: {@code {start, end}},
     * null when unsatisfiable, an empty array when malformed.
     */
    static long[] parseRange(String header, long total) {
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.contains(",")) {
            return new long[0];
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new long[0];
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long start;
            long end;
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0) {
                    return null;
                }
                start = Math.max(0, total - n);
                end = total - 1;
            } else {
                start = Long.parseLong(a);
                end = b.isEmpty() ? total - 1 : Math.min(Long.parseLong(b), total - 1);
            }
            if (start < 0 || (!a.isEmpty() && !b.isEmpty() && Long.parseLong(b) < start)) {
                return new long[0];
            }
            return start >= total ? null : new long[] {start, end};
        } catch (NumberFormatException e) {
            return new long[0];
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
