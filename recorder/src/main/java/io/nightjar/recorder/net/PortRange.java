package io.nightjar.recorder.net;

/**
 * An inclusive range of UDP ports from which RTP/RTCP pairs are taken (RTP on an even port, RTCP
 * on the next), so a firewall can open exactly that range. Written {@code first-last} in
 * configuration, e.g. {@code 40000-40999}.
 *
 * @param first lowest port
 * @param last  highest port
 */
public record PortRange(int first, int last) {
    /** Where the recorder's RTSP client takes its ports when pulling a camera over UDP, by default. */
    public static final PortRange CLIENT_DEFAULT = new PortRange(40_000, 59_999);

    public PortRange {
        if (first < 1024 || last > 65_535 || first > last) {
            throw new IllegalArgumentException("a port range must lie within 1024-65535, low-high, was " + first + "-" + last);
        }
        if (pairCount(first, last) == 0) {
            throw new IllegalArgumentException("the port range " + first + "-" + last
                    + " holds no RTP/RTCP pair (an even port and the one after it)");
        }
    }

    /** Parses {@code first-last}. */
    public static PortRange parse(String s) {
        String t = s == null ? "" : s.trim();
        int dash = t.indexOf('-');
        if (dash <= 0 || dash == t.length() - 1) {
            throw new IllegalArgumentException("a port range is written low-high, e.g. 40000-40999, was '" + s + "'");
        }
        try {
            return new PortRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a port range is written low-high, e.g. 40000-40999, was '" + s + "'");
        }
    }

    /** RTP/RTCP pairs in the range. */
    public int pairs() {
        return pairCount(first, last);
    }

    /** The RTP (even) port of pair {@code i}, {@code 0 <= i < pairs()}. */
    public int rtpPort(int i) {
        if (i < 0 || i >= pairs()) {
            throw new IndexOutOfBoundsException(i);
        }
        return firstEven(first) + 2 * i;
    }

    private static int firstEven(int p) {
        return (p & 1) == 0 ? p : p + 1;
    }

    private static int pairCount(int first, int last) {
        int e = firstEven(first);
        return e + 1 > last ? 0 : (last - 1 - e) / 2 + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
