package io.nightjar.api.cli;

import io.netty.channel.EventLoopGroup;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.probe.Probe;
import io.nightjar.recorder.probe.ProbeReport;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nightjar probe URL}: connect to a camera and report what it sends. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Connect to a camera for a few seconds and report transport, authentication, tracks, codec,",
                "resolution, fps, GOP, bitrate, loss and the server (firmware) string.",
                "Exit status 0 when the camera streamed, 1 with a one-line reason on stderr when it did not, 2 for bad arguments."})
final class ProbeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "rtsp://[user:password@]host[:port]/path")
    String url;

    @Option(names = "--seconds", defaultValue = "5", description = "how long to stream (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--transport", defaultValue = "tcp", description = "tcp (interleaved) or udp (falls back to tcp)")
    RtspClientOptions.Transport transport;

    @Option(names = "--user", description = "user name (overrides the URL's)")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "read the password from this environment variable (keeps it out of the process list)")
    String passwordEnv;

    @Override
    public Integer call() throws Exception {
        RtspUrl parsed;
        try {
            parsed = RtspUrl.parse(url);
        } catch (IllegalArgumentException e) {
            System.err.println("FAILED: " + e.getMessage());
            return 2;
        }
        Credentials credentials = parsed.credentials();
        if (user != null || passwordEnv != null) {
            String password = passwordEnv == null ? "" : System.getenv(passwordEnv);
            if (password == null) {
                System.err.println("FAILED: environment variable " + passwordEnv + " is not set");
                return 2;
            }
            credentials = new Credentials(user != null ? user : credentials != null ? credentials.user() : "", password);
        }
        if (seconds < 1 || seconds > 3600) {
            System.err.println("FAILED: --seconds must be between 1 and 3600");
            return 2;
        }
        EventLoopGroup group = io.nightjar.recorder.net.Transports.group(1, "probe");
        try {
            ProbeReport report = Probe.run(group, parsed, credentials, RtspClientOptions.defaults().withTransport(transport), seconds);
            (report.ok() ? System.out : System.err).println(report.format()); // failures to stderr
            return report.ok() ? 0 : 1;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
        }
    }
}
