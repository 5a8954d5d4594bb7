package io.nightjar.recorder.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header: a scheme and its
 * parameters. {@link #parse} accepts several challenges in one header (comma-separated) and
 * quoted strings with escapes; it never throws on odd input, it skips what it cannot read.
 */
public final class Challenge {
    private final String scheme;
    private final Map<String, String> params;

    public Challenge(String scheme, Map<String, String> params) {
        this.scheme = scheme;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The scheme, lower-cased ("basic", "digest"). */
    public String scheme() {
        return scheme;
    }

    /** A parameter by lower-cased name, or null. */
    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> params() {
        return params;
    }

    public static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Tokenizer t = new Tokenizer(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            t.skipSpacesAndCommas();
            if (t.atEnd()) {
                break;
            }
            String token = t.token();
            if (token.isEmpty()) {
                t.skipOne();
                continue;
            }
            t.skipSpaces();
            if (t.peek() == '=') {
                t.skipOne();
                t.skipSpaces();
                String value = t.peek() == '"' ? t.quoted() : t.token();
                if (scheme != null) {
                    params.put(token.toLowerCase(Locale.ROOT), value);
                }
            } else {
                if (scheme != null) {
                    out.add(new Challenge(scheme, params));
                }
                scheme = token.toLowerCase(Locale.ROOT);
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            out.add(new Challenge(scheme, params));
        }
        return out;
    }

    @Override
    public String toString() {
        return scheme + " " + params;
    }

    private static final class Tokenizer {
        private final String s;
        private int i;

        Tokenizer(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(i);
        }

        void skipOne() {
            i++;
        }

        void skipSpaces() {
            while (!atEnd() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        void skipSpacesAndCommas() {
            while (!atEnd() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
        }

        String token() {
            int start = i;
            while (!atEnd()) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == ',' || c == '=' || c == '"') {
                    break;
                }
                i++;
            }
            return s.substring(start, i);
        }

        String quoted() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(i++);
                if (c == '\\' && !atEnd()) {
                    sb.append(s.charAt(i++));
                } else if (c == '"') {
                    return sb.toString();
                } else {
                    sb.append(c);
                }
            }
            return sb.toString(); // unterminated: take the rest
        }
    }
}
