package io.nightjar.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One camera as configured (YAML or API). Mutable bean for Jackson; validated by
 * {@link ConfigValidator}. {@link #toString()} never shows the password.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = {"password"}, allowSetters = true)
public final class CameraConfig {
    /** What is recorded. */
    public enum RecordMode { continuous, motion, off }

    public String id;
    public String name;
    public String url;
    public String subUrl;
    public String user;
    public String password;
    public String transport = "tcp";
    public RecordMode record = RecordMode.continuous;
    /** Under memory overload lower priorities shed first: high, normal (default) or low. */
    public String priority = "normal";
    /** In a cluster: false records it only on the first node that did, and leaves it unrecorded while that node is down. */
    public boolean failover = true;
    public int prePostSeconds = 5;
    public RetentionConfig retention;
    public AnalyticsConfig analytics = new AnalyticsConfig();
    public String storageRoot;
    public String timeZone;

    /** Analytics of a camera. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class AnalyticsConfig {
        public boolean enabled = true;
        public String stream = "auto";
        public double sensitivity = 0.5;
        public double maxFps = 10;
        public boolean keyframesOnly;
        public List<List<double[]>> masks = new ArrayList<>();
        public Map<String, List<double[]>> zones = new LinkedHashMap<>();
        public double tamperSeconds = 5;
    }

    /** Retention of a camera (overrides the storage defaults). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class RetentionConfig {
        public Double maxAgeDays;
        public String maxSize;
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    @Override
    public String toString() {
        return "CameraConfig[" + id + " " + url + (hasPassword() ? " password=***" : "") + "]";
    }
}
