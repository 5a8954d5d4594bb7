package io.nightjar.api.cli;

import io.netty.channel.EventLoopGroup;
import io.nightjar.api.auth.Role;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.ConfigException;
import io.nightjar.api.config.ConfigValidator;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.demo.SimulatedCamera;
import io.nightjar.api.server.NightjarServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nightjar demo}: a simulated camera recorded and analysed by a full server on localhost. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Nightjar with a simulated camera and no configuration: records it, detects motion, serves the UI.",
                "Listens on localhost only. Log in with the printed demo user."})
final class DemoCommand implements Callable<Integer> {
    static final String USER = "demo";
    static final String PASSWORD = "nightjar-demo";
    static final String CAMERA = "demo";

    @Option(names = "--data", defaultValue = "nightjar-demo-data", description = "data directory (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0: any free port)")
    int httpPort;

    @Option(names = "--rtsp-port", defaultValue = "8554", description = "RTSP port (default ${DEFAULT-VALUE}; 0: any free port)")
    int rtspPort;

    @Option(names = "--size", defaultValue = "960x540", description = "simulated picture size (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--fps", defaultValue = "15", description = "simulated frame rate (default ${DEFAULT-VALUE})")
    int fps;

    @Override
    public Integer call() throws Exception {
        String[] wh = size.split("x");
        int width;
        int height;
        try {
            width = Integer.parseInt(wh[0]) & ~1;
            height = Integer.parseInt(wh[1]) & ~1;
        } catch (RuntimeException e) {
            System.out.println("demo: --size must be WIDTHxHEIGHT, e.g. 960x540");
            return 2;
        }
        if (width < 160 || height < 90 || width > 1920 || height > 1080 || fps < 1 || fps > 30) {
            System.out.println("demo: --size must be between 160x90 and 1920x1080, --fps between 1 and 30");
            return 2;
        }
        EventLoopGroup simLoop = io.nightjar.recorder.net.Transports.group(1, "simulated-camera");
        SimulatedCamera camera = new SimulatedCamera(simLoop, CAMERA, width, height, fps);
        NightjarServer server;
        try {
            NightjarConfig c = config();
            ensureDemoUser(c);
            server = NightjarServer.start(c);
            try {
                ensureDemoCamera(server.services().cameras(), camera.url());
            } catch (Exception e) {
                server.close();
                throw e;
            }
        } catch (Exception e) {
            camera.close();
            simLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            System.out.println("demo: " + e.getMessage());
            return 2;
        }
        System.out.println("Demo login: user '" + USER + "', password '" + PASSWORD + "'");
        return ServeCommand.Running.untilStopped(server, () -> {
            camera.close();
            simLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        });
    }

    /** The server's settings: no camera in them (the demo camera is kept in the data directory, editable). */
    NightjarConfig config() throws ConfigException {
        NightjarConfig c = new NightjarConfig();
        c.storage.root = data.toString();
        c.storage.maxAgeDays = 7.0;
        c.storage.freeSpaceFloor = "2GB";
        c.server.bind = "127.0.0.1";
        c.server.httpPort = httpPort;
        c.server.rtspPort = rtspPort;
        ConfigValidator.validate("demo", c);
        return c;
    }

    /**
     * The simulated camera as an API-managed camera, stored in the data directory like any camera
     * added in the UI, so that its zones, masks and settings can be edited and survive a restart.
     * Only its URL (the simulator's port changes at every start) is renewed.
     */
    static void ensureDemoCamera(io.nightjar.api.service.Cameras cameras, String url) throws java.io.IOException {
        io.nightjar.api.service.Caller me = io.nightjar.api.service.Caller.system();
        io.nightjar.api.service.CameraView stored;
        try {
            stored = cameras.get(me, CAMERA);
        } catch (io.nightjar.api.service.ServiceException e) {
            if (e.kind() != io.nightjar.api.service.ServiceException.Kind.NOT_FOUND) {
                throw e;
            }
            cameras.create(me, demoCamera(url));
            return;
        }
        if (!url.equals(stored.url())) {
            // what a GET shows, sent back as a PUT with the new address: the edits made in the UI are kept
            com.fasterxml.jackson.databind.node.ObjectNode settings = io.nightjar.api.http.Json.MAPPER.valueToTree(stored);
            settings.remove(io.nightjar.api.service.CameraView.STATE_FIELDS);
            CameraConfig renewed = io.nightjar.api.http.Json.MAPPER.treeToValue(settings, CameraConfig.class);
            renewed.url = url;
            cameras.update(me, CAMERA, renewed);
        }
    }

    static CameraConfig demoCamera(String url) {
        CameraConfig cam = new CameraConfig();
        cam.id = CAMERA;
        cam.name = "Simulated yard camera";
        cam.url = url;
        cam.analytics.sensitivity = 0.5;
        cam.analytics.masks.add(List.of(new double[] {0, 0}, new double[] {0.52, 0}, new double[] {0.52, 0.1}, new double[] {0, 0.1}));
        return cam;
    }

    private void ensureDemoUser(NightjarConfig c) {
        Path users = Path.of(c.storage.root).resolve(".nightjar").resolve("users.json");
        UserStore store = new UserStore(users);
        if (store.listUsers().stream().noneMatch(u -> USER.equals(u.name()))) {
            store.createUser(USER, PASSWORD, Role.admin, Set.of("*"));
        }
    }
}
