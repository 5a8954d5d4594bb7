package io.nightjar.recorder.media;

/**
 * Reads bits, Exp-Golomb codes and flags from an RBSP (emulation prevention already removed).
 * Reading past the end raises {@link MalformedBitstreamException} instead of returning zeros, so a
 * truncated parameter set is reported rather than silently mis-parsed.
 */
public final class BitReader {
    private final byte[] data;
    private final int endBit;
    private int bit;

    public BitReader(byte[] data) {
        this(data, 0, data.length);
    }

    public BitReader(byte[] data, int offset, int length) {
        this.data = data;
        this.bit = offset * 8;
        this.endBit = (offset + length) * 8;
    }

    public int position() {
        return bit;
    }

    public int bitsLeft() {
        return endBit - bit;
    }

    public boolean readFlag() throws MalformedBitstreamException {
        return readBits(1) == 1;
    }

    /** Reads up to 32 bits as an unsigned value in a long's low bits. */
    public long readBitsLong(int n) throws MalformedBitstreamException {
        if (n < 0 || n > 64) {
            throw new IllegalArgumentException("bit count " + n);
        }
        if (bit + n > endBit) {
            throw new MalformedBitstreamException("needed " + n + " bits at bit " + bit + " but only " + (endBit - bit) + " remain");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            int b = (data[bit >>> 3] >>> (7 - (bit & 7))) & 1;
            v = (v << 1) | b;
            bit++;
        }
        return v;
    }

    public int readBits(int n) throws MalformedBitstreamException {
        if (n > 32) {
            throw new IllegalArgumentException("use readBitsLong for " + n + " bits");
        }
        return (int) readBitsLong(n);
    }

    public void skipBits(int n) throws MalformedBitstreamException {
        if (bit + n > endBit) {
            throw new MalformedBitstreamException("cannot skip " + n + " bits at bit " + bit);
        }
        bit += n;
    }

    /** Unsigned Exp-Golomb ue(v); values beyond 2^31-2 are rejected as malformed. */
    public int readUE() throws MalformedBitstreamException {
        int leadingZeros = 0;
        while (readBits(1) == 0) {
            leadingZeros++;
            if (leadingZeros > 31) {
                throw new MalformedBitstreamException("Exp-Golomb code longer than 31 bits at bit " + bit);
            }
        }
        long value = (1L << leadingZeros) - 1 + readBitsLong(leadingZeros);
        if (value > Integer.MAX_VALUE - 1) {
            throw new MalformedBitstreamException("Exp-Golomb value out of range at bit " + bit);
        }
        return (int) value;
    }

    /** Signed Exp-Golomb se(v). */
    public int readSE() throws MalformedBitstreamException {
        int k = readUE();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** Reads ue(v) and checks it lies in [min, max]; names the field in the error. */
    public int readUE(String field, int min, int max) throws MalformedBitstreamException {
        int v = readUE();
        if (v < min || v > max) {
            throw new MalformedBitstreamException(field + " = " + v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }
}
