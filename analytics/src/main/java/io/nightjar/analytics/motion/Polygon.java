package io.nightjar.analytics.motion;

import java.util.List;

/**
 * A polygon in normalised image coordinates (0..1 from the left/top edge), so masks and zones
 * survive resolution changes and sub-stream analysis.
 *
 * @param points x,y pairs
 */
public record Polygon(List<double[]> points) {
    public Polygon {
        if (points == null || points.size() < 3) {
            throw new IllegalArgumentException("a polygon needs at least 3 points");
        }
        for (double[] p : points) {
            if (p.length != 2 || p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1 || Double.isNaN(p[0]) || Double.isNaN(p[1])) {
                throw new IllegalArgumentException("polygon points must be [x, y] with 0 <= x, y <= 1");
            }
        }
        points = List.copyOf(points);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Polygon)) {
            return false;
        }
        List<double[]> other = ((Polygon) o).points;
        if (other.size() != points.size()) {
            return false;
        }
        for (int i = 0; i < points.size(); i++) {
            if (!java.util.Arrays.equals(points.get(i), other.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (double[] p : points) {
            h = 31 * h + java.util.Arrays.hashCode(p);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Polygon[");
        for (double[] p : points) {
            sb.append('(').append(p[0]).append(',').append(p[1]).append(')');
        }
        return sb.append(']').toString();
    }

    /** An axis-aligned rectangle. */
    public static Polygon rect(double x0, double y0, double x1, double y1) {
        return new Polygon(List.of(new double[] {x0, y0}, new double[] {x1, y0}, new double[] {x1, y1}, new double[] {x0, y1}));
    }
}
