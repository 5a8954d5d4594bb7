package io.nightjar.api.rtsp;

import io.nightjar.api.auth.Principal;
import io.nightjar.api.live.LiveFanout;
import io.nightjar.api.live.LiveQueue;
import io.nightjar.api.service.LiveFeed;

/** One RTSP session (one reader of one stream) on a connection. */
final class ServerSession {
    final String id;
    final RtspTarget target;
    final Principal principal;
    PacketOut out;
    LiveQueue queue;
    LiveFanout.Subscription subscription;
    LiveFeed feed;
    PlaybackReader playback;
    long pausedAt = Long.MIN_VALUE;
    volatile long lastSeenNanos = System.nanoTime();

    ServerSession(String id, RtspTarget target, Principal principal) {
        this.id = id;
        this.target = target;
        this.principal = principal;
    }

    boolean playing() {
        return queue != null || playback != null;
    }

    /** Stops sending (PAUSE, TEARDOWN, connection closed). */
    void stopDelivery() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (queue != null) {
            queue.close();
            queue = null;
        }
        if (feed != null) {
            feed.close();
            feed = null;
        }
        if (playback != null) {
            pausedAt = playback.position();
            playback.stop();
            playback = null;
        }
    }
}
