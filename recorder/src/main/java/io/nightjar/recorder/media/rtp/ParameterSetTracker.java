package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.MalformedBitstreamException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Keeps the latest VPS/SPS/PPS of a stream, seeded from the SDP and updated from in-band NAL
 * units, and turns them into a {@link CodecConfig} when they change. Compares in place, so an
 * unchanged parameter set repeated before every keyframe costs no allocation.
 */
final class ParameterSetTracker {
    enum Kind { VPS, SPS, PPS }

    private final Codec codec;
    private final DepacketizerStats stats;
    private final Consumer<String> warnings;
    private byte[] vps;
    private byte[] sps;
    private byte[] pps;
    private boolean dirty;
    private CodecConfig current;

    ParameterSetTracker(Codec codec, DepacketizerStats stats, Consumer<String> warnings) {
        this.codec = codec;
        this.stats = stats;
        this.warnings = warnings;
    }

    /** Seeds from out-of-band parameter sets (SDP); nulls and empty arrays are ignored. */
    void seed(byte[] vps, byte[] sps, byte[] pps) {
        if (vps != null && vps.length > 0) {
            this.vps = vps.clone();
        }
        if (sps != null && sps.length > 0) {
            this.sps = sps.clone();
        }
        if (pps != null && pps.length > 0) {
            this.pps = pps.clone();
        }
        dirty = true;
    }

    void offer(Kind kind, ByteBuf src, int index, int length) {
        byte[] existing = kind == Kind.VPS ? vps : kind == Kind.SPS ? sps : pps;
        if (existing != null && sameBytes(existing, src, index, length)) {
            return;
        }
        byte[] copy = new byte[length];
        src.getBytes(index, copy);
        switch (kind) {
            case VPS:
                vps = copy;
                break;
            case SPS:
                sps = copy;
                break;
            default:
                pps = copy;
                break;
        }
        dirty = true;
    }

    private static boolean sameBytes(byte[] a, ByteBuf src, int index, int length) {
        if (a.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (a[i] != src.getByte(index + i)) {
                return false;
            }
        }
        return true;
    }

    /** The configuration in force, rebuilt if the parameter sets changed; null while incomplete. */
    CodecConfig config() {
        if (!dirty) {
            return current;
        }
        boolean complete = sps != null && pps != null && (codec == Codec.H264 || vps != null);
        if (!complete) {
            return current;
        }
        dirty = false;
        if (current != null && current.matches(codec == Codec.H264 ? null : vps, sps, pps)) {
            return current;
        }
        try {
            CodecConfig next = codec == Codec.H264 ? CodecConfig.h264(sps, pps) : CodecConfig.h265(vps, sps, pps);
            if (current != null) {
                stats.configChanges.increment();
                warnings.accept("codec configuration changed from " + current + " to " + next);
            }
            current = next;
        } catch (MalformedBitstreamException e) {
            stats.badParameterSets.increment();
            warnings.accept("ignoring parameter sets that do not parse: " + e.getMessage()
                    + " (SPS " + Arrays.toString(Arrays.copyOf(sps, Math.min(sps.length, 8))) + "...)");
        }
        return current;
    }

    void clear() {
        vps = null;
        sps = null;
        pps = null;
        current = null;
        dirty = false;
    }
}
