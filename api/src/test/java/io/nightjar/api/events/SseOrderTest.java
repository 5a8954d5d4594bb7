package io.nightjar.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.analytics.event.AnalyticsEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One SSE connection's ids increase in send order, whatever arrives while the missed messages are replayed. */
class SseOrderTest {
    static AnalyticsEvent event(long id, String camera) {
        return new AnalyticsEvent(id, camera, AnalyticsEvent.MOTION, id, null, 1, null, null, null, null);
    }

    @Test
    void liveMessagesDuringTheReplayFollowIt() {
        List<Long> sent = new ArrayList<>();
        SseOrder o = new SseOrder(100, (id, e) -> sent.add(id), () -> { });
        o.replayStored(100, EventRecord.of(event(100, "a"))); // the client's own last id: sent as the next one
        o.replayStored(150, EventRecord.of(event(150, "b")));
        o.live(new EventHub.Message(900, event(900, "a"))); // a new event on another camera, mid-replay
        o.replayKept(new EventHub.Message(600, event(600, "b")));
        o.replayKept(new EventHub.Message(700, event(700, "a")));
        o.goLive();
        o.live(new EventHub.Message(900, event(900, "a"))); // already sent
        o.live(new EventHub.Message(950, event(950, "b")));
        assertThat(sent).containsExactly(101L, 150L, 600L, 700L, 900L, 950L);
    }

    @Test
    void idsStrictlyIncreaseUnderConcurrentPublishing() throws Exception {
        List<Long> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        EventHub hub = new EventHub();
        for (int i = 0; i < 500; i++) {
            hub.accept(event(i, i % 2 == 0 ? "a" : "b"));
        }
        long afterId = hub.oldestKept() + 100;
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            started.countDown();
            for (int i = 0; !stop.get() && i < 100_000; i++) {
                hub.accept(event(i, "c"));
            }
        });
        SseOrder order = new SseOrder(afterId, (id, e) -> sent.add(id), () -> { });
        publisher.start();
        started.await();
        List<EventHub.Message> missed = hub.subscribe(order::live, afterId);
        for (EventHub.Message m : missed) {
            order.replayKept(m);
            Thread.onSpinWait();
        }
        order.goLive();
        Thread.sleep(50);
        stop.set(true);
        publisher.join();
        List<Long> copy;
        synchronized (sent) {
            copy = new ArrayList<>(sent);
        }
        assertThat(copy).hasSizeGreaterThan(missed.size());
        for (int i = 1; i < copy.size(); i++) {
            assertThat(copy.get(i)).as("message %d", i).isGreaterThan(copy.get(i - 1));
        }
        assertThat(copy.get(0)).isGreaterThan(afterId);
    }
}
