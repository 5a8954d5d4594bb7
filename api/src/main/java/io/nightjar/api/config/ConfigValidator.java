package io.nightjar.api.config;

import io.nightjar.analytics.motion.Polygon;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Checks a bound configuration field by field. */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    public static void validate(String file, NightjarConfig c) throws ConfigException {
        String f = file + ": ";
        if (c.storage == null || blank(c.storage.root)) {
            throw new ConfigException(f + "storage.root: a data directory is required");
        }
        Path root = Path.of(c.storage.root);
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new ConfigException(f + "storage.root: " + root + " is a file, not a directory");
        }
        if (c.storage.segmentMinutes < 1 || c.storage.segmentMinutes > 60) {
            throw new ConfigException(f + "storage.segmentMinutes: must be between 1 and 60, was " + c.storage.segmentMinutes);
        }
        if (c.storage.maxAgeDays != null && c.storage.maxAgeDays <= 0) {
            throw new ConfigException(f + "storage.maxAgeDays: must be positive");
        }
        size(f + "storage.cameraMaxSize", c.storage.cameraMaxSize);
        size(f + "storage.maxSize", c.storage.maxSize);
        size(f + "storage.freeSpaceFloor", c.storage.freeSpaceFloor);
        if (c.server == null) {
            throw new ConfigException(f + "server: must not be empty");
        }
        if (c.memory == null) {
            throw new ConfigException(f + "memory: must not be empty");
        }
        if (c.memory.footage != null && !c.memory.footage.equalsIgnoreCase("auto")) {
            size(f + "memory.footage", c.memory.footage);
            if (Sizes.parse(c.memory.footage) < (16L << 20)) {
                throw new ConfigException(f + "memory.footage: must be auto or at least 16MB, was " + c.memory.footage);
            }
        }
        bind(f + "server.bind", c.server.bind);
        port(f + "server.httpPort", c.server.httpPort);
        port(f + "server.rtspPort", c.server.rtspPort);
        if (c.server.httpPort == c.server.rtspPort && c.server.httpPort != 0) {
            throw new ConfigException(f + "server.rtspPort: must differ from server.httpPort (" + c.server.httpPort + ")");
        }
        for (String[] range : new String[][] {{"server.rtspUdpPorts", c.server.rtspUdpPorts}, {"server.cameraUdpPorts", c.server.cameraUdpPorts}}) {
            if (range[1] != null) {
                try {
                    io.nightjar.recorder.net.PortRange.parse(range[1]);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(f + range[0] + ": " + e.getMessage());
                }
            }
        }
        if (c.server.rtspSessionTimeoutSeconds < 1 || c.server.rtspSessionTimeoutSeconds > 3600) {
            throw new ConfigException(f + "server.rtspSessionTimeoutSeconds: must be 1-3600, was " + c.server.rtspSessionTimeoutSeconds);
        }
        if (c.server.rtspSessionsPerUser < 1 || c.server.rtspSessionsPerUser > 2000) {
            throw new ConfigException(f + "server.rtspSessionsPerUser: must be 1-2000, was " + c.server.rtspSessionsPerUser);
        }
        if (c.server.maxConnections < 16 || c.server.maxConnections > 1_000_000) {
            throw new ConfigException(f + "server.maxConnections: must be 16-1000000, was " + c.server.maxConnections);
        }
        if (c.server.maxConnectionsPerSource < 1 || c.server.maxConnectionsPerSource > c.server.maxConnections) {
            throw new ConfigException(f + "server.maxConnectionsPerSource: must be 1 to server.maxConnections, was "
                    + c.server.maxConnectionsPerSource);
        }
        if (c.server.requestTimeoutSeconds < 1 || c.server.requestTimeoutSeconds > 600) {
            throw new ConfigException(f + "server.requestTimeoutSeconds: must be 1-600, was " + c.server.requestTimeoutSeconds);
        }
        if ((c.server.tlsCertificate == null) != (c.server.tlsKey == null)) {
            throw new ConfigException(f + "server.tlsCertificate/tlsKey: give both or neither");
        }
        for (String p : new String[] {c.server.tlsCertificate, c.server.tlsKey}) {
            if (p != null && !Files.isReadable(Path.of(p))) {
                throw new ConfigException(f + "server: TLS file " + p + " does not exist or cannot be read");
            }
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < c.cameras.size(); i++) {
            validateCamera(f + "cameras[" + i + "]", c.cameras.get(i));
            if (!ids.add(c.cameras.get(i).id)) {
                throw new ConfigException(f + "cameras[" + i + "].id: '" + c.cameras.get(i).id + "' is used twice");
            }
        }
        if (c.cluster != null) {
            cluster(f + "cluster.", c.cluster);
        }
        if (c.events != null) {
            for (int i = 0; i < c.events.webhooks.size(); i++) {
                String u = c.events.webhooks.get(i).url;
                if (u == null || !(u.startsWith("http://") || u.startsWith("https://"))) {
                    throw new ConfigException(f + "events.webhooks[" + i + "].url: must be an http:// or https:// URL");
                }
            }
            if (c.events.mqtt != null) {
                if (blank(c.events.mqtt.host)) {
                    throw new ConfigException(f + "events.mqtt.host: required");
                }
                port(f + "events.mqtt.port", c.events.mqtt.port);
            }
        }
    }

    private static void cluster(String f, NightjarConfig.Cluster c) throws ConfigException {
        if (blank(c.zookeeper)) {
            throw new ConfigException(f + "zookeeper: the ZooKeeper ensemble (host:port,host:port,...) is required in a cluster");
        }
        for (String server : c.zookeeper.split(",")) {
            hostPort(f + "zookeeper", server.trim());
        }
        for (String[] name : new String[][] {{"node", c.node}, {"namespace", c.namespace}}) {
            if (name[1] == null || !name[1].matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ConfigException(f + name[0] + ": 1-64 letters, digits, '.', '_' or '-' required, was "
                        + (name[1] == null ? "nothing" : "'" + name[1] + "'"));
            }
        }
        if (c.secret == null || c.secret.length() < 32) {
            throw new ConfigException(f + "secret: the site's shared secret, at least 32 characters and the same on every node, is "
                    + "required (e.g. secret: ${NIGHTJAR_CLUSTER_SECRET}, from `openssl rand -base64 33`)");
        }
        if (c.advertiseHttp != null) {
            hostPort(f + "advertiseHttp", c.advertiseHttp);
        }
        if (c.advertiseRtsp != null) {
            hostPort(f + "advertiseRtsp", c.advertiseRtsp);
        }
        if (c.capacityCameras < 1 || c.capacityCameras > 10_000) {
            throw new ConfigException(f + "capacityCameras: must be 1-10000, was " + c.capacityCameras);
        }
        if (c.sessionTimeoutSeconds < 2 || c.sessionTimeoutSeconds > 120) {
            throw new ConfigException(f + "sessionTimeoutSeconds: must be 2-120, was " + c.sessionTimeoutSeconds);
        }
        if (c.maxMovesPerSecond < 0 || c.maxMovesPerSecond > 1000) {
            throw new ConfigException(f + "maxMovesPerSecond: must be 0-1000, was " + c.maxMovesPerSecond);
        }
        if (c.handoffSeconds < 0 || c.handoffSeconds > 60) {
            throw new ConfigException(f + "handoffSeconds: must be 0-60, was " + c.handoffSeconds);
        }
    }

    private static void hostPort(String where, String value) throws ConfigException {
        int colon = value.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(where + ": host:port expected, was '" + value + "'");
        }
    }

    /**
     * Checks one camera, and moves credentials written into its URLs into {@code user} and
     * {@code password} ({@link CameraCredentials}); {@code where} prefixes every message
     * ("nightjar.yml: cameras[2]" or "camera").
     */
    public static void validateCamera(String where, CameraConfig cam) throws ConfigException {
        if (cam == null) {
            throw new ConfigException(where + ": empty camera entry");
        }
        if (!StreamRef.isValidId(cam.id)) {
            throw new ConfigException(where + ".id: '" + cam.id + "' must be 1-64 letters, digits, '_', '.', '-'");
        }
        try {
            io.nightjar.recorder.memory.Priority.parse(cam.priority == null ? "" : cam.priority);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ".priority: '" + cam.priority + "' must be high, normal or low");
        }
        url(where + ".url", cam.url, true);
        url(where + ".subUrl", cam.subUrl, false);
        CameraCredentials.split(where, cam); // rtsp://user:pass@... becomes user, password and a URL without them
        if (cam.transport == null || !(cam.transport.equals("tcp") || cam.transport.equals("udp"))) {
            throw new ConfigException(where + ".transport: must be tcp or udp, was " + cam.transport);
        }
        if (cam.record == null) {
            throw new ConfigException(where + ".record: must be continuous, motion or off");
        }
        if (cam.prePostSeconds < 0 || cam.prePostSeconds > 300) {
            throw new ConfigException(where + ".prePostSeconds: must be between 0 and 300");
        }
        if (cam.retention != null) {
            if (cam.retention.maxAgeDays != null && cam.retention.maxAgeDays <= 0) {
                throw new ConfigException(where + ".retention.maxAgeDays: must be positive");
            }
            size(where + ".retention.maxSize", cam.retention.maxSize);
        }
        if (cam.timeZone != null) {
            try {
                ZoneId.of(cam.timeZone);
            } catch (RuntimeException e) {
                throw new ConfigException(where + ".timeZone: '" + cam.timeZone + "' is not a time zone (e.g. Europe/Paris)");
            }
        }
        CameraConfig.AnalyticsConfig a = cam.analytics;
        if (a == null) {
            throw new ConfigException(where + ".analytics: must not be null");
        }
        String stream = a.stream == null ? "" : a.stream.toLowerCase(Locale.ROOT);
        if (!(stream.equals("auto") || stream.equals("main") || stream.equals("sub"))) {
            throw new ConfigException(where + ".analytics.stream: must be auto, main or sub");
        }
        if (stream.equals("sub") && cam.subUrl == null) {
            throw new ConfigException(where + ".analytics.stream: 'sub' needs a subUrl");
        }
        if (a.sensitivity < 0 || a.sensitivity > 1) {
            throw new ConfigException(where + ".analytics.sensitivity: must be between 0 and 1, was " + a.sensitivity);
        }
        if (a.maxFps < 0 || a.maxFps > 60) {
            throw new ConfigException(where + ".analytics.maxFps: must be between 0 (all frames) and 60");
        }
        if (a.tamperSeconds < 0 || a.tamperSeconds > 3600) {
            throw new ConfigException(where + ".analytics.tamperSeconds: must be between 0 and 3600");
        }
        for (int i = 0; i < a.masks.size(); i++) {
            polygon(where + ".analytics.masks[" + i + "]", a.masks.get(i));
        }
        for (Map.Entry<String, List<double[]>> z : a.zones.entrySet()) {
            if (blank(z.getKey()) || z.getKey().length() > 64) {
                throw new ConfigException(where + ".analytics.zones: a zone needs a name of 1-64 characters");
            }
            polygon(where + ".analytics.zones." + z.getKey(), z.getValue());
        }
    }

    private static void polygon(String where, List<double[]> points) throws ConfigException {
        try {
            new Polygon(points);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(where + ": " + (e.getMessage() == null ? "invalid polygon" : e.getMessage()));
        }
    }

    private static void url(String where, String u, boolean required) throws ConfigException {
        if (u == null) {
            if (required) {
                throw new ConfigException(where + ": an rtsp:// URL is required");
            }
            return;
        }
        try {
            RtspUrl.parse(u);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    private static void size(String where, String s) throws ConfigException {
        if (s == null) {
            return;
        }
        try {
            if (Sizes.parse(s) <= 0) {
                throw new ConfigException(where + ": must be positive");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    private static void port(String where, int p) throws ConfigException {
        if (p < 0 || p > 65535) {
            throw new ConfigException(where + ": must be a port between 1 and 65535 (0: any free port), was " + p);
        }
    }

    private static final java.util.regex.Pattern DOTTED = java.util.regex.Pattern.compile("[0-9.]+");

    /** An address of this machine to listen on: an IP literal or a host name that resolves to one (0.0.0.0: every address). */
    static void bind(String field, String bind) throws ConfigException {
        if (blank(bind)) {
            throw new ConfigException(field + ": an address to listen on is required (0.0.0.0 for every address)");
        }
        String b = bind.trim();
        if (DOTTED.matcher(b).matches()) {
            String[] parts = b.split("\\.", -1);
            boolean ok = parts.length == 4;
            for (String p : parts) {
                ok &= !p.isEmpty() && p.length() <= 3 && Integer.parseInt(p) <= 255;
            }
            if (!ok) {
                throw new ConfigException(field + ": '" + bind + "' is not an IPv4 address (four numbers 0-255 with dots)");
            }
        }
        java.net.InetAddress a;
        try {
            a = java.net.InetAddress.getByName(b.startsWith("[") && b.endsWith("]") ? b.substring(1, b.length() - 1) : b);
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException(field + ": '" + bind + "' is neither an IP address nor a host name that resolves");
        }
        try {
            if (!a.isAnyLocalAddress() && !a.isLoopbackAddress() && java.net.NetworkInterface.getByInetAddress(a) == null) {
                throw new ConfigException(field + ": '" + bind + "' (" + a.getHostAddress() + ") is not an address of this machine");
            }
        } catch (java.net.SocketException e) {
            throw new ConfigException(field + ": cannot check '" + bind + "' against this machine's addresses: " + e.getMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
