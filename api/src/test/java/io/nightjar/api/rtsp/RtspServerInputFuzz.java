package io.nightjar.api.rtsp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.nightjar.api.testing.ServerFixture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target: what an RTSP client sends, cut into TCP-sized chunks, into a real connection of
 * the restream server (its own pipeline: framing, bounded codec, {@code RtspConnection}) on an
 * embedded channel, with authentication off so that every method, URL form (live, sub, playback
 * with {@code ?start=}), Transport, Range, Session and CSeq reaches its handling. Every request
 * gets an answer or the connection closes; no answer is a 5xx (a client's mistake is a 4xx);
 * nothing throws out of the pipeline; when the connection closes, every session it held is given
 * back.
 */
public final class RtspServerInputFuzz {
    private static final ServerFixture ENGINE;
    private static final RtspServer SERVER;

    static {
        try {
            Path dir = Files.createTempDirectory("nightjar-fuzz-rtsp");
            EventLoopGroup group = io.nightjar.recorder.net.Transports.group(1, "fuzz-rtsp");
            ENGINE = new ServerFixture(dir.resolve("data")); // the real services behind the listener under test
            SERVER = new RtspServer(group, group, RtspServerSettings.of("127.0.0.1", 0), ENGINE.server.services().live(),
                    ENGINE.server.services().recordings(), ENGINE.server.users(), "cam"::equals, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RtspServerInputFuzz() {
    }

    /** An embedded channel that looks like a TCP connection from a client on this machine. */
    private static final class ClientChannel extends EmbeddedChannel {
        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("127.0.0.1", 40_000);
        }
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 600);
        byte[] bytes = data.consumeRemainingAsBytes();
        int before = SERVER.sessions();
        ClientChannel ch = new ClientChannel();
        SERVER.addConnection(ch.pipeline());
        try {
            for (int off = 0; off < bytes.length && ch.isOpen(); off += chunk) {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, off, Math.min(chunk, bytes.length - off)));
                ch.runPendingTasks();
                drain(ch);
            }
        } finally {
            ch.close();
            ch.runPendingTasks();
            drain(ch);
            ch.finishAndReleaseAll();
        }
        if (SERVER.sessions() != before) {
            throw new IllegalStateException("sessions " + before + " before the connection, " + SERVER.sessions() + " after it closed");
        }
    }

    private static void drain(EmbeddedChannel ch) {
        Object m;
        while ((m = ch.readOutbound()) != null) {
            try {
                // what the encoder wrote: a status line starts an answer's first buffer
                if (m instanceof io.netty.buffer.ByteBuf b && b.readableBytes() >= 10
                        && b.toString(b.readerIndex(), 10, java.nio.charset.StandardCharsets.US_ASCII).startsWith("RTSP/1.0 5")) {
                    throw new IllegalStateException("a client's request was answered with a 5xx (a client's mistake is a 4xx): "
                            + b.toString(java.nio.charset.StandardCharsets.US_ASCII));
                }
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
        while ((m = ch.readInbound()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
