package io.nightjar.recorder.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.ingest.StreamPublisher;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions.Transport;
import io.nightjar.recorder.testing.AccessUnitCollector;
import io.nightjar.recorder.testing.CollectedUnit;
import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.recorder.time.MicrosClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pulls real cameras (GStreamer rtsp-server, x264/x265) over TCP and UDP, with and without
 * authentication, and checks that every access unit arrives whole: ffprobe decodes the received
 * elementary stream with as many frames as were received and as the timestamps span.
 */
class RtspIngestIT {
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} over {1} with {2} auth")
    @CsvSource({"h264,TCP,none", "h264,UDP,digest", "h265,TCP,basic", "h265,UDP,none", "h264,TCP,digest"})
    void receivesEveryAccessUnitOfARealCamera(String codec, Transport transport, String auth) throws Exception {
        GstRtspCamera.Builder b = GstRtspCamera.builder().size(640, 360).fps(25).gop(25);
        b = codec.equals("h264") ? b.h264() : b.h265();
        if (auth.equals("digest")) {
            b.digestAuth("admin", "s3cret:pa/ss");
        } else if (auth.equals("basic")) {
            b.basicAuth("admin", "s3cret");
        }
        try (GstRtspCamera camera = b.start()) {
            Credentials credentials = auth.equals("digest") ? new Credentials("admin", "s3cret:pa/ss")
                    : auth.equals("basic") ? new Credentials("admin", "s3cret") : null;
            AccessUnitCollector collector = new AccessUnitCollector();
            StreamPublisher publisher = new StreamPublisher(StreamRef.main("cam"), collector, MicrosClock.SYSTEM);
            SessionOutcome outcome = new SessionOutcome();
            RtspSession session = new RtspSession(group.next(), RtspUrl.parse(camera.url()), credentials,
                    RtspClientOptions.defaults().withTransport(transport), (track, ordinal) -> publisher, outcome);
            session.start();
            assertThat(outcome.playing().get(20, TimeUnit.SECONDS)).as("PLAY before closing: %s", outcome.closed().getNow(null)).isTrue();
            CompletableFuture<RtspFailure> closed = outcome.closed();
            Thread.sleep(4000);
            session.stop();
            assertThat(closed.get(5, TimeUnit.SECONDS)).as("a requested stop has no failure").isNull();

            assertThat(session.transport()).isEqualTo(transport);
            assertThat(session.authScheme()).isEqualTo(auth.equals("digest") ? "digest MD5" : auth.equals("basic") ? "basic" : "none");
            assertThat(session.server()).as("firmware string from the Server header").contains("GStreamer");
            List<CollectedUnit> units = collector.units();
            assertThat(units.size()).as("about 4 s at 25 fps").isBetween(80, 130);
            assertThat(units.get(0).key()).as("the first access unit is a keyframe").isTrue();
            assertThat(units.get(0).discontinuity()).as("the first frame starts a run").isTrue();
            assertThat(units.get(0).config().width()).isEqualTo(640);
            assertThat(units.get(0).config().height()).isEqualTo(360);
            long span = units.get(units.size() - 1).pts90k() - units.get(0).pts90k();
            long expectedFrames = span / 3600 + 1;
            assertThat((long) units.size()).as("no access unit missing within the timestamp span").isBetween(expectedFrames - 2, expectedFrames + 2);
            long lost = session.receivers().get(0).sequence.lost.get();
            assertThat(lost).as("packets lost on loopback").isZero();
            for (int i = 1; i < units.size(); i++) {
                assertThat(units.get(i).wallMicros()).as("wall clock advances").isGreaterThan(units.get(i - 1).wallMicros());
            }

            Path es = Files.createTempFile("ingest", codec.equals("h264") ? ".h264" : ".h265");
            try {
                AccessUnitCollector.writeAnnexB(units, es);
                Map<String, String> probe = Tools.probeVideo(es, "-f", codec.equals("h264") ? "h264" : "hevc");
                assertThat(probe.get("codec_name")).isEqualTo(codec.equals("h264") ? "h264" : "hevc");
                assertThat(probe.get("width")).isEqualTo("640");
                assertThat(probe.get("height")).isEqualTo("360");
                int decoded = Integer.parseInt(probe.get("nb_read_frames"));
                assertThat(decoded).as("frames ffprobe decodes from what we received").isBetween(units.size() - 2, units.size() + 2);
                assertThat(probe.get("stderr")).as("decoder errors").isEmpty();
            } finally {
                Files.deleteIfExists(es);
            }
        }
    }
}
