package io.nightjar.api.rtsp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A deliberately plain RTSP client over a socket, for tests that need exact requests (Range: clock=) or a reader that stalls. */
final class RawRtspClient implements AutoCloseable {
    /** A response: status, headers (lower-case names), body, and its first line as sent. */
    record Reply(int status, Map<String, String> headers, String body, String statusLine) {
    }

    /** An interleaved frame. */
    record Frame(int channel, byte[] data) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int cseq;

    RawRtspClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    Reply request(String method, String url, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method + " " + url + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n");
        sendRaw(sb.toString());
        return readReply();
    }

    /** Reads the next response, skipping interleaved frames before it. */
    Reply readReply() throws IOException {
        while (true) {
            int b = in.readUnsignedByte();
            if (b == '$') {
                in.readUnsignedByte();
                int len = in.readUnsignedShort();
                in.skipNBytes(len);
                continue;
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write(b);
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                head.write(in.readUnsignedByte());
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    h.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                            (x, y) -> x + "\n" + y);
                }
            }
            int length = Integer.parseInt(h.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Reply(status, h, new String(body, StandardCharsets.UTF_8), lines[0]);
        }
    }

    Frame readFrame() throws IOException {
        int b = in.readUnsignedByte();
        if (b != '$') {
            throw new IOException("expected an interleaved frame, got byte " + b);
        }
        int ch = in.readUnsignedByte();
        int len = in.readUnsignedShort();
        return new Frame(ch, in.readNBytes(len));
    }

    /** True when the server closes the connection within {@code millis} (anything it sends meanwhile is skipped). */
    boolean closedWithin(long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        try {
            while (in.read() >= 0) {
                // skip
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
