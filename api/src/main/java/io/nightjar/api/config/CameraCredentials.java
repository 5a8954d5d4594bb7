package io.nightjar.api.config;

import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.rtsp.RtspUrl;
import java.util.Objects;

/**
 * Moves credentials written into a camera's URLs ({@code rtsp://user:pass@host/...}) into the
 * camera's {@code user} and {@code password}, and leaves the URLs without them: a URL is shown in
 * logs, the audit log, API answers and error messages, a password never is.
 */
public final class CameraCredentials {
    private CameraCredentials() {
    }

    /**
     * Splits the credentials out of {@code c.url} and {@code c.subUrl} (in place).
     *
     * @throws ConfigException when the URLs and the {@code user} field name different users, or the
     *                         two URLs different credentials (a camera has one user and password)
     */
    public static void split(String where, CameraConfig c) throws ConfigException {
        Credentials main = credentialsOf(where + ".url", c.url);
        Credentials sub = credentialsOf(where + ".subUrl", c.subUrl);
        if (main != null && sub != null && !main.equals(sub)) {
            throw new ConfigException(where + ": the url and the subUrl carry different credentials; a camera has one user and "
                    + "password (set user and password, and leave them out of the URLs)");
        }
        Credentials inUrl = main != null ? main : sub;
        if (inUrl == null) {
            return;
        }
        if (c.user != null && !c.user.equals(inUrl.user())) {
            throw new ConfigException(where + ": the URL names user '" + inUrl.user() + "' but user is '" + c.user + "'");
        }
        if (c.password != null && !c.password.isEmpty() && !Objects.equals(c.password, inUrl.password())) {
            throw new ConfigException(where + ": the URL carries a password other than the password field; give it once, in password");
        }
        c.user = inUrl.user();
        c.password = inUrl.password();
        c.url = withoutUserInfo(c.url);
        c.subUrl = withoutUserInfo(c.subUrl);
    }

    private static Credentials credentialsOf(String field, String url) throws ConfigException {
        if (url == null) {
            return null;
        }
        try {
            return RtspUrl.parse(url).credentials();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(field + ": " + e.getMessage());
        }
    }

    private static String withoutUserInfo(String url) {
        return url == null ? null : RtspUrl.parse(url).toString();
    }
}
