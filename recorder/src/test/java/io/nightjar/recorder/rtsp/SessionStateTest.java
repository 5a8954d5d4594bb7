package io.nightjar.recorder.rtsp;

import static io.nightjar.recorder.rtsp.SessionState.CLOSED;
import static io.nightjar.recorder.rtsp.SessionState.CONNECTING;
import static io.nightjar.recorder.rtsp.SessionState.DESCRIBE;
import static io.nightjar.recorder.rtsp.SessionState.IDLE;
import static io.nightjar.recorder.rtsp.SessionState.OPTIONS;
import static io.nightjar.recorder.rtsp.SessionState.PLAY;
import static io.nightjar.recorder.rtsp.SessionState.PLAYING;
import static io.nightjar.recorder.rtsp.SessionState.SETUP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client session's state machine: the handshake in order, CLOSED from anywhere and final. */
class SessionStateTest {
    private static Set<SessionState> successors(SessionState from) {
        Set<SessionState> out = EnumSet.noneOf(SessionState.class);
        for (SessionState to : SessionState.values()) {
            if (from.canMoveTo(to)) {
                out.add(to);
            }
        }
        return out;
    }

    @Test
    void theHandshakeGoesOneStepAtATimeAndEveryStateCanEnd() {
        assertThat(successors(IDLE)).containsExactlyInAnyOrder(CONNECTING, CLOSED);
        assertThat(successors(CONNECTING)).containsExactlyInAnyOrder(OPTIONS, CLOSED);
        assertThat(successors(OPTIONS)).containsExactlyInAnyOrder(DESCRIBE, CLOSED);
        assertThat(successors(DESCRIBE)).containsExactlyInAnyOrder(SETUP, CLOSED);
        assertThat(successors(SETUP)).as("the next track, PLAY, or back to IDLE to retry over TCP")
                .containsExactlyInAnyOrder(SETUP, PLAY, IDLE, CLOSED);
        assertThat(successors(PLAY)).containsExactlyInAnyOrder(PLAYING, CLOSED);
        assertThat(successors(PLAYING)).as("no UDP arrived: back to IDLE for TCP").containsExactlyInAnyOrder(IDLE, CLOSED);
        assertThat(successors(CLOSED)).as("final").isEmpty();
    }

    @Test
    void everyStateIsReachableFromIdleAndCanReachClosed() {
        Set<SessionState> reached = EnumSet.of(IDLE);
        List<SessionState> todo = new ArrayList<>(reached);
        while (!todo.isEmpty()) {
            for (SessionState next : successors(todo.remove(0))) {
                if (reached.add(next)) {
                    todo.add(next);
                }
            }
        }
        assertThat(reached).containsExactlyInAnyOrder(SessionState.values());
        for (SessionState s : SessionState.values()) {
            assertThat(s == CLOSED || s.canMoveTo(CLOSED)).as(s + " can end").isTrue();
        }
    }
}
