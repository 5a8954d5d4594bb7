package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.camera;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.live.LiveWebSocket;
import io.nightjar.api.service.Cameras;
import io.nightjar.api.service.Live;
import io.nightjar.api.service.LiveFeed;
import java.util.List;

/** Browser live view over WebSocket: {@link Live}. */
final class LiveRoutes {
    private LiveRoutes() {
    }

    static void register(Router r, Cameras cameras, Live live) {
        r.add(route("GET", "/api/v1/cameras/{id}/live", Role.viewer, true, "live",
                "Watch live: a WebSocket of fMP4 (init segment, then one fragment per frame); stream=preview is an H.264 preview", List.of("stream"), q -> {
                    String id = camera(cameras, q);
                    Live.Stream stream = stream(q.query("stream"));
                    if (q.header("Upgrade") == null || !q.header("Upgrade").equalsIgnoreCase("websocket")) {
                        throw new ApiException(426, "this endpoint is a WebSocket (Upgrade: websocket)");
                    }
                    Live.Relay relay = live.relay(caller(q), id, stream);
                    if (relay != null) { // recorded by another node: its live view, relayed
                        io.nightjar.api.live.LiveRelay.start(q.ctx(), q.http(), relay);
                        return new Response.Handled();
                    }
                    LiveFeed feed = live.open(caller(q), id, stream, "websocket " + stream.name());
                    q.ctx().channel().closeFuture().addListener(f -> feed.close());
                    LiveWebSocket.start(q.ctx(), q.http(), feed.source(), feed.stream());
                    return new Response.Handled();
                }));
    }

    private static Live.Stream stream(String v) {
        if (v == null) {
            return Live.Stream.main;
        }
        try {
            return Live.Stream.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'stream' must be main, sub or preview");
        }
    }
}
