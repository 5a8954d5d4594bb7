package io.nightjar.recorder.ingest;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.rtp.Depacketizer;
import io.nightjar.recorder.rtp.ReceiverReportWriter;
import io.nightjar.recorder.rtp.ReorderBuffer;
import io.nightjar.recorder.rtp.RtcpParser;
import io.nightjar.recorder.rtp.RtpHeader;
import io.nightjar.recorder.rtp.SenderReport;
import io.nightjar.recorder.rtp.SequenceTracker;
import io.nightjar.recorder.rtp.TimestampUnwrapper;
import io.nightjar.recorder.stats.Counter;

/**
 * Receives one RTP track: parses packets in place, locks onto an SSRC, tracks sequence numbers
 * and timestamps, feeds the depacketizer in order, and handles the track's RTCP (sender reports
 * in, receiver reports out). One instance per track per session; single-threaded.
 *
 * <p>SSRC rule: the first packet's SSRC is taken (an SSRC announced in Transport or RTP-Info is
 * only a hint: cameras get it wrong). Packets of another SSRC are dropped and counted, unless
 * {@link #SSRC_SWITCH_PACKETS} of them arrive in a row: then the camera really changed SSRC
 * (encoder restart) and the receiver follows, starting a new timing run. This also keeps a stale
 * stream of an old session (old live555 servers) from being mixed into the new one.
 */
public final class TrackReceiver implements RtcpParser.Listener {
    static final int SSRC_SWITCH_PACKETS = 8;

    public final SequenceTracker sequence = new SequenceTracker();
    public final Counter malformedPackets = new Counter();
    public final Counter foreignSsrcPackets = new Counter();
    public final Counter ssrcChanges = new Counter();
    public final Counter otherPayloadTypes = new Counter();
    public final Counter rtcpPackets = new Counter();
    public final Counter malformedRtcp = new Counter();
    public final Counter senderReports = new Counter();
    public final Counter payloadBytes = new Counter();

    private final int payloadType;
    private final Depacketizer depacketizer;
    private final MediaSink sink;
    private final RtpHeader header = new RtpHeader();
    private final TimestampUnwrapper timestamps = new TimestampUnwrapper();
    private final ReorderBuffer reorder;
    private final ReceiverReportWriter reports;

    private long ssrc = -1;
    private long foreignSsrc = -1;
    private int foreignRun;
    private long announcedSsrc = -1;
    private String lastError;

    private double jitter;
    private long previousTransit;
    private boolean haveTransit;
    private SenderReport lastSr;
    private long lastSrNanos;
    private long lastPacketNanos;

    /**
     * @param payloadType  the payload type from the SDP; packets of other types are counted and skipped
     * @param reorderSlots 0 for TCP (in order by construction), else the UDP reorder window
     */
    public TrackReceiver(int payloadType, Depacketizer depacketizer, MediaSink sink, int reorderSlots,
                         ReceiverReportWriter reports) {
        this.payloadType = payloadType;
        this.depacketizer = depacketizer;
        this.sink = sink;
        this.reports = reports;
        this.reorder = reorderSlots > 0 ? new ReorderBuffer(reorderSlots, 50_000_000L, this::ordered) : null;
    }

    /** The SSRC the server announced (Transport or RTP-Info); a hint only. */
    public void announceSsrc(long ssrc) {
        this.announcedSsrc = ssrc;
    }

    public long ssrc() {
        return ssrc;
    }

    public long announcedSsrc() {
        return announcedSsrc;
    }

    public Depacketizer depacketizer() {
        return depacketizer;
    }

    /** Last malformed-packet reason, for diagnostics. */
    public String lastError() {
        return lastError;
    }

    /** {@link System#nanoTime()} of the last RTP packet, 0 if none. */
    public long lastPacketNanos() {
        return lastPacketNanos;
    }

