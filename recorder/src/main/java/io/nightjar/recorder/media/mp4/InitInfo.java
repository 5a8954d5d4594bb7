package io.nightjar.recorder.media.mp4;

/**
 * What the init segment (ftyp + moov) of a segment file says.
 *
 * @param length      bytes of ftyp + moov: the first fragment starts here
 * @param sampleEntry the whole avc1/hvc1 box, copied verbatim into export sample descriptions
 * @param codecFourcc "avc1" or "hvc1"
 * @param width       from the sample entry
 * @param height      from the sample entry
 */
public record InitInfo(long length, byte[] sampleEntry, String codecFourcc, int width, int height) {
}
