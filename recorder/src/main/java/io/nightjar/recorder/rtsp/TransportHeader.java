package io.nightjar.recorder.rtsp;

import java.util.Locale;

/**
 * The first transport spec of an RTSP {@code Transport} header. Tolerates what cameras send: a
 * missing {@code /TCP} while interleaved channels are given (then it is TCP), missing
 * {@code server_port}, upper-case parameters, stray spaces.
 */
public final class TransportHeader {
    private boolean tcp;
    private int interleavedRtp = -1;
    private int interleavedRtcp = -1;
    private int serverRtpPort = -1;
    private int serverRtcpPort = -1;
    private int clientRtpPort = -1;
    private long ssrc = -1;
    private String source;

    private TransportHeader() {
    }

    public static TransportHeader parse(String header) {
        TransportHeader t = new TransportHeader();
        if (header == null) {
            return t;
        }
        String first = header.split(",", 2)[0];
        String[] parts = first.split(";");
        String protocol = parts[0].trim().toUpperCase(Locale.ROOT);
        t.tcp = protocol.endsWith("/TCP");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).trim();
            switch (name) {
                case "interleaved": {
                    int[] r = range(value);
                    t.interleavedRtp = r[0];
                    t.interleavedRtcp = r[1];
                    break;
                }
                case "server_port": {
                    int[] r = range(value);
                    t.serverRtpPort = r[0];
                    t.serverRtcpPort = r[1];
                    break;
                }
                case "client_port":
                    t.clientRtpPort = range(value)[0];
                    break;
                case "ssrc":
                    try {
                        t.ssrc = Long.parseLong(value, 16) & 0xFFFFFFFFL;
                    } catch (NumberFormatException e) {
                        t.ssrc = -1;
                    }
                    break;
                case "source":
                    t.source = value;
                    break;
                default:
                    break;
            }
        }
        if (t.interleavedRtp >= 0) {
            t.tcp = true; // "RTP/AVP;interleaved=0-1" without /TCP, seen in the field
        }
        return t;
    }

    /** "a-b" → {a, b}; "a" → {a, a+1}; unreadable → {-1, -1}. */
    private static int[] range(String v) {
        try {
            int dash = v.indexOf('-');
            if (dash < 0) {
                int a = Integer.parseInt(v.trim());
                return new int[] {a, a + 1};
            }
            return new int[] {Integer.parseInt(v.substring(0, dash).trim()), Integer.parseInt(v.substring(dash + 1).trim())};
        } catch (NumberFormatException e) {
            return new int[] {-1, -1};
        }
    }

    public static String requestTcp(int rtpChannel) {
        return "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + (rtpChannel + 1);
    }

    public static String requestUdp(int rtpPort) {
        return "RTP/AVP;unicast;client_port=" + rtpPort + "-" + (rtpPort + 1);
    }

    public boolean tcp() {
        return tcp;
    }

    public int interleavedRtp() {
        return interleavedRtp;
    }

    public int interleavedRtcp() {
        return interleavedRtcp;
    }

    public int serverRtpPort() {
        return serverRtpPort;
    }

    public int serverRtcpPort() {
        return serverRtcpPort;
    }

    public int clientRtpPort() {
        return clientRtpPort;
    }

    /** The announced SSRC, or -1. */
    public long ssrc() {
        return ssrc;
    }

    public String source() {
        return source;
    }
}