    /** An RTP packet in {@code [index, index+length)}; the buffer is not retained unless reordering needs it. */
    public void onRtp(ByteBuf buf, int index, int length) {
        long now = System.nanoTime();
        lastPacketNanos = now;
        if (reorder == null) {
            ordered(buf, index, length);
            return;
        }
        if (!header.parse(buf, index, length)) {
            malformed();
            return;
        }
        reorder.offer(header.sequence, buf, index, length, now);
    }

    /** Gives up gaps that waited too long in the UDP reorder buffer (call every few tens of ms). */
    public void expireReorder() {
        if (reorder != null) {
            reorder.expire(System.nanoTime());
        }
    }

    private void ordered(ByteBuf buf, int index, int length) {
        RtpHeader h = header;
        if (!h.parse(buf, index, length)) {
            malformed();
            return;
        }
        if (h.payloadType != payloadType) {
            otherPayloadTypes.increment();
            return;
        }
        if (ssrc < 0) {
            ssrc = h.ssrc;
        } else if (h.ssrc != ssrc) {
            if (h.ssrc == foreignSsrc) {
                foreignRun++;
            } else {
                foreignSsrc = h.ssrc;
                foreignRun = 1;
            }
            if (foreignRun < SSRC_SWITCH_PACKETS) {
                foreignSsrcPackets.increment();
                return;
            }
            switchSsrc(h.ssrc);
        } else {
            foreignRun = 0;
        }
        switch (sequence.onPacket(h.sequence)) {
            case DUPLICATE:
            case LATE:
                return; // its access unit is already gone (or it was seen)
            case GAP:
            case RESTART:
                depacketizer.onLoss();
                break;
            default:
                break;
        }
        long ts = timestamps.unwrap(h.timestamp);
        updateJitter(ts);
        payloadBytes.add(h.payloadLength);
        depacketizer.onPacket(buf, h.payloadIndex, h.payloadLength, ts, h.marker);
    }

    private void switchSsrc(long newSsrc) {
        ssrcChanges.increment();
        ssrc = newSsrc;
        foreignRun = 0;
        sequence.reset();
        timestamps.reset();
        depacketizer.reset();
        haveTransit = false;
        lastSr = null;
        sink.onDiscontinuity();
    }

    private void malformed() {
        malformedPackets.increment();
        lastError = header.error;
    }

    private void updateJitter(long rtpTimestamp) {
        long arrival = (long) (System.nanoTime() * 0.00009); // 90 kHz units
        long transit = arrival - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - previousTransit);
            jitter += (d - jitter) / 16.0;
        }
        previousTransit = transit;
        haveTransit = true;
    }

    /** Interarrival jitter (RFC 3550 6.4.1) in 90 kHz units. */
    public long jitter() {
        return (long) jitter;
    }

    /** An RTCP compound packet for this track. */
    public void onRtcp(ByteBuf buf, int index, int length) {
        rtcpPackets.increment();
        if (!RtcpParser.parse(buf, index, length, this)) {
            malformedRtcp.increment();
        }
    }

    @Override
    public void onSenderReport(SenderReport report) {
        if (ssrc >= 0 && report.ssrc() != ssrc) {
            return; // a report about another stream (or a stale session)
        }
        senderReports.increment();
        lastSr = report;
        lastSrNanos = System.nanoTime();
        // A report may precede the first RTP packet (even the PLAY response): unwrap relative to
        // what we have, or take it as is; the mapper only uses it to anchor the first frame.
        sink.onSenderReport(timestamps.peek(report.rtpTimestamp()), report.unixMicros());
    }

    /** Writes this track's receiver report (RR + SDES) into {@code out}. */
    public void writeReceiverReport(ByteBuf out) {
        reports.write(out, ssrc, sequence, (long) jitter, lastSr, lastSrNanos, System.nanoTime());
    }

    /** Stops the track: drops held packets and partial access units. */
    public void close() {
        if (reorder != null) {
            reorder.clear();
        }
        depacketizer.reset();
    }
}
