package io.nightjar.api.outbound;

import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.event.EventSink;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.recorder.stats.SharedCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each event (as the API's JSON) to the configured webhooks. A delivery that fails (network
 * error or a non-2xx reply) is retried after 1, 2, 4, 8 and 16 s, then given up and counted. With
 * a secret, {@code X-Nightjar-Signature: sha256=<hex HMAC of the body>} lets the receiver check
 * the sender. At most 1000 deliveries are in flight or waiting; beyond that new ones are dropped
 * and counted.
 */
public final class WebhookSender implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final int MAX_ATTEMPTS = 6;
    static final int MAX_PENDING = 1000;

    private final List<NightjarConfig.Webhook> hooks;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger pending = new AtomicInteger();
    private final long baseDelayMillis;

    // written by the callers of accept (analytics threads) and by the HTTP client's completions: several writers
    public final SharedCounter delivered = new SharedCounter();
    public final SharedCounter failedAttempts = new SharedCounter();
    public final SharedCounter givenUp = new SharedCounter();
    public final SharedCounter dropped = new SharedCounter();

    public WebhookSender(List<NightjarConfig.Webhook> hooks) {
        this(hooks, 1000);
    }

    WebhookSender(List<NightjarConfig.Webhook> hooks, long baseDelayMillis) {
        this.hooks = List.copyOf(hooks);
        this.baseDelayMillis = baseDelayMillis;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhooks");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(scheduler).build();
    }

    @Override
    public void accept(AnalyticsEvent e) {
        byte[] body = null;
        for (NightjarConfig.Webhook h : hooks) {
            if (!h.types.isEmpty() && !h.types.contains(e.type())) {
                continue;
            }
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                dropped.increment();
                continue;
            }
            if (body == null) {
                body = EventJson.of(e);
            }
            send(h, body, 1);
        }
    }

    private void send(NightjarConfig.Webhook h, byte[] body, int attempt) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "Nightjar/0.1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (h.secret != null && !h.secret.isEmpty()) {
            b.header("X-Nightjar-Signature", "sha256=" + hmac(h.secret, body));
        }
        client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((res, err) -> {
            if (err == null && res.statusCode() / 100 == 2) {
                delivered.increment();
                pending.decrementAndGet();
                return;
            }
            failedAttempts.increment();
            String why = err != null ? err.toString() : "HTTP " + res.statusCode();
            if (attempt >= MAX_ATTEMPTS || scheduler.isShutdown()) {
                givenUp.increment();
                pending.decrementAndGet();
                LOG.warn("webhook {} gave up after {} attempts: {}", redact(h.url), attempt, why);
                return;
            }
            long delay = baseDelayMillis << (attempt - 1);
            try {
                scheduler.schedule(() -> send(h, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException rejected) {
                pending.decrementAndGet();
            }
        });
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(m.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A URL without user information or query (they may hold secrets). */
    static String redact(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getPath();
        } catch (RuntimeException e) {
            return "(invalid URL)";
        }
    }

    public int pending() {
        return pending.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
