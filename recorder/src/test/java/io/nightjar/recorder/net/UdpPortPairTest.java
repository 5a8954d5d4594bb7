package io.nightjar.recorder.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An RTP/RTCP pair: an even port and the next, from the range, skipping pairs where either is taken. */
class UdpPortPairTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = Transports.group(1, "udp-pair-test");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void pairsWhoseRtpOrRtcpPortIsTakenAreSkipped() throws Exception {
        int base = freeRange(6); // three pairs: base, base+2, base+4
        PortRange range = new PortRange(base, base + 5);
        try (DatagramSocket rtpTaken = socket(base); DatagramSocket rtcpTaken = socket(base + 3)) {
            UdpPortPair pair = bind(range, 0, 10);
            assertThat(pair).isNotNull();
            assertThat(pair.rtpPort()).isEqualTo(base + 4);
            assertThat(((InetSocketAddress) pair.rtcp().localAddress()).getPort()).isEqualTo(base + 5);
            pair.rtp().close().sync();
            pair.rtcp().close().sync();
        }
    }

    @Test
    void aRangeWithNoFreePairGivesNoneAndLeavesNothingBound() throws Exception {
        int base = freeRange(4);
        PortRange range = new PortRange(base, base + 3);
        try (DatagramSocket a = socket(base + 1); DatagramSocket b = socket(base + 3)) {
            assertThat(bind(range, 1, 10)).isNull();
        }
        try (DatagramSocket rtp = socket(base); DatagramSocket rtp2 = socket(base + 2)) {
            assertThat(rtp.isBound()).as("the RTP ports tried were given back").isTrue();
        }
    }

    @Test
    void theSearchStartsAtTheGivenPairAndWrapsAround() throws Exception {
        int base = freeRange(4);
        UdpPortPair pair = bind(new PortRange(base, base + 3), 1, 10);
        assertThat(pair.rtpPort()).isEqualTo(base + 2);
        pair.rtp().close().sync();
        pair.rtcp().close().sync();
    }

    private static UdpPortPair bind(PortRange range, int first, int max) throws Exception {
        Bootstrap b = new Bootstrap().group(group).channel(Transports.datagram(group));
        CompletableFuture<UdpPortPair> done = new CompletableFuture<>();
        UdpPortPair.bind(b, ChannelInboundHandlerAdapter::new, ChannelInboundHandlerAdapter::new, "127.0.0.1", range, first, max,
                done::complete);
        return done.get(10, TimeUnit.SECONDS);
    }

    private static DatagramSocket socket(int port) throws Exception {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** An even port starting {@code n} free consecutive UDP ports on the loopback address. */
    private static int freeRange(int n) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (DatagramSocket s = socket(p)) {
                    free = s.isBound();
                } catch (java.net.BindException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new AssertionError("no free UDP port range");
    }
}
