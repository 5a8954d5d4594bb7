package io.nightjar.recorder.ring;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one video stream of one camera in the ring ("front-door" main or sub stream).
 * Instances are created once per stream and compared by value; ids are restricted to characters
 * safe in file paths and URLs because they name directories and endpoints.
 */
public final class StreamRef {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** Which of a camera's streams. */
    public enum Kind { MAIN, SUB }

    private final String cameraId;
    private final Kind kind;

    private StreamRef(String cameraId, Kind kind) {
        this.cameraId = cameraId;
        this.kind = kind;
    }

    public static StreamRef of(String cameraId, Kind kind) {
        if (cameraId == null || !ID.matcher(cameraId).matches()) {
            throw new IllegalArgumentException("camera id '" + cameraId
                    + "' must be 1-64 characters of letters, digits, '_', '.', '-', starting with a letter or digit");
        }
        return new StreamRef(cameraId, Objects.requireNonNull(kind, "kind"));
    }

    public static StreamRef main(String cameraId) {
        return of(cameraId, Kind.MAIN);
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public String cameraId() {
        return cameraId;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof StreamRef && ((StreamRef) o).cameraId.equals(cameraId) && ((StreamRef) o).kind == kind);
    }

    @Override
    public int hashCode() {
        return cameraId.hashCode() * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return kind == Kind.MAIN ? cameraId : cameraId + "/sub";
    }
}
