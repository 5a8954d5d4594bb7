package io.nightjar.storage.writer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster assignment epoch each camera is recorded under, set by whoever follows the cluster
 * (any thread) and read by the writer when it starts a file and at each keyframe (no allocation).
 * A camera never set is at epoch 0: recorded outside a cluster. When a camera's epoch changes while
 * it is being recorded, its file ends at the next keyframe ({@code FileEnd.Kind.NEW_EPOCH}) and
 * the next one carries the new epoch: a file holds footage of one assignment. A camera
 * {@link #release released} to another node has its file closed ({@code FileEnd.Kind.MOVED}) once
 * its last frames are written, instead of waiting for the idle timeout.
 */
public final class CameraEpochs {
    private final ConcurrentHashMap<String, Long> epochs = new ConcurrentHashMap<>();
    private final Set<String> released = ConcurrentHashMap.newKeySet();

    /** From now on {@code camera} is recorded under {@code epoch} (at least 1). */
    public void set(String camera, long epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("an assignment epoch is at least 1, not " + epoch);
        }
        epochs.put(camera, epoch);
        released.remove(camera);
    }

    /**
     * {@code camera} is recorded by another node now (its stream here is being stopped): its file is
     * closed once no frame has come for a moment. A late frame still carries the last epoch.
     */
    public void release(String camera) {
        released.add(camera);
    }

    /** True once {@link #release} was called and until the camera is {@link #set} again. */
    public boolean released(String camera) {
        return released.contains(camera);
    }

    /** The epoch {@code camera} is recorded under, or 0. */
    public long of(String camera) {
        Long e = epochs.get(camera);
        return e == null ? 0 : e;
    }
}
