package io.nightjar.analytics.tamper;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.accumulateWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.createHanningWindow;
import static org.bytedeco.opencv.global.opencv_imgproc.phaseCorrelate;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2d;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Watches one camera for tampering:
 * <ul>
 *   <li>{@code tamper.covered}: the picture has almost no contrast (lens blocked, blacked out, or a
 *   uniform colour);</li>
 *   <li>{@code tamper.defocus}: sharpness (variance of the Laplacian) far below this camera's own
 *   learned reference, so a dark or featureless scene does not trip it the way a fixed threshold
 *   would;</li>
 *   <li>{@code tamper.moved}: the whole scene shifted against a reference view, found by phase
 *   correlation: objects moving in the scene leave the background where it was and do not count.</li>
 * </ul>
 * References are learned per mode (day colour / IR monochrome), adapt slowly, and only while no
 * condition is pending and no light change is under way.
 */
public final class TamperDetector implements AutoCloseable {
    /** Receives event transitions. */
    @FunctionalInterface
    public interface Listener {
        void onChange(String type, boolean started, double score, long sinceMicros);
    }

    public static final String COVERED = "tamper.covered";
    public static final String DEFOCUS = "tamper.defocus";
    public static final String MOVED = "tamper.moved";

    private static final int WARMUP_FRAMES = 20;
    private static final double SHARPNESS_TAU_SECONDS = 120;
    private static final double VIEW_TAU_SECONDS = 300;
    private static final double MIN_PHASE_RESPONSE = 0.1;
    private static final int SMALL_W = 128;
    private static final int SMALL_H = 72;

    private final TamperSettings settings;
    private final Persistence covered;
    private final Persistence defocus;
    private final Persistence moved;
    private final Mode[] modes = {new Mode(), new Mode()};
    private final Mat lap = new Mat();
    private final Mat meanMat = new Mat();
    private final Mat stdMat = new Mat();
    private final Mat small = new Mat();
    private final Mat smallF = new Mat();
    private final Mat window = new Mat();
    private final Mat refWork = new Mat();
    private final Mat curWork = new Mat();
    private final Size smallSize = new Size(SMALL_W, SMALL_H);
    private final double[] response = new double[1];
    private double lastScore;
    private boolean disturbed;
    private boolean movedNow;
    private boolean defocusedNow;
    private long lastStructureCheck = Long.MIN_VALUE;
    /** Sharpness and scene position are checked at most this often: they persist for seconds anyway. */
    private static final long STRUCTURE_INTERVAL_MICROS = 200_000L;

    /** Learned references of one mode. */
    private static final class Mode {
        double sharpness;
        int frames;
        final Mat view = new Mat();
        boolean viewReady;
    }

    public TamperDetector(TamperSettings settings) {
        this.settings = settings;
        long persist = (long) (settings.persistSeconds() * 1e6);
        long recover = (long) (settings.recoverSeconds() * 1e6);
        this.covered = new Persistence(persist, recover);
        this.defocus = new Persistence(persist, recover);
        this.moved = new Persistence(persist, recover);
        createHanningWindow(window, smallSize, CV_32F);
    }

    /**
     * @param luma        analysis-size 8-bit frame
     * @param monochrome  the picture is in IR/night mode
     * @param lightChange a light change is under way (defocus and move are not judged during it)
     * @param seconds     time since the previous analysed frame
     */
    public void update(Mat luma, long tMicros, boolean monochrome, boolean lightChange, double seconds, Listener listener) {
        meanStdDev(luma, meanMat, stdMat);
        double contrast = first(stdMat);
        boolean isCovered = contrast < settings.coveredContrast();
        coveredNow = isCovered;
        emit(COVERED, covered.update(isCovered, tMicros), covered, 1 - contrast / settings.coveredContrast(), listener);

        Mode mode = modes[monochrome ? 1 : 0];
        if (lastStructureCheck != Long.MIN_VALUE && tMicros - lastStructureCheck < STRUCTURE_INTERVAL_MICROS
                && tMicros >= lastStructureCheck) {
            disturbed = isCovered || defocusedNow || movedNow || covered.active() || defocus.active() || moved.active();
            return;
        }
        double elapsed = lastStructureCheck == Long.MIN_VALUE ? seconds : Math.max(seconds, (tMicros - lastStructureCheck) / 1e6);
        lastStructureCheck = tMicros;
        Laplacian(luma, lap, CV_16S);
        meanStdDev(lap, meanMat, stdMat);
        double sharp = first(stdMat) * first(stdMat);
        resize(luma, small, smallSize, 0, 0, INTER_AREA);
        small.convertTo(smallF, CV_32F);

        boolean judge = !isCovered && !lightChange && mode.frames >= WARMUP_FRAMES;
        boolean isDefocused = judge && mode.sharpness > 20 && sharp < settings.defocusRatio() * mode.sharpness;
        defocusedNow = isDefocused;
        emit(DEFOCUS, defocus.update(isDefocused, tMicros), defocus,
                mode.sharpness > 0 ? 1 - sharp / mode.sharpness : 0, listener);

        // A move is judged even during a light change: moving a camera changes the brightness too,
        // and the shift test below does not mistake a brightness change for a move.
        boolean judgeMove = !isCovered && mode.frames >= WARMUP_FRAMES;
        double shift = 0;
        boolean confirmed = false;
        if (judgeMove && mode.viewReady) {
            // phaseCorrelate multiplies its inputs by the window in place when their size is already
            // a DFT size (OpenCV 4.x): it must get copies, or the reference decays to a blob.
            mode.view.copyTo(refWork);
            smallF.copyTo(curWork);
            Point2d p = phaseCorrelate(refWork, curWork, window, response);
            shift = Math.hypot(p.x(), p.y()) / SMALL_W;
            if (response[0] > MIN_PHASE_RESPONSE && shift > settings.movedFraction()) {
                confirmed = shiftExplainsTheChange(mode.view, p.x(), p.y());
            }
            p.close();
        }
        boolean isMoved = confirmed;
        movedNow = isMoved;
        emit(MOVED, moved.update(isMoved, tMicros), moved, shift, listener);

        disturbed = isCovered || isDefocused || isMoved || covered.active() || defocus.active() || moved.active();
        // Learn only from normal pictures.
        boolean normal = !isCovered && !isDefocused && !isMoved && !lightChange && !covered.active() && !defocus.active()
                && !moved.active();
        if (normal || mode.frames < WARMUP_FRAMES && !isCovered && !lightChange) {
            if (mode.frames < WARMUP_FRAMES) {
                mode.sharpness = (mode.sharpness * mode.frames + sharp) / (mode.frames + 1);
                mode.frames++;
                if (mode.frames == WARMUP_FRAMES) {
                    smallF.copyTo(mode.view);
                    mode.viewReady = true;
                }
            } else {
                double a = 1 - Math.exp(-elapsed / SHARPNESS_TAU_SECONDS);
                mode.sharpness += a * (sharp - mode.sharpness);
                accumulateWeighted(smallF, mode.view, 1 - Math.exp(-elapsed / VIEW_TAU_SECONDS));
            }
        }
    }

