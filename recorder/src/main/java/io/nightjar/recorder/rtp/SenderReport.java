package io.nightjar.recorder.rtp;

/**
 * An RTCP sender report's timing: the sender's wall clock (NTP) at a given RTP timestamp.
 *
 * @param ssrc         the sender
 * @param ntpTimestamp the 64-bit NTP timestamp as sent
 * @param rtpTimestamp the 32-bit RTP timestamp at that instant
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp) {
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
    static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

    /** The NTP timestamp as microseconds since the Unix epoch. */
    public long unixMicros() {
        long seconds = ntpTimestamp >>> 32;
        long fraction = ntpTimestamp & 0xFFFFFFFFL;
        return (seconds - NTP_TO_UNIX_SECONDS) * 1_000_000L + ((fraction * 1_000_000L) >>> 32);
    }

    /** The middle 32 bits of the NTP timestamp, echoed as LSR in receiver reports. */
    public long middle32() {
        return (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
    }

    /** Converts Unix microseconds to a 64-bit NTP timestamp. */
    public static long ntpFromUnixMicros(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L) + NTP_TO_UNIX_SECONDS;
        long fraction = (Math.floorMod(micros, 1_000_000L) << 32) / 1_000_000L;
        return (seconds << 32) | fraction;
    }
}
