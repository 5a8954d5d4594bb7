package io.nightjar.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON mappers, configured once. {@link #MAPPER} is the API's: request bodies with unknown
 * fields are refused, nulls are omitted from answers. {@link #STORAGE} writes and reads what the
 * server keeps (users, API-managed cameras, events, audit records): Jackson's defaults, nulls kept,
 * so that a value written as null reads back as null rather than as a field's default.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    public static final ObjectMapper STORAGE = new ObjectMapper();

    /** {@link #STORAGE} indented, for files a person may read. */
    public static final ObjectWriter STORAGE_PRETTY = STORAGE.writer(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }
}
