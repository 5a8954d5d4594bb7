package io.nightjar.api.http;

import io.nightjar.api.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One API route: method, path template ({@code /api/v1/cameras/{id}}), the least role allowed
 * (null: no authentication, only for liveness; {@link Role#metrics}: the scrape role and admins only), whether the {@code {id}} is a camera the caller
 * must be allowed to see, a summary for the OpenAPI document, and the handler.
 */
public record Route(String method, String template, Role role, boolean cameraScoped, String summary, String tag,
                    List<String> query, Handler handler, Pattern pattern, List<String> names) {
    /** Handles a request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(ApiRequest request) throws Exception;
    }

    /** Whether a caller with {@code r} may call this route (see {@link #role()}). */
    public boolean allows(Role r) {
        if (role == null) {
            return true;
        }
        return role == Role.metrics ? r.mayScrape() : r.atLeast(role);
    }

    public static Route of(String method, String template, Role role, boolean cameraScoped, String tag, String summary,
                           List<String> query, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([a-zA-Z]+)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new Route(method, template, role, cameraScoped, summary, tag, query, handler, Pattern.compile(regex.toString()), names);
    }
}
