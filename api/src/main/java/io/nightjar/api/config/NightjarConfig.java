package io.nightjar.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** The whole {@code nightjar.yml}. Every section has sensible defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class NightjarConfig {
    public Storage storage = new Storage();
    public Server server = new Server();
    public List<CameraConfig> cameras = new ArrayList<>();
    public Events events = new Events();
    public Memory memory = new Memory();
    /** Absent: one node on its own, exactly as without a cluster. */
    public Cluster cluster;

    /**
     * This node as a member of a site of recorder nodes coordinated by ZooKeeper: every node lists
     * the same cameras; the elected controller assigns each to one node, which records it, and moves
     * the cameras of a node that dies to the others ({@code docs/cluster.md}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Cluster {
        /** The ZooKeeper ensemble, {@code host:port,host:port,...} (required). */
        public String zookeeper;
        /** The site's root in ZooKeeper; several sites may share an ensemble. */
        public String namespace = "nightjar";
        /** This node's id, unique in the site (required; letters, digits, {@code . _ -}). */
        public String node;
        /**
         * The site's shared secret (required, at least 32 characters, the same on every node; write it as
         * {@code ${NIGHTJAR_CLUSTER_SECRET}}): nodes sign the calls they make to each other with it. Never logged or written out.
         */
        @com.fasterxml.jackson.annotation.JsonProperty(access = com.fasterxml.jackson.annotation.JsonProperty.Access.WRITE_ONLY)
        public String secret;
        /** Where other nodes and clients reach this node's HTTP API ({@code host:port}); unset: the bind address and HTTP port. */
        public String advertiseHttp;
        /** Where this node's RTSP server is reached ({@code host:port}); unset: the bind address and RTSP port. */
        public String advertiseRtsp;
        /** How many cameras this node records at most. */
        public int capacityCameras = 64;
        /**
         * How long a silent node still counts as alive; the larger part of the time a dead node's
         * cameras go unrecorded (a shorter one fails over faster but mistakes long pauses for deaths).
         */
        public int sessionTimeoutSeconds = 10;
        /** Cameras moved per second for balance alone (a node joining); 0: only a dead node's cameras move. */
        public int maxMovesPerSecond = 2;
        /**
         * When a camera moves from this node to another live one, this node keeps recording it this many
         * seconds more, so the new node is recording before this one stops (an overlap, not a gap). 0
         * for cameras that allow a single RTSP session.
         */
        public int handoffSeconds = 5;
    }

    /** How much memory footage may hold (ring, fragments being written, pre-roll, live, analytics). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Memory {
        /**
         * The footage budget, e.g. {@code 512MB}; unset: 40 % of the JVM's maximum direct memory
         * ({@code -XX:MaxDirectMemorySize}, which the launcher sets). Past it cameras shed whole
         * GOPs at ingress, lower priorities first.
         */
        public String footage = "auto";

        /** The configured budget in bytes, or 0 for the default. */
        public long footageBytes() {
            return footage == null || footage.equalsIgnoreCase("auto") ? 0 : Sizes.parse(footage);
        }
    }

    /** Where and how footage is kept. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Storage {
        public String root = "nightjar-data";
        public int segmentMinutes = 5;
        /** O_DIRECT, block-aligned segment writes that bypass the page cache (where supported). */
        public boolean directIo = true;
        public Double maxAgeDays;
        public String cameraMaxSize;
        public String maxSize;
        public String freeSpaceFloor = "1GB";
        /** The data directory and camera roots owner-only (0700); false to share them with a group. */
        public boolean ownerOnly = true;
    }

    /** Ports and TLS. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Server {
        public String bind = "0.0.0.0";
        /**
         * RTSP Digest for restream clients (default on). Digest makes the server keep fast HA1 hashes
         * of every password ({@code .nightjar/rtsp-digest.json}); off, none are kept (the file is
         * deleted) and RTSP clients authenticate with {@code ?token=} only.
         */
        public boolean rtspDigest = true;
        public int httpPort = 8080;
        public int rtspPort = 8554;
        /** The RTSP server's UDP RTP/RTCP pair is taken from this range, e.g. {@code 50000-50009}; unset: any free pair. */
        public String rtspUdpPorts;
        /** Idle RTSP sessions (UDP, or set up and never played) and connections playing nothing end after this many seconds. */
        public int rtspSessionTimeoutSeconds = 60;
        /** RTSP sessions one user may hold at once. */
        public int rtspSessionsPerUser = 256;
        /** Open connections at most, per listener (HTTP, RTSP); more are closed at once. */
        public int maxConnections = 4096;
        /** Open connections at most from one address, per listener. */
        public int maxConnectionsPerSource = 1024;
        /** An HTTP request must arrive whole within this many seconds of its first byte. */
        public int requestTimeoutSeconds = 30;
        /** Cameras pulled over UDP bind their local RTP/RTCP pairs in this range (firewalls). */
        public String cameraUdpPorts = "40000-59999";
        /** Origins allowed to call the API from a browser (CORS), e.g. {@code https://vms.example.org}, or {@code *}; empty: off. */
        public List<String> corsOrigins = new ArrayList<>();
        public String tlsCertificate;
        public String tlsKey;
        public String webRoot;
    }

    /** Where events go besides the API. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Events {
        public List<Webhook> webhooks = new ArrayList<>();
        public Mqtt mqtt;
    }

    /** A webhook: events are POSTed as JSON, retried with backoff. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Webhook {
        public String url;
        public List<String> types = new ArrayList<>();
        public String secret;
    }

    /** An MQTT broker: events are published to {@code <topic>/<camera>/<type>}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Mqtt {
        public String host = "127.0.0.1";
        public int port = 1883;
        public String topic = "nightjar";
        public String user;
        public String password;
        public String clientId = "nightjar";
    }
}
