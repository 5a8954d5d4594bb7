package io.nightjar.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The technician's view of a node of a cluster, in Chromium: the cameras page lists the site's
 * nodes with their load, and a camera's page says which node records it and its failover history.
 */
class ClusterUiIT {
    @TempDir
    Path dir;

    @Test
    void theTechnicianSeesTheNodesAndWhoRecordsACameraSinceWhen() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             GstRtspCamera cam = GstRtspCamera.builder().h264().size(320, 240).fps(10).gop(10).start();
             ServerFixture fx = new ServerFixture(dir.resolve("data"), c -> {
                 c.cluster = new NightjarConfig.Cluster();
                 c.cluster.zookeeper = zk.getConnectString();
                 c.cluster.node = "rec-1";
                 c.cluster.secret = "a-test-secret-of-at-least-32-characters";
                 CameraConfig yard = new CameraConfig();
                 yard.id = "yard";
                 yard.url = cam.url();
                 yard.analytics.enabled = false;
                 c.cameras.add(yard);
             });
             Browser b = new Browser(Files.createDirectories(dir.resolve("profile")), Files.createDirectories(dir.resolve("downloads")))) {
            assertThat(ServerFixture.eventually(30_000, () -> fx.get("/api/v1/cluster/cameras/yard", "admin").json().path("history").size() == 1))
                    .as("the catalog has the camera's first stretch").isTrue();
            WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(20));
            b.driver.get(fx.base() + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys("admin");
            b.driver.findElement(By.id("login-password")).sendKeys(ServerFixture.PASSWORD);
            b.driver.findElement(By.id("login-submit")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who-name")));

            b.driver.get(fx.base() + "/#/cameras");
            WebElement node = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cluster-nodes tr[data-node=rec-1]")));
            assertThat(node.getText()).as("the node with its load").contains("rec-1").contains("1 of");
            assertThat(b.driver.findElement(By.id("cluster-nodes")).getText()).contains("the controller");

            b.driver.get(fx.base() + "/#/camera/yard");
            WebElement history = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cam-cluster-history tr[data-node=rec-1]")));
            assertThat(history.getText()).as("its stretch, still going").contains("rec-1").contains("now");
            assertThat(b.driver.findElement(By.id("cam-cluster-now")).getText()).contains("Recorded by node rec-1");
            b.screenshot("cluster-camera");
            assertThat(b.policyViolations()).as("no Content-Security-Policy violation").isEmpty();
        }
    }
}
