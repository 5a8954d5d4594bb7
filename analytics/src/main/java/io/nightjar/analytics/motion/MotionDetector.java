package io.nightjar.analytics.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.accumulateWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.drawContours;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds motion in analysis-size luma frames.
 *
 * <ol>
 *   <li>blur (5 × 5) against sensor noise;</li>
 *   <li>contrast normalisation: the frame is expressed in units of its own mean and standard
 *   deviation, so a global gain change (lights, clouds, auto-exposure) leaves it unchanged;</li>
 *   <li>difference against a running-average background (time constant 3 s);</li>
 *   <li>threshold (from the sensitivity), masks, dilation, contours with a minimum area;</li>
 *   <li>if most of the picture changed at once, it is a global change (a light switched, an IR
 *   filter flipped), not motion: the background is re-seeded and no motion is reported.</li>
 * </ol>
 * Native matrices are allocated once and reused; one detector per camera, one thread at a time.
 */
public final class MotionDetector implements AutoCloseable {
    private static final double BACKGROUND_SECONDS = 3.0;
    /** Where things move the background still follows, slowly: a parked car becomes background. */
    private static final double STATIONARY_SECONDS = 20.0;
    private static final double GLOBAL_CHANGE_FRACTION = 0.5;

    private final MotionSettings settings;
    private final Mat blurred = new Mat();
    private final Mat norm = new Mat();
    private final Mat background = new Mat();
    private final Mat diff = new Mat();
    private final Mat binaryF = new Mat();
    private final Mat binary = new Mat();
    private final Mat contourInput = new Mat();
    private final Mat filtered = new Mat();
    private final Mat gridSmall = new Mat();
    private final Mat scratch = new Mat();
    private final Mat meanMat = new Mat();
    private final Mat stdMat = new Mat();
    private final Mat kernel = getStructuringElement(MORPH_RECT, new Size(3, 3));
    private final Size blurSize = new Size(5, 5);
    private final Size gridSize = new Size(MotionGrid.COLUMNS, MotionGrid.ROWS);
    private final Point anchor = new Point(-1, -1);
    private final Point origin = new Point(0, 0);
    private final Mat noHierarchy = new Mat();
    private final Scalar white = new Scalar(255.0);
    private final Scalar black = new Scalar(0.0);
    private Mat analysed;
    private int analysedArea;
    private final Map<String, Mat> zoneMasks = new LinkedHashMap<>();
    private final Map<String, Integer> zoneAreas = new LinkedHashMap<>();
    private int width;
    private int height;
    private boolean seeded;

    public MotionDetector(MotionSettings settings) {
        this.settings = settings;
    }

    /** Forgets the background: the next frame becomes it (after a light change). */
    public void recalibrate() {
        seeded = false;
    }

