package io.nightjar.analytics.motion;

/**
 * A bounding box in normalised image coordinates (0..1).
 *
 * @param x left
 * @param y top
 * @param w width
 * @param h height
 */
public record Box(double x, double y, double w, double h) {
    public Box union(Box o) {
        if (o == null) {
            return this;
        }
        double x0 = Math.min(x, o.x);
        double y0 = Math.min(y, o.y);
        double x1 = Math.max(x + w, o.x + o.w);
        double y1 = Math.max(y + h, o.y + o.h);
        return new Box(x0, y0, x1 - x0, y1 - y0);
    }

    public double area() {
        return w * h;
    }
}
