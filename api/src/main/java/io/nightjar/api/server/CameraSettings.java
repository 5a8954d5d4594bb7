package io.nightjar.api.server;

import io.nightjar.analytics.motion.MotionSettings;
import io.nightjar.analytics.motion.Polygon;
import io.nightjar.analytics.tap.AnalyticsSettings;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.camera.CameraSource;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a validated {@link CameraConfig} into what the recorder and analytics take. */
final class CameraSettings {
    private CameraSettings() {
    }

    static CameraSource source(CameraConfig c, StreamRef.Kind kind, io.nightjar.recorder.net.PortRange udpPorts) {
        String url = kind == StreamRef.Kind.MAIN ? c.url : c.subUrl;
        Credentials cred = c.user != null ? new Credentials(c.user, c.password == null ? "" : c.password) : null;
        RtspClientOptions o = RtspClientOptions.defaults().withTransport(
                "udp".equals(c.transport) ? RtspClientOptions.Transport.UDP : RtspClientOptions.Transport.TCP).withUdpPorts(udpPorts);
        return new CameraSource(StreamRef.of(c.id, kind), RtspUrl.parse(url), cred, o);
    }

    /** Analytics of a camera, or null when disabled. */
    static AnalyticsSettings analytics(CameraConfig c) {
        CameraConfig.AnalyticsConfig a = c.analytics;
        if (a == null || !a.enabled) {
            return null;
        }
        List<Polygon> masks = new ArrayList<>();
        for (List<double[]> m : a.masks) {
            masks.add(new Polygon(m));
        }
        Map<String, Polygon> zones = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> z : a.zones.entrySet()) {
            zones.put(z.getKey(), new Polygon(z.getValue()));
        }
        MotionSettings d = MotionSettings.defaults();
        MotionSettings motion = new MotionSettings(a.sensitivity, d.minAreaFraction(), masks, zones, d.startFrames(), d.endSeconds());
        StreamRef.Kind stream = switch (a.stream == null ? "auto" : a.stream) {
            case "sub" -> StreamRef.Kind.SUB;
            case "main" -> StreamRef.Kind.MAIN;
            default -> c.subUrl != null ? StreamRef.Kind.SUB : StreamRef.Kind.MAIN;
        };
        AnalyticsSettings s = AnalyticsSettings.defaults().withMotion(motion).withStream(stream).withMaxFps(a.maxFps)
                .withKeyframesOnly(a.keyframesOnly)
                .withTamper(AnalyticsSettings.defaults().tamper().withPersistSeconds(a.tamperSeconds));
        if (c.timeZone != null) {
            s = new AnalyticsSettings(s.stream(), s.analysisWidth(), s.maxFps(), s.keyframesOnly(), s.motion(), s.tamper(),
                    s.unusualDeviations(), s.unusualMinSamples(), ZoneId.of(c.timeZone));
        }
        return s;
    }
}
