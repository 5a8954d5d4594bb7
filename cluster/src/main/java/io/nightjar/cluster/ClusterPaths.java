package io.nightjar.cluster;

import java.util.regex.Pattern;

/** Where the site's records live in ZooKeeper, relative to the client's namespace. */
public final class ClusterPaths {
    public static final String MEMBERS = "/members";
    public static final String CAMERAS = "/cameras";
    public static final String ASSIGNMENTS = "/assignments";
    public static final String CONTROLLER = "/controller";
    /** Records every node may change ({@link SharedDocument}). */
    public static final String SHARED = "/shared";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ClusterPaths() {
    }

    public static String member(String node) {
        return MEMBERS + "/" + checkName("node id", node);
    }

    public static String camera(String camera) {
        return CAMERAS + "/" + checkName("camera id", camera);
    }

    public static String assignment(String camera) {
        return ASSIGNMENTS + "/" + checkName("camera id", camera);
    }

    public static String shared(String name) {
        return SHARED + "/" + checkName("record name", name);
    }

    /** The last element of a path. */
    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code value}, or an {@link IllegalArgumentException} saying which names are allowed (they become ZooKeeper path elements). */
    static String checkName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return value;
    }
}
