package io.nightjar.api.http;

import java.util.List;
import java.util.Map;

/** What a handler returns. */
public sealed interface Response {
    /** A JSON body. */
    record JsonBody(int status, Object body) implements Response {
    }

    /** A body made of parts (bytes and file regions) with optional Range support. */
    record Body(int status, String contentType, List<Part> parts, Map<String, String> headers, boolean ranges) implements Response {
        public long length() {
            long n = 0;
            for (Part p : parts) {
                n += p.length();
            }
            return n;
        }
    }

    /** The handler took over the channel (SSE, long exports); nothing more to write. */
    record Handled() implements Response {
    }

    static Response json(Object body) {
        return new JsonBody(200, body);
    }

    static Response json(int status, Object body) {
        return new JsonBody(status, body);
    }

    static Response bytes(String contentType, byte[] b) {
        return new Body(200, contentType, List.of(Part.bytes(b)), Map.of(), false);
    }

    static Response noContent() {
        return new JsonBody(204, null);
    }
}
