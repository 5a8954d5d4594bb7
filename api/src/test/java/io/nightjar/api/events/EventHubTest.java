package io.nightjar.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.analytics.event.AnalyticsEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live event messages: increasing ids, and exactly the missed ones replayed after a Last-Event-ID. */
class EventHubTest {
    static AnalyticsEvent event(long id) {
        return new AnalyticsEvent(id, "cam", "motion", id, null, 0.5, null, null, null, null);
    }

    @Test
    void aReconnectingClientGetsWhatItMissedAndNothingTwice() {
        EventHub hub = new EventHub();
        List<EventHub.Message> first = new ArrayList<>();
        hub.subscribe(first::add, null);
        for (int i = 1; i <= 5; i++) {
            hub.accept(event(i));
        }
        assertThat(first).extracting(EventHub.Message::id).isSorted().doesNotHaveDuplicates();
        long lastSeen = first.get(1).id();
        hub.unsubscribe(first::add);
        List<EventHub.Message> live = new ArrayList<>();
        List<EventHub.Message> missed = hub.subscribe(live::add, lastSeen);
        assertThat(missed).extracting(m -> m.event().id()).containsExactly(3L, 4L, 5L);
        hub.accept(event(6));
        assertThat(live).extracting(m -> m.event().id()).containsExactly(6L);
    }

    @Test
    void onlyTheLastMessagesAreKept() {
        EventHub hub = new EventHub();
        for (int i = 0; i < EventHub.KEPT + 10; i++) {
            hub.accept(event(i));
        }
        List<EventHub.Message> missed = hub.subscribe(m -> { }, 0L);
        assertThat(missed).hasSize(EventHub.KEPT);
        assertThat(missed.get(0).event().id()).isEqualTo(10L);
    }
}
