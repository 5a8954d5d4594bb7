package io.nightjar.recorder.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable codec configuration: the parameter sets of a stream and what they describe.
 * A new instance exists only when the parameter sets change (for example a new resolution), so
 * consumers detect a change with a reference comparison and fall back to {@link #equals} only
 * when they need to.
 */
public final class CodecConfig {
    private final Codec codec;
    private final byte[] vps;
    private final byte[] sps;
    private final byte[] pps;
    private final SpsInfo info;
    private final byte[] decoderConfigurationRecord;

    private CodecConfig(Codec codec, byte[] vps, byte[] sps, byte[] pps, SpsInfo info, byte[] record) {
        this.codec = codec;
        this.vps = vps;
        this.sps = sps;
        this.pps = pps;
        this.info = info;
        this.decoderConfigurationRecord = record;
    }

    /** Builds an H.264 configuration; the SPS must parse. */
    public static CodecConfig h264(byte[] sps, byte[] pps) throws MalformedBitstreamException {
        Objects.requireNonNull(sps, "sps");
        Objects.requireNonNull(pps, "pps");
        SpsInfo info = H264SpsParser.parse(sps);
        byte[] avcC = DecoderConfigurationRecords.avcC(sps, pps, info);
        return new CodecConfig(Codec.H264, null, sps.clone(), pps.clone(), info, avcC);
    }

    /** Builds an H.265 configuration; the SPS must parse. */
    public static CodecConfig h265(byte[] vps, byte[] sps, byte[] pps) throws MalformedBitstreamException {
        Objects.requireNonNull(vps, "vps");
        Objects.requireNonNull(sps, "sps");
        Objects.requireNonNull(pps, "pps");
        H265SpsParser.Result parsed = H265SpsParser.parseFully(sps);
        byte[] hvcC = DecoderConfigurationRecords.hvcC(vps, sps, pps, parsed);
        return new CodecConfig(Codec.H265, vps.clone(), sps.clone(), pps.clone(), parsed.info(), hvcC);
    }

    public Codec codec() {
        return codec;
    }

    public int width() {
        return info.width();
    }

    public int height() {
        return info.height();
    }

    /** Frame rate declared in the SPS, 0 when not declared. */
    public double declaredFps() {
        return info.fps();
    }

    public String codecString() {
        return info.codecString();
    }

    public SpsInfo spsInfo() {
        return info;
    }

    /** The VPS (H.265 only), or null. */
    public byte[] vps() {
        return vps == null ? null : vps.clone();
    }

    public byte[] sps() {
        return sps.clone();
    }

    public byte[] pps() {
        return pps.clone();
    }

    /** The avcC or hvcC record for MP4 sample entries and decoder extradata. */
    public byte[] decoderConfigurationRecord() {
        return decoderConfigurationRecord.clone();
    }

    /** Parameter sets as a list in decoding order (VPS, SPS, PPS). */
    public java.util.List<byte[]> parameterSets() {
        return vps == null ? java.util.List.of(sps(), pps()) : java.util.List.of(vps(), sps(), pps());
    }

    /** True when the given parameter sets are the ones this configuration holds. */
    public boolean matches(byte[] vps, byte[] sps, byte[] pps) {
        return Arrays.equals(this.vps, vps) && Arrays.equals(this.sps, sps) && Arrays.equals(this.pps, pps);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CodecConfig)) {
            return false;
        }
        CodecConfig c = (CodecConfig) o;
        return codec == c.codec && matches(c.vps, c.sps, c.pps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, Arrays.hashCode(vps), Arrays.hashCode(sps), Arrays.hashCode(pps));
    }

    @Override
    public String toString() {
        String fps = info.fps() > 0 ? String.format(java.util.Locale.ROOT, " %.2ffps", info.fps()) : "";
        return codec + " " + info.width() + "x" + info.height() + fps + " " + info.codecString();
    }
}
