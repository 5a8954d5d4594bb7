package io.nightjar.recorder.rtsp;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.nightjar.recorder.media.rtp.DepacketizerSettings;

/**
 * How a session connects.
 *
 * @param transport            TCP interleaved (default) or UDP with fallback to TCP
 * @param userAgent            sent on every request (some cameras answer 401 without one)
 * @param connectTimeoutMillis TCP connect limit
 * @param requestTimeoutMillis limit for each setup request's reply
 * @param readTimeoutMillis    TCP interleaved: no bytes for this long ends the session
 * @param udpFallbackMillis    UDP: no RTP for this long after PLAY switches to TCP
 * @param udpReorderSlots      UDP reorder buffer size in packets
 * @param maxAccessUnitBytes   bound on one access unit
 * @param allocator            pooled allocator for access units
 * @param udpPorts             UDP: the local ports RTP/RTCP pairs are bound from (firewalls)
 */
public record RtspClientOptions(Transport transport, String userAgent, int connectTimeoutMillis, int requestTimeoutMillis,
                                int readTimeoutMillis, int udpFallbackMillis, int udpReorderSlots, int maxAccessUnitBytes,
                                ByteBufAllocator allocator, io.nightjar.recorder.net.PortRange udpPorts) {
    /** Lower transport for RTP. */
    public enum Transport { TCP, UDP }

    public static final String DEFAULT_USER_AGENT = "Nightjar/0.1";

    public static RtspClientOptions defaults() {
        return new RtspClientOptions(Transport.TCP, DEFAULT_USER_AGENT, 5_000, 10_000, 10_000, 3_000, 64,
                DepacketizerSettings.DEFAULT_MAX_ACCESS_UNIT_BYTES, PooledByteBufAllocator.DEFAULT,
                io.nightjar.recorder.net.PortRange.CLIENT_DEFAULT);
    }

    public RtspClientOptions withTransport(Transport t) {
        return new RtspClientOptions(t, userAgent, connectTimeoutMillis, requestTimeoutMillis, readTimeoutMillis,
                udpFallbackMillis, udpReorderSlots, maxAccessUnitBytes, allocator, udpPorts);
    }

    public RtspClientOptions withUdpPorts(io.nightjar.recorder.net.PortRange ports) {
        return new RtspClientOptions(transport, userAgent, connectTimeoutMillis, requestTimeoutMillis, readTimeoutMillis,
                udpFallbackMillis, udpReorderSlots, maxAccessUnitBytes, allocator, ports);
    }

    public RtspClientOptions withTimeouts(int connectMillis, int requestMillis, int readMillis) {
        return new RtspClientOptions(transport, userAgent, connectMillis, requestMillis, readMillis,
                udpFallbackMillis, udpReorderSlots, maxAccessUnitBytes, allocator, udpPorts);
    }
}
