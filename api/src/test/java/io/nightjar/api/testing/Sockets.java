package io.nightjar.api.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Raw TCP connections: connection limits, and requests no well-behaved client library would send. */
public final class Sockets {
    private Sockets() {
    }

    /** Whether the server closed {@code s} (end of stream) within {@code millis}; data or silence is "open". */
    public static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /**
     * Opens {@code n} silent connections to {@code port} one right after another (the caller closes
     * them), quickly enough that no idle timeout of the server can close one meanwhile.
     */
    public static List<Socket> open(int port, int n) throws IOException {
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            open.add(new Socket("127.0.0.1", port));
        }
        return open;
    }

    /** For each socket, in order, whether the server closed it within {@code millis} of this call. */
    public static List<Boolean> closedByServer(List<Socket> sockets, int millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        List<Boolean> closed = new ArrayList<>();
        for (Socket s : sockets) {
            int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
            closed.add(closedWithin(s, left));
        }
        return closed;
    }

    /** An answer's status line and headers, and its body (by Content-Length) as text. */
    public record Answer(int status, String head, String body) {
    }

    /** Sends {@code request} as it is from the local address {@code from} (127.0.0.x) and reads the answer's head. */
    public static Answer exchange(String from, int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readHead(s.getInputStream());
        }
    }

    /** Reads one HTTP or RTSP answer: its head and its body (by Content-Length). */
    public static Answer readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.split(" ")[1]);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Answer(status, text, body);
    }

    /** One kept-alive connection from a given local address: many requests, one after another. */
    public static final class Connection implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;

        public Connection(String from, int port) throws IOException {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** Sends a whole request as it is and reads its answer. */
        public Answer send(String request) throws IOException {
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readHead(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    public static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
