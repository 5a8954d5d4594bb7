package io.nightjar.api.demo;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws the simulated camera's scene: a yard (sky, lawn, a house, a tree), a time stamp in the
 * top-left corner (masked in the demo's analytics), and a visitor who walks across for 8 seconds
 * of every 30, so motion events open and close all the time.
 */
final class SceneRenderer implements AutoCloseable {
    static final int CYCLE_SECONDS = 30;
    static final int WALK_SECONDS = 8;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final int width;
    private final int height;
    private final Mat background;
    private final Mat frame;

    SceneRenderer(int width, int height) {
        this.width = width;
        this.height = height;
        this.background = new Mat(height, width, opencv_core.CV_8UC3);
        this.frame = new Mat(height, width, opencv_core.CV_8UC3);
        drawBackground();
    }

    private void drawBackground() {
        int horizon = height * 55 / 100;
        rectangle(background, new Rect(0, 0, width, horizon), new Scalar(200, 170, 120, 0), -1, LINE_AA, 0);
        rectangle(background, new Rect(0, horizon, width, height - horizon), new Scalar(60, 140, 70, 0), -1, LINE_AA, 0);
        int hx = width * 55 / 100;
        int hw = width / 4;
        int hh = height / 4;
        rectangle(background, new Rect(hx, horizon - hh, hw, hh), new Scalar(90, 110, 170, 0), -1, LINE_AA, 0);
        rectangle(background, new Rect(hx + hw / 2 - hw / 10, horizon - hh / 2, hw / 5, hh / 2), new Scalar(40, 60, 90, 0), -1,
                LINE_AA, 0);
        int tx = width / 6;
        rectangle(background, new Rect(tx - 8, horizon - height / 6, 16, height / 6), new Scalar(30, 60, 90, 0), -1, LINE_AA, 0);
        circle(background, new Point(tx, horizon - height / 6), height / 10, new Scalar(40, 110, 40, 0), -1, LINE_AA, 0);
    }

    /** Renders the scene at {@code wallMicros} (BGR, reused: valid until the next call). */
    Mat render(long wallMicros) {
        background.copyTo(frame);
        double t = (wallMicros / 1_000_000.0) % CYCLE_SECONDS;
        if (t < WALK_SECONDS) {
            double x = t / WALK_SECONDS;
            int pw = width / 16;
            int ph = height / 4;
            int px = (int) (-pw + x * (width + pw));
            int py = height * 55 / 100 + height / 10 - ph / 2;
            rectangle(frame, new Rect(px, py, pw, ph), new Scalar(50, 50, 180, 0), -1, LINE_AA, 0);
            circle(frame, new Point(px + pw / 2, py - pw / 3), pw / 3, new Scalar(120, 160, 220, 0), -1, LINE_AA, 0);
        }
        rectangle(frame, new Rect(0, 0, width / 2, height / 12), new Scalar(0, 0, 0, 0), -1, LINE_AA, 0);
        putText(frame, "DEMO " + STAMP.format(Instant.ofEpochMilli(wallMicros / 1000)) + " UTC", new Point(8, height / 12 - 10),
                FONT_HERSHEY_SIMPLEX, height / 900.0 + 0.2, new Scalar(255, 255, 255, 0), 1, LINE_AA, false);
        return frame;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    @Override
    public void close() {
        background.close();
        frame.close();
    }
}
