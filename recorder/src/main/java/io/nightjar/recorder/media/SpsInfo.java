package io.nightjar.recorder.media;

/**
 * What a sequence parameter set says about the picture.
 *
 * @param width          display width in pixels (after cropping)
 * @param height         display height in pixels (after cropping)
 * @param fps            frame rate from the VUI timing information, or 0 when the SPS does not say
 * @param codecString    RFC 6381 codec string, e.g. {@code avc1.64001f} or {@code hvc1.1.6.L93.B0}
 * @param chromaFormat   chroma_format_idc (1 = 4:2:0)
 * @param bitDepthLuma   luma bit depth
 * @param bitDepthChroma chroma bit depth
 */
public record SpsInfo(int width, int height, double fps, String codecString, int chromaFormat,
                      int bitDepthLuma, int bitDepthChroma) {
}
