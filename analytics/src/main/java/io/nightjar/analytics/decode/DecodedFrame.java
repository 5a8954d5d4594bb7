package io.nightjar.analytics.decode;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A decoded picture prepared for analysis: the luma plane at the analysis width (8-bit, owned by
 * the decoder and overwritten by the next frame), and a cheap colour measure.
 *
 * @param luma        analysis-size grey image; valid until the next decode
 * @param pts90k      presentation timestamp
 * @param wallMicros  wall-clock time of the frame
 * @param key         decoded from a keyframe
 * @param colourfulness mean distance of the chroma from grey (0 for an IR/monochrome picture)
 * @param sourceWidth  decoded width before scaling
 * @param sourceHeight decoded height before scaling
 */
public record DecodedFrame(Mat luma, long pts90k, long wallMicros, boolean key, double colourfulness, int sourceWidth,
                           int sourceHeight) {
}
