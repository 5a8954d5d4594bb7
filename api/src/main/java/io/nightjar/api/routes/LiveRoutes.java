package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.camera;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.live.LiveWebSocket;
import io.nightjar.api.server.NightjarServer;
import io.nightjar.recorder.ring.StreamRef;
import java.util.List;

/** Browser live view over WebSocket. */
final class LiveRoutes {
    private LiveRoutes() {
    }

    static void register(Router r, NightjarServer s) {
        r.add(route("GET", "/api/v1/cameras/{id}/live", Role.viewer, true, "live",
                "Watch live: a WebSocket of fMP4 (init segment, then one fragment per frame); stream=preview is an H.264 preview", List.of("stream"), q -> {
                    String id = camera(s, q);
                    String kind = q.query("stream") == null ? "main" : q.query("stream");
                    if (!kind.equals("main") && !kind.equals("sub") && !kind.equals("preview")) {
                        throw ApiException.badRequest("'stream' must be main, sub or preview");
                    }
                    if (q.header("Upgrade") == null || !q.header("Upgrade").equalsIgnoreCase("websocket")) {
                        throw new ApiException(426, "this endpoint is a WebSocket (Upgrade: websocket)");
                    }
                    StreamRef stream = StreamRef.of(id, kind.equals("sub") ? StreamRef.Kind.SUB : StreamRef.Kind.MAIN);
                    s.audit().record(q.user(), q.remote(), "live", id, null, null, "websocket " + kind);
                    if (kind.equals("preview")) {
                        s.previews().acquire(id);
                        q.ctx().channel().closeFuture().addListener(f -> s.previews().release(id));
                        LiveWebSocket.start(q.ctx(), q.http(), s.previews().fanout(), stream);
                    } else {
                        LiveWebSocket.start(q.ctx(), q.http(), s.fanout(), stream);
                    }
                    return new Response.Handled();
                }));
    }
}
