package io.nightjar.analytics.tap;

import static io.nightjar.analytics.tap.Scenarios.T0;
import static io.nightjar.analytics.tap.Scenarios.clip;
import static io.nightjar.analytics.tap.Scenarios.ofType;
import static io.nightjar.analytics.tap.Scenarios.run;
import static io.nightjar.analytics.tap.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.motion.MotionGrid;
import io.nightjar.analytics.motion.Polygon;
import io.nightjar.analytics.tamper.TamperDetector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Each scenario is real H.264 made by ffmpeg from lavfi sources (a static textured scene with
 * sensor noise, plus the change under test), decoded and analysed as the tap does.
 */
class ScenarioTest {
    static final AnalyticsSettings SETTINGS = AnalyticsSettings.defaults()
            .withTamper(io.nightjar.analytics.tamper.TamperSettings.defaults().withPersistSeconds(2));

    @Test
    void aStaticSceneWithSensorNoiseRaisesNothing() {
        List<AnalyticsEvent> events = run(clip("static", "", 12), SETTINGS, null);
        assertThat(Scenarios.finals(events)).isEmpty();
    }

    @Test
    void aMovingObjectIsOneMotionEventWithItsBoxAndItsZone() {
        Map<Long, byte[]> grids = new ConcurrentHashMap<>();
        AnalyticsSettings s = SETTINGS.withMotion(SETTINGS.motion().withZones(Map.of("right", Polygon.rect(0.5, 0, 1, 1))));
        List<AnalyticsEvent> events = run(clip("walker", "walker", 14),
                s, grids);
        List<AnalyticsEvent> motion = ofType(events, AnalyticsEvent.MOTION);
        AnalyticsEvent cam = motion.stream().filter(e -> e.zone() == null).findFirst().orElseThrow();
        assertThat(motion.stream().filter(e -> e.zone() == null)).as("one event for the camera").hasSize(1);
        assertThat(seconds(cam.startMicros())).isCloseTo(3.0, offset(0.5));
        assertThat(seconds(cam.endMicros())).isCloseTo(8.0, offset(0.5));
        assertThat(cam.box().x()).isLessThan(0.35);
        assertThat(cam.box().x() + cam.box().w()).isGreaterThan(0.85);
        assertThat(cam.box().y()).isCloseTo(150 / 360.0, offset(0.08));
        assertThat(cam.snapshot()).as("a JPEG snapshot").isNotNull();
        AnalyticsEvent zone = motion.stream().filter(e -> "right".equals(e.zone())).findFirst().orElseThrow();
        assertThat(seconds(zone.startMicros())).as("object reaches the right half at about 4.5 s").isCloseTo(4.6, offset(0.7));
        assertThat(ofType(events, AnalyticsEvent.LIGHT_CHANGE)).isEmpty();
        long second5 = (T0 + 5_000_000L) / 1_000_000L;
        assertThat(grids).containsKey(second5);
        assertThat(MotionGrid.intersects(grids.get(second5), MotionGrid.region(0.4, 0.35, 0.7, 0.65))).isTrue();
        assertThat(MotionGrid.intersects(grids.get(second5), MotionGrid.region(0, 0.8, 1, 1))).as("nothing at the bottom").isFalse();
        assertThat(grids.keySet()).allMatch(sec -> sec >= (T0 / 1_000_000L) + 2 && sec <= (T0 / 1_000_000L) + 8);
    }

    @Test
    void aMaskHidesMotionInItsArea() {
        AnalyticsSettings s = SETTINGS.withMotion(SETTINGS.motion().withMasks(List.of(Polygon.rect(0, 0.3, 1, 0.7))));
        List<AnalyticsEvent> events = run(clip("walker", "walker", 14),
                s, null);
        assertThat(ofType(events, AnalyticsEvent.MOTION)).isEmpty();
    }

    @Test
    void lightsSwitchedOnAreOneLightChangeAndNoMotion() {
        List<AnalyticsEvent> events = run(clip("step", "eq=eval=frame:brightness='if(gte(t,5),0.3,0)'", 14), SETTINGS, null);
        List<AnalyticsEvent> light = ofType(events, AnalyticsEvent.LIGHT_CHANGE);
        assertThat(light).hasSize(1);
        assertThat(seconds(light.get(0).startMicros())).isCloseTo(5.0, offset(0.5));
        assertThat(light.get(0).endMicros()).as("closed once steady").isNotNull();
        assertThat(ofType(events, AnalyticsEvent.MOTION)).isEmpty();
    }

