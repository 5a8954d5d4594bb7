package io.nightjar.api.cli;

import io.netty.channel.EventLoopGroup;
import io.nightjar.api.auth.Role;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.ConfigValidator;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.demo.EmbeddedEnsemble;
import io.nightjar.api.demo.SimulatedCamera;
import io.nightjar.api.server.NightjarServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nightjar cluster-demo}: a whole site on localhost in one process — a real three-member
 * ZooKeeper ensemble, several Nightjar nodes (each its own server, data directory, index and ports,
 * joined with a {@code cluster:} configuration) and simulated cameras they share out. Commands on
 * standard input stop and start a node, so a failover can be watched in the UI and in
 * {@code GET /api/v1/cluster}.
 */
@Command(name = "cluster-demo", mixinStandardHelpOptions = true,
        description = {"Run a cluster on localhost: an embedded ZooKeeper ensemble, several nodes and simulated cameras.",
                "Type 'stop n2' or 'start n2' (and Enter) to take a node down or bring it back; Ctrl-C ends the demo.",
                "Log in on any node with the printed demo user."})
final class ClusterDemoCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "3", description = "nodes, 2-5 (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--cameras", defaultValue = "6", description = "simulated cameras, 1-16 (default ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--data", defaultValue = "nightjar-cluster-demo-data", description = "data directory, a folder per node (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "HTTP port of the first node; the next ones count up (default ${DEFAULT-VALUE}; 0: any free ports)")
    int httpPort;

    @Option(names = "--rtsp-port", defaultValue = "8554",
            description = "RTSP port of the first node; the next ones count up (default ${DEFAULT-VALUE}; 0: any free ports)")
    int rtspPort;

    @Option(names = "--session-timeout", defaultValue = "6", description = "ZooKeeper session timeout in seconds, 2-10 (default ${DEFAULT-VALUE})")
    int sessionTimeout;

    private final List<NightjarServer> running = new ArrayList<>();
    /** The demo site's shared secret, new at every start. */
    private final String secret = java.util.HexFormat.of().formatHex(randomBytes());
    private final List<NightjarConfig> configs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (nodes < 2 || nodes > 5 || cameras < 1 || cameras > 16 || sessionTimeout < 2 || sessionTimeout > 10) {
            System.out.println("cluster-demo: --nodes must be 2-5, --cameras 1-16, --session-timeout 2-10");
            return 2;
        }
        EventLoopGroup simLoop = io.nightjar.recorder.net.Transports.group(1, "simulated-cameras");
        List<SimulatedCamera> sims = new ArrayList<>();
        EmbeddedEnsemble ensemble = null;
        try {
            for (int i = 0; i < cameras; i++) {
                sims.add(new SimulatedCamera(simLoop, "cam" + (i + 1), 640, 360, 10));
            }
            ensemble = EmbeddedEnsemble.start(data.resolve("zookeeper"));
            for (int i = 0; i < nodes; i++) {
                configs.add(config(i, ensemble.connectString(), sims));
                running.add(start(i));
            }
        } catch (Exception e) {
            System.out.println("cluster-demo: " + e.getMessage());
            stopAll(sims, simLoop, ensemble);
            return 2;
        }
        System.out.println("Nightjar cluster demo is running:");
        System.out.println("  ZooKeeper ensemble   " + ensemble.connectString());
        for (int i = 0; i < nodes; i++) {
            printNode(i);
        }
        System.out.println("  cameras              " + cameras + " simulated (cam1..cam" + cameras + "), shared out by the elected controller");
        System.out.println("  see who records what GET /api/v1/cluster on any node, or the Technician view");
        System.out.println("Demo login on every node: user '" + DemoCommand.USER + "', password '" + DemoCommand.PASSWORD + "'");
        System.out.println("Type 'stop n2' to take a node down (its cameras move within seconds), 'start n2' to bring it back; Ctrl-C to end.");
        System.out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedEnsemble site = ensemble;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping: closing every node's files and index...");
            stopAll(sims, simLoop, site);
            System.out.println("stopped cleanly");
            System.out.flush();
            stopped.countDown();
        }, "nightjar-shutdown"));
        Thread commands = new Thread(this::readCommands, "cluster-demo-commands");
        commands.setDaemon(true);
        commands.start();
        stopped.await();
        return 0;
    }

    private NightjarConfig config(int i, String zookeeper, List<SimulatedCamera> sims) throws Exception {
        NightjarConfig c = new NightjarConfig();
        c.storage.root = data.resolve("n" + (i + 1)).toString();
        c.storage.maxAgeDays = 2.0;
        c.storage.freeSpaceFloor = "2GB";
        c.storage.segmentMinutes = 1;
        c.server.bind = "127.0.0.1";
        c.server.httpPort = httpPort == 0 ? 0 : httpPort + i;
        c.server.rtspPort = rtspPort == 0 ? 0 : rtspPort + i;
        c.memory.footage = "64MB"; // several nodes share this JVM's direct memory
        c.cluster = new NightjarConfig.Cluster();
        c.cluster.zookeeper = zookeeper;
        c.cluster.node = "n" + (i + 1);
        c.cluster.secret = secret;
        c.cluster.capacityCameras = Math.max(1, (cameras + nodes - 2) / (nodes - 1)); // the site survives one node down
        c.cluster.sessionTimeoutSeconds = sessionTimeout;
        c.cluster.handoffSeconds = 3;
        c.cluster.maxMovesPerSecond = 1;
        for (SimulatedCamera sim : sims) {
            CameraConfig cam = new CameraConfig();
            cam.id = sim.id();
            cam.name = "Simulated camera " + sim.id();
            cam.url = sim.url();
            cam.analytics.maxFps = 5;
            c.cameras.add(cam);
        }
        ConfigValidator.validate("cluster-demo node n" + (i + 1), c);
        UserStore users = new UserStore(Path.of(c.storage.root).resolve(".nightjar").resolve("users.json"));
        if (users.listUsers().stream().noneMatch(u -> DemoCommand.USER.equals(u.name()))) {
            users.createUser(DemoCommand.USER, DemoCommand.PASSWORD, Role.admin, Set.of("*"));
        }
        return c;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private NightjarServer start(int i) throws Exception {
        return NightjarServer.start(configs.get(i));
    }

    private void printNode(int i) {
        NightjarServer s = running.get(i);
        String name = "n" + (i + 1);
        System.out.println(String.format("  node %-16s http://127.0.0.1:%d/   rtsp://127.0.0.1:%d/<camera>   data %s", name,
                s == null ? 0 : s.httpPort(), s == null ? 0 : s.rtspPort(), configs.get(i).storage.root));
    }

    /** {@code stop nX} and {@code start nX} from standard input. */
    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split("\\s+");
                if (w.length != 2 || !w[1].matches("n[1-9]") || Integer.parseInt(w[1].substring(1)) > nodes
                        || !(w[0].equals("stop") || w[0].equals("start"))) {
                    if (!line.isBlank()) {
                        System.out.println("commands: 'stop nX' or 'start nX', X from 1 to " + nodes);
                    }
                    continue;
                }
                command(w[0], Integer.parseInt(w[1].substring(1)) - 1);
            }
        } catch (java.io.IOException e) {
            // standard input closed: the demo runs on until Ctrl-C
        }
    }

    private synchronized void command(String what, int i) {
        String name = "n" + (i + 1);
        NightjarServer s = running.get(i);
        if (what.equals("stop")) {
            if (s == null) {
                System.out.println(name + " is already stopped");
                return;
            }
            running.set(i, null);
            s.close();
            System.out.println(name + " stopped: its cameras move to the other nodes");
        } else {
            if (s != null) {
                System.out.println(name + " is already running");
                return;
            }
            try {
                running.set(i, start(i));
                System.out.println(name + " started again: it rejoins, and cameras move back to it one a second");
                printNode(i);
            } catch (Exception e) {
                System.out.println("cannot start " + name + ": " + e.getMessage());
            }
        }
        System.out.flush();
    }

    private synchronized void stopAll(List<SimulatedCamera> sims, EventLoopGroup simLoop, EmbeddedEnsemble ensemble) {
        for (int i = 0; i < running.size(); i++) {
            NightjarServer s = running.get(i);
            if (s != null) {
                s.close();
                running.set(i, null);
            }
        }
        for (SimulatedCamera sim : sims) {
            sim.close();
        }
        simLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        if (ensemble != null) {
            try {
                ensemble.close();
            } catch (java.io.IOException e) {
                // stopping anyway
            }
        }
    }
}
