package io.nightjar.recorder.memory;

/** How the footage memory budget stands. */
public enum MemoryState {
    /** Under the point where anything changes. */
    OK,
    /** Over half the budget: live viewers and analytics may be refused. */
    TIGHT,
    /** At least one camera's frames are being refused at ingress (whole GOPs, counted per camera). */
    SHEDDING
}
