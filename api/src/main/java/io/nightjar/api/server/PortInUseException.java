package io.nightjar.api.server;

/** A port Nightjar must listen on is taken by another program; the message names the port and the setting that moves it. */
public final class PortInUseException extends Exception {
    private static final long serialVersionUID = 1L;

    PortInUseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code e} (or a cause) is the operating system saying the address is taken (NIO and epoll say it differently). */
    static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
