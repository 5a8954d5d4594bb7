package io.nightjar.api.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** Raw TCP connections for tests of connection limits. */
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
