package io.nightjar.api.cli;

import io.nightjar.api.config.ConfigException;
import io.nightjar.api.config.ConfigLoader;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.server.NightjarServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nightjar serve}: the full server from a configuration file. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the server: record the configured cameras, analyse them, serve the API, web UI and RTSP.",
                "The configuration is checked as a whole first: an invalid file is refused with the field and the reason."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "the YAML configuration (see nightjar.example.yml)")
    Path config;

    @Override
    public Integer call() throws Exception {
        NightjarConfig c;
        try {
            c = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.out.println("serve: " + e.getMessage());
            return 2;
        }
        NightjarServer server;
        try {
            server = NightjarServer.start(c);
        } catch (io.nightjar.api.server.PortInUseException e) {
            System.out.println("serve: " + e.getMessage());
            return 2;
        }
        return Running.untilStopped(server, null);
    }

    /** Prints where the server is, waits for Ctrl-C (or SIGTERM), then stops it cleanly. */
    static final class Running {
        private Running() {
        }

        static int untilStopped(NightjarServer server, AutoCloseable alsoClose) throws InterruptedException {
            String host = server.config().server.bind.equals("0.0.0.0") ? "localhost" : server.config().server.bind;
            String scheme = server.config().server.tlsCertificate != null ? "https" : "http";
            System.out.println("Nightjar is running:");
            System.out.println("  web UI and API   " + scheme + "://" + host + ":" + server.httpPort() + "/");
            System.out.println("  RTSP             rtsp://" + host + ":" + server.rtspPort() + "/<camera>");
            System.out.println("  recordings in    " + server.storage().layout().root());
            if (server.generatedAdminPassword() != null) {
                System.out.println("  first start: user 'admin', password '" + server.generatedAdminPassword()
                        + "' (shown once; change it in the UI)");
            }
            System.out.println("Press Ctrl-C to stop.");
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("stopping: closing files and the index...");
                server.close();
                if (alsoClose != null) {
                    try {
                        alsoClose.close();
                    } catch (Exception e) {
                        // stopping anyway
                    }
                }
                System.out.println("stopped cleanly");
                System.out.flush();
                stopped.countDown();
            }, "nightjar-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