    /**
     * @param luma    analysis-size 8-bit grey frame
     * @param seconds time since the previous analysed frame (for the background time constant)
     */
    public MotionResult detect(Mat luma, double seconds) {
        if (luma.cols() != width || luma.rows() != height) {
            resizeMasks(luma.cols(), luma.rows());
        }
        GaussianBlur(luma, blurred, blurSize, 0);
        meanStdDev(blurred, meanMat, stdMat);
        double mean = first(meanMat);
        double std = Math.max(4.0, first(stdMat));
        blurred.convertTo(norm, CV_32F, 1.0 / std, -mean / std);
        if (!seeded) {
            norm.copyTo(background);
            seeded = true;
            return new MotionResult(0, null, emptyZones(), new byte[MotionGrid.BYTES], false);
        }
        absdiff(norm, background, diff);
        threshold(diff, binaryF, settings.threshold(), 255, THRESH_BINARY);
        binaryF.convertTo(binary, CV_8UC1);
        bitwise_and(binary, analysed, binary);
        double changed = (double) countNonZero(binary) / analysedArea;
        if (changed > GLOBAL_CHANGE_FRACTION) {
            norm.copyTo(background);
            return new MotionResult(0, null, emptyZones(), new byte[MotionGrid.BYTES], true);
        }
        dilate(binary, binary, kernel, anchor, 2, org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT, black);
        binary.copyTo(contourInput);
        filtered.put(black);
        Box box = null;
        double minArea = settings.minAreaFraction() * width * height;
        try (MatVector contours = new MatVector()) {
            findContours(contourInput, contours, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
            for (int i = 0; i < contours.size(); i++) {
                Mat c = contours.get(i);
                if (contourArea(c) < minArea) {
                    continue;
                }
                drawContours(filtered, contours, i, white, FILLED, org.bytedeco.opencv.global.opencv_imgproc.LINE_8, noHierarchy, Integer.MAX_VALUE, origin);
                Rect r = boundingRect(c);
                Box b = new Box((double) r.x() / width, (double) r.y() / height, (double) r.width() / width,
                        (double) r.height() / height);
                box = b.union(box);
                r.close();
            }
        }
        bitwise_and(filtered, analysed, filtered);
        double score = (double) countNonZero(filtered) / analysedArea;
        Map<String, Double> zones = new LinkedHashMap<>();
        for (Map.Entry<String, Mat> z : zoneMasks.entrySet()) {
            bitwise_and(filtered, z.getValue(), scratch);
            int area = zoneAreas.get(z.getKey());
            zones.put(z.getKey(), area == 0 ? 0.0 : (double) countNonZero(scratch) / area);
        }
        byte[] grid = grid();
        // Update the background quickly where nothing moves, so a walker does not smear in, and
        // slowly everywhere, so a lasting change (a parked car, a moved chair) stops being motion.
        double dt = Math.max(0.01, seconds);
        accumulateWeighted(norm, background, 1 - Math.exp(-dt / STATIONARY_SECONDS));
        bitwise_not(filtered, scratch);
        accumulateWeighted(norm, background, 1 - Math.exp(-dt / BACKGROUND_SECONDS), scratch);
        return new MotionResult(score, score > 0 ? box : null, zones, grid, false);
    }

    private byte[] grid() {
        byte[] g = new byte[MotionGrid.BYTES];
        resize(filtered, gridSmall, gridSize, 0, 0, INTER_AREA);
        try (UByteIndexer idx = gridSmall.createIndexer()) {
            for (int r = 0; r < MotionGrid.ROWS; r++) {
                for (int c = 0; c < MotionGrid.COLUMNS; c++) {
                    if (idx.get(r, c) > 0) {
                        MotionGrid.set(g, c, r);
                    }
                }
            }
        }
        return g;
    }

    private Map<String, Double> emptyZones() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String z : zoneMasks.keySet()) {
            m.put(z, 0.0);
        }
        return m;
    }

    private void resizeMasks(int w, int h) {
        width = w;
        height = h;
        seeded = false;
        filtered.create(h, w, CV_8UC1);
        if (analysed != null) {
            analysed.close();
        }
        analysed = new Mat(h, w, CV_8UC1, white);
        for (Polygon p : settings.masks()) {
            fill(analysed, p, black);
        }
        analysedArea = Math.max(1, countNonZero(analysed));
        for (Mat m : zoneMasks.values()) {
            m.close();
        }
        zoneMasks.clear();
        zoneAreas.clear();
        for (Map.Entry<String, Polygon> z : settings.zones().entrySet()) {
            Mat m = new Mat(h, w, CV_8UC1, black);
            fill(m, z.getValue(), white);
            bitwise_and(m, analysed, m);
            zoneMasks.put(z.getKey(), m);
            zoneAreas.put(z.getKey(), countNonZero(m));
        }
    }

    private void fill(Mat target, Polygon p, Scalar colour) {
        int n = p.points().size();
        try (Mat pts = new Mat(n, 1, CV_32SC2); MatVector v = new MatVector(1)) {
            try (IntIndexer idx = pts.createIndexer()) {
                for (int i = 0; i < n; i++) {
                    double[] xy = p.points().get(i);
                    idx.put(i, 0, 0, (int) Math.round(xy[0] * (width - 1)));
                    idx.put(i, 0, 1, (int) Math.round(xy[1] * (height - 1)));
                }
            }
            v.put(0, pts);
            fillPoly(target, v, colour);
        }
    }

    private static double first(Mat m) {
        try (DoubleIndexer idx = m.createIndexer()) {
            return idx.get(0);
        }
    }

    @Override
    public void close() {
        for (Mat m : new Mat[] {blurred, norm, background, diff, binaryF, binary, contourInput, filtered, gridSmall, scratch,
            meanMat, stdMat, kernel}) {
            m.close();
        }
        if (analysed != null) {
            analysed.close();
        }
        for (Mat m : zoneMasks.values()) {
            m.close();
        }
        blurSize.close();
        gridSize.close();
        anchor.close();
        origin.close();
        noHierarchy.close();
        white.close();
        black.close();
    }
}