    /**
     * A whole-scene shift is confirmed only if the reference moved by the estimated shift matches
     * the current view much better than the reference as it was (a bright object crossing the
     * scene can pull the correlation peak, but shifting the scene does not explain it).
     */
    private boolean shiftExplainsTheChange(Mat reference, double dx, double dy) {
        try (Mat m = new Mat(2, 3, org.bytedeco.opencv.global.opencv_core.CV_64F);
             Mat shifted = new Mat();
             Mat d = new Mat()) {
            try (DoubleIndexer idx = m.createIndexer()) {
                idx.put(0, 0, 1);
                idx.put(0, 1, 0);
                idx.put(0, 2, dx);
                idx.put(1, 0, 0);
                idx.put(1, 1, 1);
                idx.put(1, 2, dy);
            }
            org.bytedeco.opencv.global.opencv_imgproc.warpAffine(reference, shifted, m, smallSize);
            int mx = (int) Math.ceil(Math.abs(dx)) + 1;
            int my = (int) Math.ceil(Math.abs(dy)) + 1;
            if (mx * 2 >= SMALL_W || my * 2 >= SMALL_H) {
                return false;
            }
            try (org.bytedeco.opencv.opencv_core.Rect inner = new org.bytedeco.opencv.opencv_core.Rect(mx, my, SMALL_W - 2 * mx,
                    SMALL_H - 2 * my);
                 Mat cur = new Mat(smallF, inner);
                 Mat withShift = new Mat(shifted, inner);
                 Mat without = new Mat(reference, inner)) {
                org.bytedeco.opencv.global.opencv_core.absdiff(cur, withShift, d);
                double aligned = meanOf(d);
                org.bytedeco.opencv.global.opencv_core.absdiff(cur, without, d);
                double unaligned = meanOf(d);
                return aligned < 0.6 * unaligned;
            }
        }
    }

    private static double meanOf(Mat m) {
        try (org.bytedeco.opencv.opencv_core.Scalar s = org.bytedeco.opencv.global.opencv_core.mean(m)) {
            return s.get(0);
        }
    }

    private void emit(String type, Persistence.Change change, Persistence p, double score, Listener listener) {
        lastScore = score;
        if (change == Persistence.Change.STARTED) {
            listener.onChange(type, true, Math.max(0, Math.min(1, score)), p.startedAt());
        } else if (change == Persistence.Change.ENDED) {
            listener.onChange(type, false, Math.max(0, Math.min(1, score)), p.startedAt());
        }
    }

    /**
     * True while any tamper condition holds, pending or confirmed: the whole picture is being
     * interfered with, so what changes in it is not motion in the scene.
     */
    public boolean disturbed() {
        return disturbed;
    }

    /**
     * True when the last frame had almost no contrast (pending or confirmed cover): a picture gone
     * black or uniform is a covered lens, never a light change.
     */
    public boolean covering() {
        return coveredNow || covered.active();
    }

    private boolean coveredNow;

    /** True when the last frame showed the scene shifted (pending or confirmed move). */
    public boolean moving() {
        return movedNow || moved.active();
    }

    /** Learned sharpness reference of the day (false) or IR (true) mode, 0 before warm-up. */
    public double sharpnessReference(boolean monochrome) {
        Mode m = modes[monochrome ? 1 : 0];
        return m.frames >= WARMUP_FRAMES ? m.sharpness : 0;
    }

    private static double first(Mat m) {
        try (DoubleIndexer idx = m.createIndexer()) {
            return idx.get(0);
        }
    }

    @Override
    public void close() {
        for (Mat m : new Mat[] {lap, meanMat, stdMat, small, smallF, window, refWork, curWork, modes[0].view, modes[1].view}) {
            m.close();
        }
        smallSize.close();
    }
}
