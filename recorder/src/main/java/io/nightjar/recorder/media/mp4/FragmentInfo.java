package io.nightjar.recorder.media.mp4;

/**
 * A complete fragment found in a segment file.
 *
 * @param offset          file offset of the fragment's first box (prft, or moof)
 * @param length          bytes from offset to the end of its mdat
 * @param wallMicros      UTC µs of the first sample (from prft), or -1 when the fragment has none
 * @param baseDecodeTime  tfdt of the first sample, 90 kHz
 * @param dataOffset      file offset of the first sample's bytes
 * @param sampleSizes     per sample
 * @param sampleDurations per sample, 90 kHz
 * @param sampleFlags     per sample (ISO-BMFF sample_flags)
 * @param compositionOffsets per sample, or null when all zero
 */
public record FragmentInfo(long offset, long length, long wallMicros, long baseDecodeTime, long dataOffset,
                           int[] sampleSizes, int[] sampleDurations, int[] sampleFlags, int[] compositionOffsets) {
    public int samples() {
        return sampleSizes.length;
    }

    public long durationTicks() {
        long d = 0;
        for (int v : sampleDurations) {
            d += v;
        }
        return d;
    }

    public boolean startsWithKey() {
        return sampleFlags.length > 0 && Boxes.isKey(sampleFlags[0]);
    }

    public long end() {
        return offset + length;
    }
}
