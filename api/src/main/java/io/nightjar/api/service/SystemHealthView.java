package io.nightjar.api.service;

import java.util.List;
import java.util.Map;

/** The whole system's health; {@code ok} when every camera the caller sees records as configured and the disk has room. */
public record SystemHealthView(long uptimeSeconds, StorageHealth storage, RingHealth ring, double writerLatencyMaxSeconds,
                               MemoryHealth memory, List<CameraSummary> cameras, boolean ok) {
    /** Where footage is kept and the room left. */
    public record StorageHealth(String root, long freeBytes) {
    }

    /** The frame ring and its consumers. */
    public record RingHealth(int capacity, long occupancy, long rejectedFull, List<Consumer> consumers) {
    }

    /** One consumer of the ring. */
    public record Consumer(String name, String delivery, long lag, long errors) {
    }

    /** The footage memory budget; {@code message} says why when streams shed. */
    public record MemoryHealth(String state, long budgetBytes, long usedBytes, long highWaterBytes, long maxDirectMemoryBytes,
                               int sheddingStreams, Map<String, Long> usedBytesByUse, String message) {
    }

    /** One camera in brief. */
    public record CameraSummary(String id, StreamState state, String recording, RecordingState recordingState, String priority,
                                boolean shedding, long framesShed, boolean ok) {
    }
}
