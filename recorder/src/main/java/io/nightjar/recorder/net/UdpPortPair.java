package io.nightjar.recorder.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An RTP/RTCP channel pair bound on an even port and the one after it, taken from a
 * {@link PortRange}: used by the RTSP client (one pair per UDP track) and the restream server (one
 * pair for all readers). Binding never blocks the caller: the result is handed on when both
 * binds have completed, on the bootstrap's event loop.
 *
 * @param rtp  the RTP channel (even port)
 * @param rtcp the RTCP channel (the next port)
 */
public record UdpPortPair(Channel rtp, Channel rtcp) {
    /** The RTP port; RTCP is on the next. */
    public int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    /**
     * Tries the range's pairs in order from pair {@code first} (wrapping around), at most
     * {@code maxAttempts} of them, skipping any whose either port is taken.
     *
     * @param base bootstrap of both channels (group, channel class, options), without a handler
     * @param rtp  a new handler for each RTP channel tried (a channel that failed to bind keeps its own)
     * @param rtcp a new handler for each RTCP channel tried
     * @param host address to bind, or null for every address
     * @param done given the pair, or null when no pair in the attempts was free
     */
    public static void bind(Bootstrap base, Supplier<ChannelHandler> rtp, Supplier<ChannelHandler> rtcp, String host, PortRange range,
                            int first, int maxAttempts, Consumer<UdpPortPair> done) {
        attempt(base, rtp, rtcp, host, range, Math.floorMod(first, range.pairs()), 0, Math.min(maxAttempts, range.pairs()), done);
    }

    private static void attempt(Bootstrap base, Supplier<ChannelHandler> rtp, Supplier<ChannelHandler> rtcp, String host,
                                PortRange range, int first, int attempt, int max, Consumer<UdpPortPair> done) {
        if (attempt >= max) {
            done.accept(null);
            return;
        }
        int port = range.rtpPort((first + attempt) % range.pairs());
        bindOne(base.clone().handler(rtp.get()), host, port).addListener((ChannelFutureListener) f1 -> {
            if (!f1.isSuccess()) {
                attempt(base, rtp, rtcp, host, range, first, attempt + 1, max, done);
                return;
            }
            bindOne(base.clone().handler(rtcp.get()), host, port + 1).addListener((ChannelFutureListener) f2 -> {
                if (!f2.isSuccess()) {
                    f1.channel().close();
                    attempt(base, rtp, rtcp, host, range, first, attempt + 1, max, done);
                    return;
                }
                done.accept(new UdpPortPair(f1.channel(), f2.channel()));
            });
        });
    }

    private static ChannelFuture bindOne(Bootstrap b, String host, int port) {
        return host == null ? b.bind(port) : b.bind(new InetSocketAddress(host, port));
    }
}