    @Test
    void aGradualBrightnessRampIsOneLightChangeAndNoMotion() {
        List<AnalyticsEvent> events = run(clip("ramp", "eq=eval=frame:brightness='if(lt(t,4),0,if(lt(t,7),(t-4)*0.1,0.3))'", 14),
                SETTINGS, null);
        assertThat(ofType(events, AnalyticsEvent.LIGHT_CHANGE)).hasSize(1);
        assertThat(seconds(ofType(events, AnalyticsEvent.LIGHT_CHANGE).get(0).startMicros())).isBetween(4.0, 7.5);
        assertThat(ofType(events, AnalyticsEvent.MOTION)).isEmpty();
    }

    @Test
    void aFadeToBlackIsACoveredLens() {
        List<AnalyticsEvent> events = run(clip("fade", "fade=t=out:st=4:d=2", 12), SETTINGS, null);
        List<AnalyticsEvent> covered = ofType(events, TamperDetector.COVERED);
        assertThat(covered).hasSize(1);
        assertThat(seconds(covered.get(0).startMicros())).isCloseTo(5.5, offset(1.0));
        assertThat(ofType(events, AnalyticsEvent.MOTION)).isEmpty();
    }

    @Test
    void aUniformColourIsACoveredLensThatRecovers() {
        List<AnalyticsEvent> events = run(clip("uniform", "drawbox=x=0:y=0:w=iw:h=ih:color=red:t=fill:enable='between(t,4,9)'", 14),
                SETTINGS, null);
        List<AnalyticsEvent> covered = ofType(events, TamperDetector.COVERED);
        assertThat(covered).hasSize(1);
        assertThat(seconds(covered.get(0).startMicros())).isCloseTo(4.0, offset(0.5));
        assertThat(seconds(covered.get(0).endMicros())).as("closes when the view is back").isCloseTo(11.0, offset(1.0));
    }

    @Test
    void aLensCoveredBlackIsATamperNotALightChangeAndUncoveringIsNoMotion() {
        List<AnalyticsEvent> events = run(clip("black", "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(t,4,9)'", 16),
                SETTINGS, null);
        List<AnalyticsEvent> covered = ofType(events, TamperDetector.COVERED);
        assertThat(covered).as("%s", events).hasSize(1);
        assertThat(seconds(covered.get(0).startMicros())).isCloseTo(4.0, offset(1.0));
        assertThat(ofType(events, AnalyticsEvent.LIGHT_CHANGE)).as("a covered lens is not a light change: %s", events).isEmpty();
        assertThat(ofType(events, AnalyticsEvent.MOTION)).as("the background is relearnt when the tamper starts and ends: %s", events)
                .isEmpty();
    }

    @Test
    void aBlurredLensIsDefocus() {
        List<AnalyticsEvent> events = run(clip("blur", "boxblur=luma_radius=6:luma_power=2:enable='gte(t,5)'", 12), SETTINGS, null);
        List<AnalyticsEvent> defocus = ofType(events, TamperDetector.DEFOCUS);
        assertThat(defocus).hasSize(1);
        assertThat(seconds(defocus.get(0).startMicros())).isCloseTo(5.0, offset(0.5));
        assertThat(ofType(events, TamperDetector.COVERED)).isEmpty();
    }

    @Test
    void aShiftedSceneIsAMovedCamera() {
        String graph = Scenarios.scene(800, 450) + ",noise=alls=5:allf=t,crop=w=640:h=360:x='if(gte(t,5),70,0)':y=20";
        List<AnalyticsEvent> events = run(io.nightjar.recorder.testing.TestClips.make("h264", 640, 360, 10, 20, 12, graph), SETTINGS, null);
        List<AnalyticsEvent> moved = ofType(events, TamperDetector.MOVED);
        assertThat(moved).hasSize(1);
        assertThat(seconds(moved.get(0).startMicros())).isCloseTo(5.0, offset(0.5));
    }
}
