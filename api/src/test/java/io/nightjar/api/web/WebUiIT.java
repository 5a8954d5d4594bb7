package io.nightjar.api.web;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.recorder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web UI in Debian's Chromium, against a server recording a real GStreamer camera. */
class WebUiIT {
    @TempDir
    static Path dir;

    static GstRtspCamera cam;
    static ServerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        cam = GstRtspCamera.builder().h264().size(640, 360).fps(25).gop(25).pattern("ball").start();
        fx = new ServerFixture(dir.resolve("data"));
        fx.addRecordingCamera("yard", "\"id\":\"yard\",\"name\":\"Yard\",\"url\":\"" + cam.url() + "\"", 20_000);
        Thread.sleep(6000); // some footage and a motion event
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (cam != null) {
            cam.close();
        }
    }

    static Browser browser(String name) throws Exception {
        Path profile = Files.createDirectories(dir.resolve("profile-" + name));
        Path downloads = Files.createDirectories(dir.resolve("downloads-" + name));
        return new Browser(profile, downloads);
    }

    static void login(Browser b, String user) {
        b.driver.get(fx.base() + "/");
        WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys(user);
        b.driver.findElement(By.id("login-password")).sendKeys(ServerFixture.PASSWORD);
        b.driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who-name")));
    }

    static double currentTime(Browser b, String css) {
        Object v = b.js("const v = document.querySelector(arguments[0]); return v ? v.currentTime : -1;", css);
        return ((Number) v).doubleValue();
    }

    @Test
    void anOperatorLogsInWatchesLiveReviewsPlaysAnEventAndExports() throws Exception {
        try (Browser b = browser("operator")) {
            WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(30));
            login(b, "operator");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#live-grid video[data-camera=yard]")));
            assertThat(eventually(20_000, () -> currentTime(b, "#live-grid video[data-camera=yard]") > 0.5))
                    .as("the live video plays").isTrue();
            double t1 = currentTime(b, "#live-grid video[data-camera=yard]");
            Thread.sleep(2000);
            assertThat(currentTime(b, "#live-grid video[data-camera=yard]")).as("and keeps playing").isGreaterThan(t1 + 1.0);
            assertThat(b.driver.findElement(By.cssSelector(".tile[data-camera=yard] .badge")).getText()).contains("recording");
            b.screenshot("live-grid");

            b.driver.get(fx.base() + "/#/review");
            WebElement span = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".cam-row[data-camera=yard] .timeline .span.recorded")));
            assertThat(span.getAttribute("title")).contains("recorded");
            b.screenshot("review-timeline");

            // export: the last 6 s before a moment 2 s ago
            DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
            Instant to = Instant.now().minusSeconds(2);
            String fromText = local.format(LocalDateTime.ofInstant(to.minusSeconds(6), ZoneId.systemDefault()));
            String toText = local.format(LocalDateTime.ofInstant(to, ZoneId.systemDefault()));
            b.js("document.getElementById('export-from').value = arguments[0]; document.getElementById('export-to').value = arguments[1];",
                    fromText, toText);
            b.driver.findElement(By.id("export-start")).click();
            WebElement download = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#export-jobs a.export-download")));
            b.screenshot("export-done");
            download.click();
            Path downloads = dir.resolve("downloads-operator");
            assertThat(eventually(20_000, () -> mp4s(downloads).size() == 1)).as("the MP4 downloads").isTrue();
            Path mp4 = mp4s(downloads).get(0);
            Map<String, String> probe = Tools.probeVideo(mp4);
            assertThat(probe.get("stderr")).isEmpty();
            assertThat(Double.parseDouble(probe.get("duration"))).isBetween(5.5, 6.5);

            b.driver.get(fx.base() + "/#/events");
            WebElement card = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#ev-list .event")));
            b.screenshot("events");
            card.click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ev-video")));
            assertThat(eventually(20_000, () -> currentTime(b, "#ev-video") > 1.0)).as("clicking an event plays it").isTrue();
            b.screenshot("event-playing");
            assertThat(b.policyViolations()).as("live, review, export and playback under the server's Content-Security-Policy").isEmpty();
        }
    }

    static List<Path> mp4s(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".mp4")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Test
    void anH265CameraWithoutSubStreamIsShownThroughAnH264Preview() throws Exception {
        try (GstRtspCamera hevc = GstRtspCamera.builder().h265().size(640, 360).fps(15).gop(30).path("/dome").start();
             Browser b = browser("hevc")) {
            assertThat(fx.post("/api/v1/cameras", "admin", "{\"id\":\"dome\",\"url\":\"" + hevc.url() + "\"}").status()).isEqualTo(201);
            assertThat(eventually(20_000, () -> "H265".equals(fx.get("/api/v1/cameras/dome", "viewer").json().path("codec").asText())))
                    .isTrue();
            login(b, "viewer");
            b.driver.get(fx.base() + "/#/camera/dome");
            WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cam-live")));
            assertThat(b.driver.findElement(By.tagName("main")).getText()).contains("H.265 camera: showing a low-resolution H.264 preview");
            assertThat(eventually(30_000, () -> currentTime(b, "#cam-live") > 1.0)).as("the preview plays in Chromium").isTrue();
            assertThat(fx.server.previews().running()).isEqualTo(1);
            b.screenshot("h265-preview");
            b.driver.get(fx.base() + "/#/live");
            assertThat(eventually(10_000, () -> fx.server.previews().running() == 0 || currentTime(b, "video[data-camera=dome]") > 0))
                    .isTrue();
            fx.request("DELETE", "/api/v1/cameras/dome", "admin", null);
        }
    }

    @Test
    void aViewerCannotSeeTheAdminView() throws Exception {
        try (Browser b = browser("viewer")) {
            login(b, "viewer");
            assertThat(b.driver.findElement(By.cssSelector("#menu a[data-view=admin]")).isDisplayed()).isFalse();
            b.driver.get(fx.base() + "/#/admin");
            WebElement denied = new WebDriverWait(b.driver, Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("not-allowed")));
            assertThat(denied.getText()).contains("Admins only");
            assertThat(b.driver.findElements(By.id("admin-users"))).isEmpty();
            b.screenshot("viewer-admin-denied");
        }
        try (Browser b = browser("admin")) {
            login(b, "admin");
            b.driver.findElement(By.cssSelector("#menu a[data-view=admin]")).click();
            new WebDriverWait(b.driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-users")));
            assertThat(b.driver.findElement(By.id("admin-users")).getText()).contains("operator", "viewer");
            b.screenshot("admin");
        }
    }
}
