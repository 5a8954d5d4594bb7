package io.nightjar.api.service;

/** A rectangle of the picture in fractions of its width and height (0..1), x0 < x1, y0 < y1. */
public record Region(double x0, double y0, double x1, double y1) {
    public static final Region WHOLE = new Region(0, 0, 1, 1);

    public Region {
        for (double d : new double[] {x0, y0, x1, y1}) {
            if (!(d >= 0 && d <= 1)) {
                throw ServiceException.invalid("'region' values must be between 0 and 1");
            }
        }
        if (x1 <= x0 || y1 <= y0) {
            throw ServiceException.invalid("'region' must have x1 > x0 and y1 > y0");
        }
    }

    /** {@code x0,y0,x1,y1}; null is the whole picture. */
    public static Region parse(String v) {
        if (v == null) {
            return WHOLE;
        }
        String[] p = v.split(",");
        if (p.length != 4) {
            throw ServiceException.invalid("'region' must be x0,y0,x1,y1 (fractions of the picture, 0..1)");
        }
        double[] d = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                d[i] = Double.parseDouble(p[i].trim());
            }
        } catch (NumberFormatException e) {
            throw ServiceException.invalid("'region' must be four numbers, was '" + v + "'");
        }
        return new Region(d[0], d[1], d[2], d[3]);
    }
}
