package io.nightjar.api.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an export job is. */
public enum ExportState {
    QUEUED, RUNNING, DONE, FAILED;

    /** As the API writes it. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ExportState parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
