package io.nightjar.recorder.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.nightjar.recorder.auth.Authenticator;
import io.nightjar.recorder.auth.Credentials;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The requests of a client connection: numbering, headers, matching replies, the 401 retry and timeouts. */
class RtspRequestsTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> failures = new ArrayList<>();
    private final List<FullHttpResponse> replies = new ArrayList<>();
    private String sessionId;
    private boolean playing;

    private RtspRequests requests(Credentials credentials, int timeoutMillis) {
        RtspRequests r = new RtspRequests(RtspClientOptions.defaults().withTimeouts(1000, timeoutMillis, 10_000),
                new Authenticator(credentials), new RtspRequests.Session() {
                    @Override
                    public String sessionId() {
                        return sessionId;
                    }

                    @Override
                    public boolean playing() {
                        return playing;
                    }

                    @Override
                    public RtspFailure timedOut(HttpMethod method) {
                        return new RtspFailure(RtspFailure.Kind.TIMEOUT, "no reply to " + method);
                    }

                    @Override
                    public void fail(RtspFailure failure, boolean teardown) {
                        failures.add(failure.kind() + ": " + failure.message());
                    }
                });
        r.on(channel);
        return r;
    }

    @Test
    void requestsAreNumberedAndCarryTheAgentAndTheSession() {
        RtspRequests r = requests(null, 5000);
        r.send(RtspMethods.OPTIONS, "rtsp://cam/s", null, replies::add, false);
        sessionId = "abc";
        r.send(RtspMethods.PLAY, "rtsp://cam/s", java.util.Map.of("Range", "npt=0-"), replies::add, false);
        FullHttpRequest first = channel.readOutbound();
        FullHttpRequest second = channel.readOutbound();
        assertThat(first.headers().get(RtspHeaderNames.CSEQ)).isEqualTo("1");
        assertThat(first.headers().get(RtspHeaderNames.USER_AGENT)).isEqualTo(RtspClientOptions.DEFAULT_USER_AGENT);
        assertThat(first.headers().contains(RtspHeaderNames.SESSION)).isFalse();
        assertThat(second.headers().get(RtspHeaderNames.CSEQ)).isEqualTo("2");
        assertThat(second.headers().get(RtspHeaderNames.SESSION)).isEqualTo("abc");
        assertThat(second.headers().get("Range")).isEqualTo("npt=0-");
        r.onReply(reply(HttpResponseStatus.OK, "2"));
        r.onReply(reply(HttpResponseStatus.OK, null)); // no CSeq: the oldest request still waiting
        assertThat(replies).extracting(x -> x.headers().get(RtspHeaderNames.CSEQ)).containsExactly("2", null);
        assertThat(failures).isEmpty();
    }

    @Test
    void a401IsAnsweredOnceWithTheChallengeAndARepeatedOneEndsTheSession() {
        RtspRequests r = requests(new Credentials("admin", "secret"), 5000);
        r.send(RtspMethods.DESCRIBE, "rtsp://cam/s", null, replies::add, false);
        channel.readOutbound();
        FullHttpResponse challenge = reply(HttpResponseStatus.UNAUTHORIZED, "1");
        challenge.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, "Digest realm=\"cam\", nonce=\"n1\"");
        r.onReply(challenge);
        FullHttpRequest retried = channel.readOutbound();
        assertThat(retried.headers().get(RtspHeaderNames.CSEQ)).isEqualTo("2");
        assertThat(retried.headers().get(RtspHeaderNames.AUTHORIZATION)).startsWith("Digest ").contains("username=\"admin\"");
        FullHttpResponse again = reply(HttpResponseStatus.UNAUTHORIZED, "2");
        again.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, "Digest realm=\"cam\", nonce=\"n2\"");
        r.onReply(again);
        assertThat(failures).singleElement().asString().startsWith("AUTH_REJECTED");
        assertThat(replies).isEmpty();
    }

    @Test
    void aRejectedKeepAliveWhilePlayingNeverEndsTheSession() {
        playing = true;
        RtspRequests r = requests(null, 5000);
        r.send(RtspMethods.GET_PARAMETER, "rtsp://cam/s", null, replies::add, true);
        FullHttpResponse no = reply(HttpResponseStatus.UNAUTHORIZED, "1");
        no.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"cam\"");
        r.onReply(no);
        assertThat(failures).isEmpty();
    }

    @Test
    void aRequestWithoutAReplyInTimeEndsTheSessionAndAKeepAliveHasNoTimeout() throws Exception {
        RtspRequests r = requests(null, 50);
        r.send(RtspMethods.GET_PARAMETER, "rtsp://cam/s", null, replies::add, true);
        r.send(RtspMethods.SETUP, "rtsp://cam/s/track1", null, replies::add, false);
        TimeUnit.MILLISECONDS.sleep(120);
        channel.runScheduledPendingTasks();
        assertThat(failures).containsExactly("TIMEOUT: no reply to SETUP");
        r.onReply(reply(HttpResponseStatus.OK, "2")); // too late: given up on
        assertThat(replies).isEmpty();
    }

    private static FullHttpResponse reply(HttpResponseStatus status, String cseq) {
        FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status);
        if (cseq != null) {
            r.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        return r;
    }
}
