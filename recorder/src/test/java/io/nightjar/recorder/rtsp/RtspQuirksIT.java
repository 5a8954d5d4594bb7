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
import io.nightjar.recorder.testing.ScriptedCamera;
import io.nightjar.recorder.time.MicrosClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each camera behaviour listed in the README's "Camera behaviour handled", replayed by a scripted camera streaming a
 * real x264 clip, and what Nightjar does about it.
 */
class RtspQuirksIT {
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** What one session did. */
    record Run(RtspSession session, List<AccessUnitCollector> collectors, RtspFailure failure, boolean played) {
        List<CollectedUnit> units() {
            return collectors.get(0).units();
        }
    }

    private static ScriptedCamera camera(Consumer<ScriptedCamera.Script> setup) throws Exception {
        ScriptedCamera.Script s = new ScriptedCamera.Script();
        setup.accept(s);
        return new ScriptedCamera(s);
    }

    private static Run run(String url, Credentials creds, RtspClientOptions options, long millis, int tracks) throws Exception {
        List<AccessUnitCollector> collectors = new ArrayList<>();
        List<StreamPublisher> publishers = new ArrayList<>();
        for (int i = 0; i < tracks; i++) {
            AccessUnitCollector c = new AccessUnitCollector();
            collectors.add(c);
            publishers.add(new StreamPublisher(StreamRef.main("t" + i), c, MicrosClock.SYSTEM));
        }
        SessionOutcome outcome = new SessionOutcome();
        RtspSession session = new RtspSession(group.next(), RtspUrl.parse(url), creds, options,
                (track, ordinal) -> ordinal < tracks ? publishers.get(ordinal) : null, outcome);
        session.start();
        boolean played = outcome.playing().get(20, TimeUnit.SECONDS);
        CompletableFuture<RtspFailure> closed = outcome.closed();
        if (played) {
            Thread.sleep(millis);
            session.stop();
        }
        RtspFailure failure = closed.get(10, TimeUnit.SECONDS);
        return new Run(session, collectors, failure, played);
    }

    private static Run run(ScriptedCamera cam, long millis) throws Exception {
        return run(cam.url(), null, RtspClientOptions.defaults(), millis, 1);
    }

    private static void assertStreamedCleanly(Run r, long millis) {
        assertThat(r.played()).as("PLAY succeeded").isTrue();
        assertThat(r.failure()).as("no failure").isNull();
        long expected = millis * 25 / 1000;
        assertThat((long) r.units().size()).as("access units at 25 fps").isBetween(expected / 2, expected + 10);
        assertThat(r.units().get(0).key()).isTrue();
    }

