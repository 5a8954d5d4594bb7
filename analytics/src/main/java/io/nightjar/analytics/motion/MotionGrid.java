package io.nightjar.analytics.motion;

/**
 * A 32 × 18 grid of cells over the image (16:9 friendly), one bit per cell: 1 where motion was
 * seen. 576 bits in 72 bytes, row by row, most significant bit first. Grids of a second are ORed
 * together and stored for smart search.
 */
public final class MotionGrid {
    public static final int COLUMNS = 32;
    public static final int ROWS = 18;
    public static final int BYTES = COLUMNS * ROWS / 8;

    private MotionGrid() {
    }

    public static boolean get(byte[] grid, int col, int row) {
        int bit = row * COLUMNS + col;
        return (grid[bit >>> 3] & (0x80 >>> (bit & 7))) != 0;
    }

    public static void set(byte[] grid, int col, int row) {
        int bit = row * COLUMNS + col;
        grid[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
    }

    public static void or(byte[] into, byte[] from) {
        for (int i = 0; i < BYTES; i++) {
            into[i] |= from[i];
        }
    }

    public static boolean any(byte[] grid) {
        for (byte b : grid) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    /** A grid with the cells a normalised rectangle touches. */
    public static byte[] region(double x0, double y0, double x1, double y1) {
        byte[] g = new byte[BYTES];
        int c0 = clamp((int) Math.floor(Math.min(x0, x1) * COLUMNS), COLUMNS);
        int c1 = clamp((int) Math.ceil(Math.max(x0, x1) * COLUMNS) - 1, COLUMNS);
        int r0 = clamp((int) Math.floor(Math.min(y0, y1) * ROWS), ROWS);
        int r1 = clamp((int) Math.ceil(Math.max(y0, y1) * ROWS) - 1, ROWS);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                set(g, c, r);
            }
        }
        return g;
    }

    /** True when the two grids share a cell. */
    public static boolean intersects(byte[] a, byte[] b) {
        for (int i = 0; i < BYTES; i++) {
            if ((a[i] & b[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
