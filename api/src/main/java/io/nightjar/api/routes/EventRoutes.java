package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.checkCamera;
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
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.api.auth.Principal;
import io.nightjar.api.auth.Role;
import io.nightjar.api.events.EventHub;
import io.nightjar.api.events.SseOrder;
import io.nightjar.api.events.EventRecord;
import io.nightjar.api.events.EventStore;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Json;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.NightjarServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Events: query with cursor paging, live stream (SSE with resume), one event, its snapshot. */
final class EventRoutes {
    static final int PING_SECONDS = 15;

    private EventRoutes() {
    }

    static void register(Router r, NightjarServer s) {
        r.add(route("GET", "/api/v1/events", Role.viewer, false, "events", "Query events (oldest first, cursor paging)",
                List.of("camera", "type", "from", "to", "cursor", "limit"), q -> {
                    Set<String> cameras = cameras(s, q);
                    Long from = q.optionalTimeQuery("from");
                    Long to = q.optionalTimeQuery("to");
                    int limit = q.intQuery("limit", 100, 1, 1000);
                    EventStore.Page page = s.eventStore().query(cameras, q.query("type"), from == null ? 0 : from,
                            to == null ? Long.MAX_VALUE : to, q.query("cursor"), limit);
                    List<EventRecord> events = new ArrayList<>();
                    for (AnalyticsEvent e : page.events()) {
                        events.add(EventRecord.of(e));
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("events", events);
                    m.put("next", page.next());
                    return Response.json(m);
                }));
        r.add(route("GET", "/api/v1/events/stream", Role.viewer, false, "events",
                "Stream events live (Server-Sent Events; resumes after Last-Event-ID)", List.of("camera", "type", "lastEventId"),
                q -> stream(s, q)));
        r.add(route("GET", "/api/v1/events/{eventId}", Role.viewer, false, "events", "Get an event", List.of(),
                q -> Response.json(EventRecord.of(event(s, q)))));
        r.add(route("GET", "/api/v1/events/{eventId}/snapshot.jpg", Role.viewer, false, "events", "Get an event's snapshot", List.of(), q -> {
            AnalyticsEvent e = event(s, q);
            if (e.snapshot() == null) {
                throw ApiException.notFound("event " + e.id() + " has no snapshot");
            }
            s.audit().record(q.user(), q.remote(), "snapshot", e.camera(), e.startMicros(), e.endMicros(), "event " + e.id());
            return Response.bytes("image/jpeg", e.snapshot());
        }));
    }

    private static AnalyticsEvent event(NightjarServer s, ApiRequest q) {
        long id;
        try {
            id = Long.parseLong(q.path("eventId"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no event '" + q.path("eventId") + "'");
        }
        AnalyticsEvent e = s.eventStore().byId(id);
        if (e == null) {
            throw ApiException.notFound("no event " + id);
        }
        checkCamera(q, e.camera());
        return e;
    }

    /** The cameras asked for (all the caller may see by default). */
    private static Set<String> cameras(NightjarServer s, ApiRequest q) {
        String c = q.query("camera");
        Set<String> out = new LinkedHashSet<>();
        if (c != null) {
            for (String id : c.split(",")) {
                checkCamera(q, id.trim());
                out.add(id.trim());
            }
            return out;
        }
        Set<String> known = new LinkedHashSet<>(s.storage().index().cameras());
        s.cameras().all().forEach(rt -> known.add(rt.config().id));
        for (String id : known) {
            if (q.principal().mayAccess(id)) {
                out.add(id);
            }
        }
        return out;
    }

    private static Response stream(NightjarServer s, ApiRequest q) {
        Principal p = q.principal();
        String cameraFilter = q.query("camera");
        Set<String> only = cameraFilter == null ? null : Set.of(cameraFilter.split(","));
        if (only != null) {
            only.forEach(id -> checkCamera(q, id));
        }
        String type = q.query("type");
        String last = q.header("Last-Event-ID") != null ? q.header("Last-Event-ID") : q.query("lastEventId");
        Long afterId = null;
        if (last != null && !last.isBlank()) {
            try {
                afterId = Long.parseLong(last.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Last-Event-ID '" + last + "' is not an id this server gave out");
            }
        }
        if (q.http().method().name().equals("HEAD")) {
            return new Response.Body(200, "text/event-stream; charset=utf-8", List.of(), Map.of("Cache-Control", "no-store"), false);
        }
        Channel ch = q.ctx().channel();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        head.headers().set("X-Accel-Buffering", "no");
        HttpUtil.setTransferEncodingChunked(head, true);
        ch.write(head);
        ch.writeAndFlush(new DefaultHttpContent(text("retry: 2000\n\n")));
        SseOrder order = new SseOrder(afterId == null ? Long.MIN_VALUE : afterId, (id, e) -> {
            if (!ch.isWritable()) {
                ch.close(); // too slow: the client reconnects with Last-Event-ID and misses nothing kept
                return;
            }
            ch.writeAndFlush(new DefaultHttpContent(message(id, e)));
        }, ch::close);
        java.util.function.Predicate<AnalyticsEvent> wanted = e -> p.mayAccess(e.camera()) && (only == null || only.contains(e.camera())) && (type == null || type.equals(e.type()));
        Consumer<EventHub.Message> listener = m -> {
            if (wanted.test(m.event())) {
                order.live(m);
            }
        };
        List<EventHub.Message> missed = s.eventHub().subscribe(listener, afterId);
        if (afterId != null && (s.eventHub().oldestKept() == 0 || afterId < s.eventHub().oldestKept())) {
            // older than what the hub keeps (or a restart): replay stored events that started after that id's time
            Set<String> cams = only != null ? only : cameras(s, q);
            EventStore.Page page = s.eventStore().query(cams, type, afterId, Long.MAX_VALUE, null, 1000);
            long oldest = s.eventHub().oldestKept();
            for (AnalyticsEvent e : page.events()) {
                if (oldest == 0 || e.startMicros() < oldest) {
                    order.replayStored(e.id(), e);
                }
            }
        }
        for (EventHub.Message m : missed) {
            if (wanted.test(m.event())) {
                order.replayKept(m);
            }
        }
        order.goLive(); // live messages that came during the replay follow it, in id order
        ch.flush();
        ScheduledFuture<?> ping = ch.eventLoop().scheduleAtFixedRate(
                () -> ch.writeAndFlush(new DefaultHttpContent(text(": ping\n\n"))), PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
        ch.closeFuture().addListener((ChannelFutureListener) f -> {
            ping.cancel(false);
            s.eventHub().unsubscribe(listener);
        });
        return new Response.Handled();
    }

    private static ByteBuf message(long id, AnalyticsEvent e) {
        try {
            String json = Json.MAPPER.writeValueAsString(EventRecord.of(e));
            return text("id: " + id + "\ndata: " + json + "\n\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