    @Test
    void aCameraThatAnswers401WithoutAUserAgentStreamsBecauseOneIsAlwaysSent() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.requireUserAgent = true)) {
            Run r = run(cam, 1500);
            assertStreamedCleanly(r, 1500);
            assertThat(cam.userAgents).allMatch(ua -> ua.startsWith("Nightjar/"));
        }
    }

    @Test
    void aTransportReplyWithoutTcpButWithInterleavedChannelsIsTakenAsTcp() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.dropTcpSuffix = true)) {
            assertStreamedCleanly(run(cam, 1500), 1500);
        }
    }

    @Test
    void sessionIdsThatChangeBetweenSetupsAreFollowed() throws Exception {
        try (ScriptedCamera cam = camera(s -> {
            s.changeSessionIdPerSetup = true;
            s.tracks = 2;
        })) {
            Run r = run(cam.url(), null, RtspClientOptions.defaults(), 1500, 2);
            assertThat(r.played()).isTrue();
            assertThat(r.session().sessionIdChanges.get()).isEqualTo(1);
            assertThat(r.collectors().get(1).units()).as("second track streams too").isNotEmpty();
            assertThat(cam.requests()).anyMatch(q -> q.startsWith("PLAY") && q.endsWith("x"));
        }
    }

    @Test
    void rtcpSenderReportsBeforeThePlayReplyAnchorTheWallClock() throws Exception {
        try (ScriptedCamera cam = camera(s -> {
            s.rtcpBeforePlayResponse = true;
            s.srOffsetMicros = -2_000_000; // the camera's clock is 2 s behind ours: plausible, trusted
        })) {
            long before = System.currentTimeMillis() * 1000;
            Run r = run(cam, 1500);
            assertStreamedCleanly(r, 1500);
            long firstWall = r.units().get(0).wallMicros();
            assertThat(firstWall).as("anchored on the camera's NTP time, ~2 s before arrival").isLessThan(before - 1_000_000);
            assertThat(r.session().receivers().get(0).senderReports.get()).isPositive();
        }
    }

    @Test
    void dataOnChannelsNeverSetUpIsCountedAndIgnored() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.dataOnUnknownChannel = true)) {
            Run r = run(cam, 1500);
            assertStreamedCleanly(r, 1500);
            assertThat(r.session().unknownChannelFrames.get()).isPositive();
        }
    }

    @Test
    void keepalivesAreSentAtHalfTheTimeoutAndNeverWaitedFor() throws Exception {
        try (ScriptedCamera cam = camera(s -> {
            s.ignoreKeepalives = true;
            s.sessionTimeoutSeconds = 2;
        })) {
            Run r = run(cam, 3500);
            assertStreamedCleanly(r, 3500);
            assertThat(cam.keepalives.get()).as("one a second for 3.5 s").isBetween(2, 5);
            assertThat(cam.requests()).anyMatch(q -> q.startsWith("GET_PARAMETER"));
        }
    }

    @Test
    void digestSha256WithQopAuthIsAnswered() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.auth = "digest-sha256")) {
            Run r = run(cam.url(), new Credentials("admin", "secret"), RtspClientOptions.defaults(), 1500, 1);
            assertStreamedCleanly(r, 1500);
            assertThat(r.session().authScheme()).isEqualTo("digest SHA-256");
        }
    }

    @Test
    void aWrongPasswordIsReportedAsSuchWithoutThePassword() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.auth = "digest-md5")) {
            Run r = run(cam.url(), new Credentials("admin", "letmein-wrong"), RtspClientOptions.defaults(), 0, 1);
            assertThat(r.played()).isFalse();
            assertThat(r.failure().kind()).isEqualTo(RtspFailure.Kind.AUTH_REJECTED);
            assertThat(r.failure().message()).contains("rejected").doesNotContain("letmein-wrong");
        }
    }

    @Test
    void missingCredentialsAreReportedAsRequired() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.auth = "basic")) {
            Run r = run(cam, 0);
            assertThat(r.failure().kind()).isEqualTo(RtspFailure.Kind.AUTH_REQUIRED);
        }
    }

    @Test
    void aWrongPathIsNotFound() throws Exception {
        try (ScriptedCamera cam = camera(s -> { })) {
            Run r = run(cam.url() + "-nope", null, RtspClientOptions.defaults(), 0, 1);
            assertThat(r.failure().kind()).isEqualTo(RtspFailure.Kind.NOT_FOUND);
            assertThat(r.failure().message()).contains("404");
        }
    }

    @Test
    void anAudioOnlyCameraHasNoSupportedTrack() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.sdp = "v=0\r\ns=audio\r\nm=audio 0 RTP/AVP 0\r\na=control:track1\r\n")) {
            Run r = run(cam, 0);
            assertThat(r.failure().kind()).isEqualTo(RtspFailure.Kind.NO_SUPPORTED_TRACK);
            assertThat(r.failure().message()).contains("audio");
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("rtsp://127.0.0.1:" + port + "/x", null, RtspClientOptions.defaults(), 0, 1);
        assertThat(r.failure().kind()).isEqualTo(RtspFailure.Kind.UNREACHABLE);
        assertThat(r.failure().message()).contains("refused");
    }

    @Test
    void udpRefusedWith461FallsBackToTcp() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.reject461Udp = true)) {
            Run r = run(cam.url(), null, RtspClientOptions.defaults().withTransport(Transport.UDP), 1500, 1);
            assertStreamedCleanly(r, 1500);
            assertThat(r.session().transport()).isEqualTo(Transport.TCP);
        }
    }

    @Test
    void silentUdpFallsBackToTcpAfterThreeSeconds() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.silentUdp = true)) {
            long t0 = System.nanoTime();
            List<AccessUnitCollector> got = new ArrayList<>();
            Run r = run(cam.url(), null, RtspClientOptions.defaults().withTransport(Transport.UDP), 5500, 1);
            assertThat(r.session().transport()).isEqualTo(Transport.TCP);
            assertThat(r.units()).as("frames after the switch").isNotEmpty();
            assertThat(cam.connections.get()).isEqualTo(2);
            assertThat(got).isEmpty();
            assertThat(System.nanoTime() - t0).isGreaterThan(TimeUnit.SECONDS.toNanos(3));
        }
    }

    @Test
    void udpBindsItsLocalPortsInTheConfiguredRangeAndFallsBackToTcpWhenTheRangeIsTaken() throws Exception {
        io.nightjar.recorder.net.PortRange range = new io.nightjar.recorder.net.PortRange(45_000, 45_003);
        try (ScriptedCamera cam = camera(s -> { })) {
            Run r = run(cam.url(), null, RtspClientOptions.defaults().withTransport(Transport.UDP).withUdpPorts(range), 1500, 1);
            assertStreamedCleanly(r, 1500);
            assertThat(r.session().transport()).isEqualTo(Transport.UDP);
            assertThat(cam.udpClientPorts).isNotEmpty().allMatch(p -> p == 45_000 || p == 45_002);
        }
        // another range, so as not to wait for the first session's sockets to close
        io.nightjar.recorder.net.PortRange taken = new io.nightjar.recorder.net.PortRange(45_010, 45_013);
        try (java.net.DatagramSocket a = new java.net.DatagramSocket(45_010); java.net.DatagramSocket b = new java.net.DatagramSocket(45_012);
             ScriptedCamera cam = camera(s -> { })) {
            Run r = run(cam.url(), null, RtspClientOptions.defaults().withTransport(Transport.UDP).withUdpPorts(taken), 1500, 1);
            assertThat(cam.udpClientPorts).as("no port outside the range was tried").isEmpty();
            assertThat(r.session().transport()).as("every pair of the range is taken").isEqualTo(Transport.TCP);
            assertThat(r.units()).isNotEmpty();
        }
    }

    @Test
    void udpWithoutServerPortStillStreams() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.omitServerPort = true)) {
            Run r = run(cam.url(), null, RtspClientOptions.defaults().withTransport(Transport.UDP), 2000, 1);
            assertStreamedCleanly(r, 2000);
            assertThat(r.session().transport()).isEqualTo(Transport.UDP);
        }
    }

    @Test
    void contentBaseWithoutASchemeIsCompleted() throws Exception {
        try (ScriptedCamera cam = camera(s -> { })) {
            cam.script.contentBase = "127.0.0.1:" + cam.port() + "/live/";
            Run r = run(cam, 1000);
            assertStreamedCleanly(r, 1000);
            assertThat(cam.requests()).anyMatch(q -> q.startsWith("SETUP rtsp://127.0.0.1:" + cam.port() + "/live/track1"));
        }
    }

    @Test
    void parameterSetsOnlyInBandAreEnough() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.spropInSdp = false)) {
            Run r = run(cam, 1500);
            assertStreamedCleanly(r, 1500);
            assertThat(r.units().get(0).config().width()).isEqualTo(320);
        }
    }

    @Test
    void garbageBetweenFramesIsSkippedWithoutLosingFrames() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.garbageBetweenFrames = true)) {
            Run r = run(cam, 2000);
            assertStreamedCleanly(r, 2000);
            assertThat(r.session().framing().garbageBytes.get()).isPositive();
            assertThat(r.session().receivers().get(0).sequence.lost.get()).isZero();
        }
    }

    @Test
    void anSsrcGivenOnlyInRtpInfoIsFine() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.ssrcOnlyInRtpInfo = true)) {
            Run r = run(cam, 1000);
            assertStreamedCleanly(r, 1000);
            assertThat(r.session().receivers().get(0).announcedSsrc()).isEqualTo(0x10000000L);
        }
    }

    @Test
    void anSsrcChangeMidStreamIsFollowedAsANewRun() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.ssrcChangeAfterFrames = 20)) {
            Run r = run(cam, 2500);
            assertThat(r.played()).isTrue();
            assertThat(r.session().receivers().get(0).ssrcChanges.get()).isEqualTo(1);
            List<CollectedUnit> u = r.units();
            assertThat(u.size()).isGreaterThan(40);
            assertThat(u.stream().filter(CollectedUnit::discontinuity).count()).as("a new timing run after the change").isEqualTo(2);
        }
    }

    @Test
    void requestsFromTheCameraAreAnswered() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.requestToClientAfterPlay = true)) {
            Run r = run(cam, 1000);
            assertStreamedCleanly(r, 1000);
            assertThat(cam.clientReplies).anyMatch(line -> line.startsWith("RTSP/1.0 200") && line.endsWith("CSeq=77"));
        }
    }

    @Test
    void repliesWithoutCSeqAreMatchedToTheOldestRequest() throws Exception {
        try (ScriptedCamera cam = camera(s -> s.omitCseq = true)) {
            assertStreamedCleanly(run(cam, 1000), 1000);
        }
    }

    @Test
    void theServerStringIsKeptForTheFirmwareInventory() throws Exception {
        try (ScriptedCamera cam = camera(s -> { })) {
            Run r = run(cam, 500);
            assertThat(r.session().server()).isEqualTo("ScriptedCamera/1.0 firmware V5.5.0");
            assertThat(r.session().tool()).isEqualTo("ScriptedCamera 1.0");
        }
    }
}
