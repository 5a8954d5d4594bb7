package io.nightjar.recorder.rtp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes RTCP compound packets (RR + SDES CNAME, RFC 3550 6.4.2 and 6.5) for one source. Keeps
 * the per-interval state needed for the fraction lost.
 */
public final class ReceiverReportWriter {
    private final long reporterSsrc;
    private final byte[] cname;
    private long priorExpected;
    private long priorReceived;

    public ReceiverReportWriter(long reporterSsrc, String cname) {
        this.reporterSsrc = reporterSsrc & 0xFFFFFFFFL;
        byte[] c = cname.getBytes(StandardCharsets.UTF_8);
        this.cname = c.length > 255 ? java.util.Arrays.copyOf(c, 255) : c;
    }

    /**
     * @param sourceSsrc   the SSRC being reported on, or -1 when none is known yet (empty RR)
     * @param tracker      the source's sequence statistics
     * @param jitter       interarrival jitter in timestamp units
     * @param lastSr       the last sender report received, or null
     * @param lastSrNanos  System.nanoTime() when it arrived
     * @param nowNanos     System.nanoTime() now
     */
    public void write(ByteBuf out, long sourceSsrc, SequenceTracker tracker, long jitter,
                      SenderReport lastSr, long lastSrNanos, long nowNanos) {
        boolean block = sourceSsrc >= 0 && tracker.started();
        out.writeByte(0x80 | (block ? 1 : 0));
        out.writeByte(RtcpParser.RR);
        out.writeShort(block ? 7 : 1);
        out.writeInt((int) reporterSsrc);
        if (block) {
            long expected = tracker.expected();
            long received = tracker.received.get();
            long expectedInterval = expected - priorExpected;
            long receivedInterval = received - priorReceived;
            priorExpected = expected;
            priorReceived = received;
            long lostInterval = expectedInterval - receivedInterval;
            int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
            long cumulative = Math.max(-0x800000L, Math.min(0x7FFFFFL, tracker.netLost()));
            out.writeInt((int) sourceSsrc);
            out.writeInt((fraction << 24) | (int) (cumulative & 0xFFFFFF));
            out.writeInt((int) tracker.extendedHighest());
            out.writeInt((int) jitter);
            if (lastSr != null) {
                out.writeInt((int) lastSr.middle32());
                long delay = ((nowNanos - lastSrNanos) << 16) / 1_000_000_000L;
                out.writeInt((int) Math.min(0xFFFFFFFFL, delay));
            } else {
                out.writeInt(0);
                out.writeInt(0);
            }
        }
        // SDES with one chunk: SSRC, CNAME item, end, padded to a 32-bit boundary.
        int chunk = 4 + 2 + cname.length + 1;
        int padded = (chunk + 3) & ~3;
        out.writeByte(0x81);
        out.writeByte(RtcpParser.SDES);
        out.writeShort(padded / 4);
        out.writeInt((int) reporterSsrc);
        out.writeByte(1); // CNAME
        out.writeByte(cname.length);
        out.writeBytes(cname);
        out.writeZero(padded - chunk + 1);
    }
}
