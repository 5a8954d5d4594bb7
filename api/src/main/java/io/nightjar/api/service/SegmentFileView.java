package io.nightjar.api.service;

/** A stored segment file: its URL name, range, size, whether it is still being written, codec, SHA-256 once sealed. */
public record SegmentFileView(String name, String start, String end, long bytes, FileState state, String codec, String sha256) {
    /** Whether the writer still appends to it. */
    public enum FileState { open, closed }
}
