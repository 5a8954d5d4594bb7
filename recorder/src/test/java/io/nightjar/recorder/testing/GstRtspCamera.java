package io.nightjar.recorder.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP camera for tests: GStreamer's rtsp-server (Debian packages) serving a test pattern
 * encoded by x264/x265, started as a child process of the test. A missing GStreamer is a test
 * failure with instructions, never a skip.
 */
public final class GstRtspCamera implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final int port;
    private final String path;
    private final Path log;

    private GstRtspCamera(Process process, int port, String path, Path log) {
        this.process = process;
        this.port = port;
        this.path = path;
        this.log = log;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The stream URL without credentials. */
    public String url() {
        return "rtsp://127.0.0.1:" + port + path;
    }

    /** The stream URL with credentials in the user information. */
    public String url(String user, String password) {
        return "rtsp://" + user + ":" + password + "@127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Kills the server at once (SIGKILL), as a camera losing power would vanish. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** The server process id (for CPU measurements). */
    public long pid() {
        return process.pid();
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** A free TCP port on loopback (best effort: another process could take it before use). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options for the camera; defaults: H.264 640x360 at 25 fps, GOP 25, no auth. */
    public static final class Builder {
        private String codec = "h264";
        private int width = 640;
        private int height = 360;
        private int fps = 25;
        private int gop = 25;
        private int bitrate = 1000;
        private String auth = "none";
        private String user = "";
        private String password = "";
        private String pattern = "ball";
        private int port = -1;
        private String path = "/cam";
        private String launch;
        private boolean shared;
        private int configInterval = -1;

        public Builder h264() {
            codec = "h264";
            return this;
        }

        public Builder h265() {
            codec = "h265";
            return this;
        }

        public Builder size(int w, int h) {
            width = w;
            height = h;
            return this;
        }

        public Builder fps(int f) {
            fps = f;
            return this;
        }

        public Builder gop(int g) {
            gop = g;
            return this;
        }

        public Builder bitrateKbps(int b) {
            bitrate = b;
            return this;
        }

        public Builder pattern(String p) {
            pattern = p;
            return this;
        }

        public Builder basicAuth(String u, String p) {
            auth = "basic";
            user = u;
            password = p;
            return this;
        }

        public Builder digestAuth(String u, String p) {
            auth = "digest";
            user = u;
            password = p;
            return this;
        }

        public Builder port(int p) {
            port = p;
            return this;
        }

        public Builder path(String p) {
            path = p;
            return this;
        }

        /** Parameter sets only in the SDP (0) or before every keyframe (-1, the default). */
        public Builder configInterval(int seconds) {
            configInterval = seconds;
            return this;
        }

        /** One encoder shared by all clients (as most cameras do). */
        public Builder shared() {
            shared = true;
            return this;
        }

        /** A complete GStreamer launch line whose payloader is named pay0. */
        public Builder launch(String l) {
            launch = l;
            return this;
        }

        public GstRtspCamera start() {
            if (!Files.isExecutable(Path.of(PYTHON))) {
                throw new IllegalStateException(PYTHON + " is missing: install Debian's python3-gi, gir1.2-gst-rtsp-server-1.0,"
                        + " gstreamer1.0-rtsp and gstreamer1.0-plugins-{good,bad,ugly} (see .ci/run)");
            }
            try {
                Path script = Files.createTempFile("gst_rtsp_camera", ".py");
                script.toFile().deleteOnExit();
                try (var in = GstRtspCamera.class.getResourceAsStream("gst_rtsp_camera.py")) {
                    Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
                }
                int p = port > 0 ? port : freePort();
                List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "--port", String.valueOf(p),
                        "--path", path, "--codec", codec, "--width", String.valueOf(width), "--height", String.valueOf(height),
                        "--fps", String.valueOf(fps), "--gop", String.valueOf(gop), "--bitrate", String.valueOf(bitrate),
                        "--pattern", pattern, "--auth", auth, "--user", user, "--password", password,
                        "--config-interval", String.valueOf(configInterval)));
                if (shared) {
                    cmd.add("--shared");
                }
                if (launch != null) {
                    cmd.add("--launch");
                    cmd.add(launch);
                }
                Path log = Files.createTempFile("gst_rtsp_camera", ".log");
                log.toFile().deleteOnExit();
                Process proc = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                if (line == null || !line.startsWith("READY")) {
                    proc.destroyForcibly();
                    throw new IllegalStateException("GStreamer RTSP camera did not start (" + line + "): " + Files.readString(log)
                            + "\nInstall the packages listed in .ci/run.");
                }
                return new GstRtspCamera(proc, p, path, log);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the GStreamer RTSP camera", e);
            }
        }
    }
}
