package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Some cameras put Annex-B start codes inside RTP payloads (one or several NAL units behind
 * {@code 00 00 01} or {@code 00 00 00 01}). A real NAL header never starts with two zero bytes,
 * so a payload that does is split on its start codes.
 */
final class AnnexBScanner {
    private AnnexBScanner() {
    }

    static boolean startsWithStartCode(ByteBuf buf, int index, int length) {
        if (length < 3 || buf.getByte(index) != 0 || buf.getByte(index + 1) != 0) {
            return false;
        }
        int third = buf.getByte(index + 2);
        return third == 1 || (third == 0 && length >= 4 && buf.getByte(index + 3) == 1);
    }

    /** Calls {@code sink} for every NAL unit between start codes; trailing zero bytes are trimmed. */
    static void split(ByteBuf buf, int index, int length, NalSink sink) {
        int end = index + length;
        int i = index;
        int nalStart = -1;
        while (i + 2 < end) {
            if (buf.getUnsignedByte(i + 2) > 1) {
                i += 3; // no start code can overlap here
                continue;
            }
            if (buf.getByte(i) == 0 && buf.getByte(i + 1) == 0 && buf.getByte(i + 2) == 1) {
                if (nalStart >= 0) {
                    emit(buf, nalStart, i, sink);
                }
                i += 3;
                nalStart = i;
            } else {
                i++;
            }
        }
        if (nalStart >= 0) {
            emit(buf, nalStart, end, sink);
        }
    }

    private static void emit(ByteBuf buf, int from, int to, NalSink sink) {
        int e = to;
        while (e > from && buf.getByte(e - 1) == 0) {
            e--;
        }
        sink.nal(buf, from, e - from);
    }

    @FunctionalInterface
    interface NalSink {
        void nal(ByteBuf buf, int index, int length);
    }
}
