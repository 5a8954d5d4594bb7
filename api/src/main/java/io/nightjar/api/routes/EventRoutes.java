package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.id;
import static io.nightjar.api.routes.Routes.route;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.nightjar.api.auth.Role;
import io.nightjar.api.events.EventRecord;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Json;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.EventFilter;
import io.nightjar.api.service.Events;
import io.nightjar.api.service.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Events: query with cursor paging, live stream (SSE with resume), one event, its snapshot: {@link Events}. */
final class EventRoutes {
    static final int PING_SECONDS = 15;

    private EventRoutes() {
    }

    static void register(Router r, Events events) {
        r.add(route("GET", "/api/v1/events", Role.viewer, false, "events", "Query events (oldest first, cursor paging)",
                List.of("camera", "type", "from", "to", "cursor", "limit"), q -> {
                    Long from = q.optionalTimeQuery("from");
                    Long to = q.optionalTimeQuery("to");
                    int limit = q.intQuery("limit", 100, 1, 1000);
                    return Response.json(events.query(caller(q), filter(q), from == null ? 0 : from, to == null ? Long.MAX_VALUE : to,
                            q.query("cursor"), limit));
                }));
        r.add(route("GET", "/api/v1/events/stream", Role.viewer, false, "events",
                "Stream events live (Server-Sent Events; resumes after Last-Event-ID)", List.of("camera", "type", "lastEventId"),
                q -> stream(events, q)));
        r.add(route("GET", "/api/v1/events/{eventId}", Role.viewer, false, "events", "Get an event", List.of(),
                q -> Response.json(events.get(caller(q), q.path("eventId")))));
        r.add(route("GET", "/api/v1/events/{eventId}/snapshot.jpg", Role.viewer, false, "events", "Get an event's snapshot", List.of(),
                q -> Response.bytes("image/jpeg", events.snapshot(caller(q), q.path("eventId")))));
    }

    /** {@code camera=a,b} (default: all the caller may see) and {@code type}. */
    private static EventFilter filter(ApiRequest q) {
        String c = q.query("camera");
        Set<String> cameras = null;
        if (c != null) {
            cameras = new LinkedHashSet<>();
            for (String id : c.split(",")) {
                cameras.add(id.trim());
            }
        }
        return new EventFilter(cameras, q.query("type"));
    }

    private static Response stream(Events events, ApiRequest q) {
        String last = q.header("Last-Event-ID") != null ? q.header("Last-Event-ID") : q.query("lastEventId");
        String afterId = last == null || last.isBlank() ? null : last.trim();
        if (q.http().method().name().equals("HEAD")) {
            EventFilter f = filter(q);
            if (f.cameras() != null) {
                f.cameras().forEach(caller(q)::checkCamera);
            }
            return new Response.Body(200, "text/event-stream; charset=utf-8", List.of(), Map.of("Cache-Control", "no-store"), false);
        }
        Channel ch = q.ctx().channel();
        Subscription sub = events.subscribe(caller(q), filter(q), afterId, new Events.Listener() {
            @Override
            public void open() {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
                head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                head.headers().set("X-Accel-Buffering", "no");
                HttpUtil.setTransferEncodingChunked(head, true);
                ch.write(head);
                ch.writeAndFlush(new DefaultHttpContent(text("retry: 2000\n\n")));
            }

            @Override
            public void event(String id, EventRecord e) {
                if (!ch.isWritable()) {
                    ch.close(); // too slow: the client reconnects with Last-Event-ID and misses nothing kept
                    return;
                }
                ch.writeAndFlush(new DefaultHttpContent(message(id, e)));
            }

            @Override
            public void overflow() {
                ch.close();
            }
        });
        ch.flush();
        ScheduledFuture<?> ping = ch.eventLoop().scheduleAtFixedRate(
                () -> ch.writeAndFlush(new DefaultHttpContent(text(": ping\n\n"))), PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
        ch.closeFuture().addListener((ChannelFutureListener) f -> {
            ping.cancel(false);
            sub.close();
        });
        return new Response.Handled();
    }

    private static ByteBuf message(String id, EventRecord e) {
        try {
            return text("id: " + id + "\ndata: " + Json.MAPPER.writeValueAsString(e) + "\n\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
