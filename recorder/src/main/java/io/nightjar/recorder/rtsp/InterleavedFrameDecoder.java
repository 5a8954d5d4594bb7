package io.nightjar.recorder.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.nightjar.recorder.stats.Counter;
import java.util.List;

/**
 * Splits one RTSP connection's bytes into interleaved binary frames ({@code $}, channel, 16-bit
 * length, data; RFC 2326 10.12) and RTSP messages (responses and requests the server sends us).
 *
 * <p>Frames are handed to a {@link Listener} in place, synchronously, without allocation: the hot
 * path. Each RTSP message (head plus {@code Content-Length} body) is passed down the pipeline as
 * one retained slice for Netty's {@code RtspDecoder}, one per {@code decode} call so ordering
 * between messages and frames is kept.
 *
 * <p>Bytes that are neither are garbage: skipped one at a time and counted, until a plausible
 * frame (version-2 RTP/RTCP after the {@code $} header) or message start is found. The decoder
 * never closes the connection or throws for bad input.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {
    /** Longest message head accepted (request line or status line plus headers). */
    public static final int MAX_HEAD = 16 * 1024;
    /** Largest message body accepted (an SDP is a few kilobytes). */
    public static final int MAX_BODY = 256 * 1024;
    private static final int MAX_METHOD = 24;

    /** Receives interleaved frames in place; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface Listener {
        void onInterleavedFrame(int channel, ByteBuf buf, int index, int length);
    }

    public final Counter frames = new Counter();
    public final Counter messages = new Counter();
    public final Counter garbageBytes = new Counter();
    public final Counter rejectedMessages = new Counter();
    public final Counter listenerErrors = new Counter();

    private final Listener listener;
    private String lastProblem;

    /**
     * Netty's RTSP decoder configured for cameras: bare LF line ends and header names Netty would
     * call invalid are accepted (this decoder has already bounded the message).
     */
    public static io.netty.handler.codec.rtsp.RtspDecoder newRtspDecoder() {
        return new io.netty.handler.codec.rtsp.RtspDecoder(new io.netty.handler.codec.http.HttpDecoderConfig()
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(MAX_HEAD)
                .setMaxChunkSize(MAX_BODY)
                .setStrictLineParsing(false)
                .setValidateHeaders(false));
    }

    /**
     * Told of a message refused for its size, with the CSeq of its head (null when it has none),
     * so that a server can answer it and close; the decoder discards everything after it. Without
     * a refusal listener the head is dropped and the body resyncs as garbage (the client's way).
     */
    @FunctionalInterface
    public interface Refusal {
        void onOversizedMessage(ChannelHandlerContext ctx, String cseq, String reason);
    }

    private final int maxBody;
    private final Refusal refusal;
    private boolean discarding;

    public InterleavedFrameDecoder(Listener listener) {
        this(listener, MAX_BODY, null);
    }

    /** @param maxBody largest body accepted, at most {@link #MAX_BODY}; @param refusal may be null */
    public InterleavedFrameDecoder(Listener listener, int maxBody, Refusal refusal) {
        if (maxBody < 0 || maxBody > MAX_BODY) {
            throw new IllegalArgumentException("maxBody must be 0.." + MAX_BODY + ", was " + maxBody);
        }
        this.listener = listener;
        this.maxBody = maxBody;
        this.refusal = refusal;
    }

    /** The last reason bytes were skipped, for diagnostics. */
    public String lastProblem() {
        return lastProblem;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            int r = in.readerIndex();
            int n = in.readableBytes();
            if (in.getByte(r) == '$') {
                if (n < 4) {
                    return;
                }
                int length = in.getUnsignedShort(r + 2);
                if (length > 0 && n >= 5 && (in.getUnsignedByte(r + 4) >>> 6) != 2) {
                    skipGarbage(in, "'$' not followed by an RTP/RTCP packet");
                    continue;
                }
                if (n < 4 + length) {
                    return;
                }
                if (length > 0) {
                    deliver(in.getUnsignedByte(r + 1), in, r + 4, length);
                }
                in.readerIndex(r + 4 + length);
                continue;
            }
            int start = messageStart(in, r, n);
            if (start == NEED_MORE) {
                return;
            }
            if (start == NO) {
                skipGarbage(in, "bytes that start neither a '$' frame nor an RTSP message");
                continue;
            }
            int headEnd = headEnd(in, r, Math.min(n, MAX_HEAD));
            if (headEnd < 0) {
                if (n >= MAX_HEAD) {
                    rejectedMessages.increment();
                    skipGarbage(in, "RTSP message head longer than " + MAX_HEAD + " bytes");
                    continue;
                }
                return;
            }
            long contentLength = contentLength(in, r, headEnd);
            if (contentLength < 0 || contentLength > maxBody) {
                rejectedMessages.increment();
                lastProblem = contentLength < 0 ? "unreadable Content-Length" : "Content-Length " + contentLength + " over " + maxBody;
                String cseq = cseq(in, r, headEnd);
                in.readerIndex(headEnd); // drop the head; the body (if any) resyncs as garbage
                if (refusal != null) {
                    refusal.onOversizedMessage(ctx, cseq, lastProblem);
                    discarding = true; // the connection is being closed: nothing after this is read
                    in.skipBytes(in.readableBytes());
                    return;
                }
                continue;
            }
            long total = headEnd - r + contentLength;
            if (n < total) {
                return;
            }
            messages.increment();
            out.add(in.readRetainedSlice((int) total));
            return; // one message per call: the pipeline sees it before any later frame
        }
    }

    private void deliver(int channel, ByteBuf in, int index, int length) {
        frames.increment();
        try {
            listener.onInterleavedFrame(channel, in, index, length);
        } catch (RuntimeException e) {
            listenerErrors.increment();
            lastProblem = "frame listener failed: " + e;
        }
    }

    private void skipGarbage(ByteBuf in, String why) {
        lastProblem = why;
        int r = in.readerIndex();
        int end = in.writerIndex();
        int i = r + 1;
        // Skip to the next byte that could start a frame or a message.
        while (i < end) {
            byte b = in.getByte(i);
            if (b == '$' || (b >= 'A' && b <= 'Z')) {
                break;
            }
            i++;
        }
        garbageBytes.add(i - r);
        in.readerIndex(i);
    }

    private static final int NO = 0;
    private static final int YES = 1;
    private static final int NEED_MORE = 2;

    /** "RTSP/" (a response) or an upper-case method token and a space (a request). */
    static int messageStart(ByteBuf in, int r, int n) {
        for (int i = 0; i < Math.min(n, MAX_METHOD + 1); i++) {
            byte b = in.getByte(r + i);
            if ((b >= 'A' && b <= 'Z') || b == '_') {
                continue;
            }
            if (b == '/' && i == 4 && in.getByte(r) == 'R' && in.getByte(r + 1) == 'T' && in.getByte(r + 2) == 'S' && in.getByte(r + 3) == 'P') {
                return YES;
            }
            if (b == ' ' && i >= 3) {
                return YES;
            }
            return NO;
        }
        return n > MAX_METHOD ? NO : NEED_MORE;
    }

    /** Index just past the blank line ending the head, or -1. Accepts CRLF and bare LF. */
    static int headEnd(ByteBuf in, int r, int limit) {
        for (int i = r; i < r + limit; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            if (i + 1 < r + limit && in.getByte(i + 1) == '\n') {
                return i + 2;
            }
            if (i + 2 < r + limit && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /** The Content-Length of the head in {@code [r, end)}: 0 when absent, -1 when unreadable. */
    static long contentLength(ByteBuf in, int r, int end) {
        int lineStart = r;
        for (int i = r; i < end; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            long v = headerValue(in, lineStart, i);
            if (v != NOT_CONTENT_LENGTH) {
                return v;
            }
            lineStart = i + 1;
        }
        return 0;
    }

    /** The value of the head's CSeq header (digits only, at most 10), or null. */
    static String cseq(ByteBuf in, int r, int end) {
        int lineStart = r;
        for (int i = r; i < end; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            if (i - lineStart > 5 && (in.getByte(lineStart) | 32) == 'c' && (in.getByte(lineStart + 1) | 32) == 's'
                    && (in.getByte(lineStart + 2) | 32) == 'e' && (in.getByte(lineStart + 3) | 32) == 'q' && in.getByte(lineStart + 4) == ':') {
                StringBuilder v = new StringBuilder();
                for (int k = lineStart + 5; k < i && v.length() < 10; k++) {
                    byte b = in.getByte(k);
                    if (b >= '0' && b <= '9') {
                        v.append((char) b);
                    }
                }
                return v.length() == 0 ? null : v.toString();
            }
            lineStart = i + 1;
        }
        return null;
    }

    private static final long NOT_CONTENT_LENGTH = Long.MIN_VALUE;
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static long headerValue(ByteBuf in, int from, int to) {
        int len = CONTENT_LENGTH.length;
        if (to - from < len + 1) {
            return NOT_CONTENT_LENGTH;
        }
        for (int k = 0; k < len; k++) {
            int c = in.getByte(from + k);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != CONTENT_LENGTH[k]) {
                return NOT_CONTENT_LENGTH;
            }
        }
        int i = from + len;
        while (i < to && (in.getByte(i) == ' ' || in.getByte(i) == '\t')) {
            i++;
        }
        if (i >= to || in.getByte(i) != ':') {
            return NOT_CONTENT_LENGTH;
        }
        i++;
        long v = 0;
        int digits = 0;
        for (; i < to; i++) {
            byte b = in.getByte(i);
            if (b >= '0' && b <= '9') {
                if (++digits > 9) {
                    return -1;
                }
                v = v * 10 + (b - '0');
            } else if (b == ' ' || b == '\t' || b == '\r') {
                if (digits > 0) {
                    break;
                }
            } else {
                return -1;
            }
        }
        return digits == 0 ? -1 : v;
    }
}
