package io.nightjar.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one mapper for the cluster's records in ZooKeeper: JSON, so that an operator can read them
 * with {@code zkCli.sh get}; fields a later version adds are ignored by this one.
 */
final class ClusterJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ClusterJson() {
    }

    static byte[] write(Object record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record, or null when the bytes are not one (said by the caller, which knows the path). */
    static <T> T read(byte[] data, Class<T> type) {
        if (data == null || data.length == 0) {
            return null;
        }
        try {
            return MAPPER.readValue(data, type);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
