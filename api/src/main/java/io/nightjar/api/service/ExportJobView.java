package io.nightjar.api.service;

/** An export job: its range, progress and, once done, its SHA-256 and where to download it and its manifest. */
public record ExportJobView(String id, String camera, String from, String to, ExportState state, long bytes, double progress,
                            String expires, String error, String sha256, String download, String manifest) {
}
