package io.nightjar.recorder.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The network transport: Linux epoll (Netty's native transport: edge-triggered, fewer system
 * calls and no selected-key churn) when it loads, else Java NIO. {@code -Dnightjar.transport=nio}
 * forces NIO. Channel classes follow the event loop group they are registered with, so code given
 * a NIO group (tests) keeps working.
 */
public final class Transports {
    private static final boolean EPOLL = !"nio".equals(System.getProperty("nightjar.transport")) && Epoll.isAvailable();

    private Transports() {
    }

    /** An event loop group of the preferred transport; {@code name} prefixes its thread names. */
    public static EventLoopGroup group(int threads, String name) {
        DefaultThreadFactory f = new DefaultThreadFactory(name, true);
        return EPOLL ? new MultiThreadIoEventLoopGroup(threads, f, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(threads, f, NioIoHandler.newFactory());
    }

    /** "epoll" or "nio". */
    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }

    private static boolean epoll(EventLoopGroup g) {
        return g instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
    }

    public static Class<? extends Channel> socket(EventLoopGroup g) {
        return epoll(g) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends ServerChannel> serverSocket(EventLoopGroup g) {
        return epoll(g) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends Channel> datagram(EventLoopGroup g) {
        return epoll(g) ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
