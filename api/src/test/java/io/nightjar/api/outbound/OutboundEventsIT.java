package io.nightjar.api.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.recorder.testing.GstRtspCamera;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events leave Nightjar: to a webhook that fails at first (retried), and to Debian's mosquitto broker (even across a broker restart). */
class OutboundEventsIT {
    @TempDir
    Path dir;

    static AnalyticsEvent event(long id, String type) {
        return new AnalyticsEvent(id, "yard", type, id, null, 0.8, null, null, null, "test");
    }

    @Test
    void webhooksAreSignedAndRetriedUntilTheReceiverAccepts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            int status = n <= 2 ? 503 : 204; // down twice, then up
            if (status == 204) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                signatures.add(ex.getRequestHeaders().getFirst("X-Nightjar-Signature") + "|" + WebhookSender.hmac("k3y", body));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        NightjarConfig.Webhook hook = new NightjarConfig.Webhook();
        hook.url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        hook.secret = "k3y";
        hook.types = List.of("motion");
        try (WebhookSender sender = new WebhookSender(List.of(hook), 50)) {
            sender.accept(event(1, "motion"));
            sender.accept(event(2, "light.change")); // not subscribed
            long deadline = System.currentTimeMillis() + 10_000;
            while (sender.delivered.get() < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sender.delivered.get()).isEqualTo(1);
            assertThat(sender.failedAttempts.get()).isEqualTo(2);
            assertThat(bodies).hasSize(1);
            assertThat(bodies.get(0)).contains("\"type\":\"motion\"", "\"camera\":\"yard\"");
            String[] sig = signatures.get(0).split("\\|");
            assertThat(sig[0]).isEqualTo("sha256=" + sig[1]);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void mqttPublishesAtQos1AndKeepsMessagesAcrossABrokerRestart() throws Exception {
        int port = GstRtspCamera.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process broker = startBroker(conf);
        Process sub = null;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        NightjarConfig.Mqtt cfg = new NightjarConfig.Mqtt();
        cfg.port = port;
        cfg.topic = "nightjar-test";
        MqttPublisher pub = new MqttPublisher(group, cfg);
        try {
            sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", "nightjar-test/#", "-v",
                    "-q", "1").redirectErrorStream(true).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8));
            waitFor(() -> pub.connection().state() == MqttPublisher.State.CONNECTED, 10_000);
            Thread.sleep(500); // the subscriber's SUBSCRIBE
            pub.accept(event(10, "motion"));
            String line = readLine(lines, 10_000);
            assertThat(line).startsWith("nightjar-test/yard/motion ").contains("\"id\":\"10\"");
            waitFor(() -> pub.acknowledged.get() == 1, 5_000);

            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
            sub.destroy();
            waitFor(() -> pub.connection().state() != MqttPublisher.State.CONNECTED, 5_000);
            pub.accept(event(11, "tamper.covered")); // queued while the broker is down
            broker = startBroker(conf);
            sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", "nightjar-test/#", "-v",
                    "-q", "1").redirectErrorStream(true).start();
            Thread.sleep(500);
            lines = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8));
            waitFor(() -> pub.acknowledged.get() == 2, 40_000);
            assertThat(pub.reconnects.get()).isPositive();
        } finally {
            pub.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (sub != null) {
                sub.destroyForcibly();
            }
            broker.destroyForcibly();
        }
    }

    static Process startBroker(Path conf) throws Exception {
        Process p = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(conf.resolveSibling("mosquitto.log").toFile()).start();
        Thread.sleep(300);
        assertThat(p.isAlive()).as("mosquitto must be installed (.ci/install-test-deps)").isTrue();
        return p;
    }

    static void waitFor(java.util.function.BooleanSupplier c, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met in " + millis + " ms");
            }
            Thread.sleep(50);
        }
    }

    static String readLine(BufferedReader r, long millis) throws Exception {
        java.util.concurrent.CompletableFuture<String> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        });
        return f.get(millis, TimeUnit.MILLISECONDS);
    }
}
