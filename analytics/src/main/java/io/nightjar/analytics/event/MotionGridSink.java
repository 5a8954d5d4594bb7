package io.nightjar.analytics.event;

/** Receives, per camera and second, the OR of the motion grids of that second (only seconds with motion). */
@FunctionalInterface
public interface MotionGridSink {
    void accept(String camera, long epochSecond, byte[] grid);
}
