package io.nightjar.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Users and API tokens, persisted in a JSON file readable only by its owner (passwords as PBKDF2
 * hashes, tokens as SHA-256), and sessions in memory. Session tokens start with {@code s_}, API
 * tokens with {@code t_}.
 *
 * <p>RTSP Digest needs what PBKDF2 cannot give: the server must compute H(user:realm:password)
 * itself. Those HA1 values (MD5 and SHA-256, fast and unsalted but for the realm) are kept apart
 * from the password hashes, in {@link #DIGEST_FILE} beside the user file, also owner-only: whoever
 * reads it can answer Digest challenges as those users on this server's RTSP port (the realm binds
 * them to it), but learns nothing the PBKDF2 file would not have to give up slowly.
 */
public final class UserStore {
    private static final ObjectMapper JSON = io.nightjar.api.http.Json.STORAGE;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
    static final long SESSION_MILLIS = 12 * 3600_000L;

    /** A stored user (hash, never the password). */
    public static final class User {
        public String name;
        public Role role;
        public String passwordHash;
        /** Read from user files written before {@link #DIGEST_FILE} existed (then moved there); never written here. */
        @com.fasterxml.jackson.annotation.JsonProperty(access = com.fasterxml.jackson.annotation.JsonProperty.Access.WRITE_ONLY)
        public String digestMd5;
        @com.fasterxml.jackson.annotation.JsonProperty(access = com.fasterxml.jackson.annotation.JsonProperty.Access.WRITE_ONLY)
        public String digestSha256;
        public Set<String> cameras = new LinkedHashSet<>(Set.of("*"));
    }

    /** A stored API token (hash, never the token). */
    public static final class Token {
        public String id;
        public String label;
        public String user;
        public String hash;
        public long created;
    }

    /** The file's content. */
    public static final class Data {
        public List<User> users = new ArrayList<>();
        public List<Token> tokens = new ArrayList<>();
    }

    /** HA1 = H(name:realm:password) of one user for RTSP Digest, the only password-derived secret Digest allows. */
    public static final class DigestKeys {
        public String md5;
        public String sha256;
    }

    /** The file of RTSP Digest HA1 values, beside the user file. */
    public static final String DIGEST_FILE = "rtsp-digest.json";

    private record Session(String user, long expires) {
    }

    private final Path file;
    private final Path digestFile;
    private Data data;
    private Map<String, DigestKeys> digests;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private final boolean digest;

    /** A store that keeps RTSP Digest keys. */
    public UserStore(Path file) {
        this(file, true);
    }

    /**
     * @param digest keep RTSP Digest HA1 values; false forgets any kept before (the file is
     *               deleted) and keeps none, so Digest authentication fails for everyone
     */
    public UserStore(Path file, boolean digest) {
        this.file = file;
        this.digest = digest;
        this.digestFile = file.resolveSibling(DIGEST_FILE);
        try {
            data = Files.exists(file) ? JSON.readValue(file.toFile(), Data.class) : new Data();
            digests = Files.exists(digestFile)
                    ? JSON.readValue(digestFile.toFile(), new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, DigestKeys>>() { })
                    : new LinkedHashMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the user file " + file + ": " + e.getMessage(), e);
        }
        boolean legacy = false;
        for (User u : data.users) {
            if (u.digestMd5 != null || u.digestSha256 != null) {
                DigestKeys k = new DigestKeys();
                k.md5 = u.digestMd5;
                k.sha256 = u.digestSha256;
                digests.put(u.name, k);
                u.digestMd5 = null;
                u.digestSha256 = null;
                legacy = true;
            }
        }
        if (!digest) {
            digests.clear();
            try {
                Files.deleteIfExists(digestFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + digestFile + " (RTSP Digest is off): " + e.getMessage(), e);
            }
        }
        if (legacy) {
            save(); // the HA1 values leave the user file
        }
    }

    /** Whether RTSP Digest keys are kept (else RTSP clients use {@code ?token=}). */
    public boolean digestEnabled() {
        return digest;
    }

    /** Creates {@code admin} with a random password when there is no user at all; returns that password, else null. */
    public synchronized String ensureAdmin() {
        if (!data.users.isEmpty()) {
            return null;
        }
        String password = PasswordHasher.randomSecret(12);
        createUser("admin", password, Role.admin, Set.of("*"));
        return password;
    }

    public synchronized void createUser(String name, String password, Role role, Set<String> cameras) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw io.nightjar.api.service.ServiceException.invalid("user name must be 1-64 letters, digits, '_', '.', '@', '-'");
        }
        if (find(name) != null) {
            throw io.nightjar.api.service.ServiceException.conflict("user '" + name + "' already exists");
        }
        checkPassword(password);
        User u = new User();
        u.name = name;
        u.role = role == null ? Role.viewer : role;
        u.passwordHash = PasswordHasher.hash(password);
        setDigests(u, password);
        u.cameras = new LinkedHashSet<>(cameras == null || cameras.isEmpty() ? Set.of("*") : cameras);
        data.users.add(u);
        save();
    }

    public synchronized void updateUser(String name, String password, Role role, Set<String> cameras) {
        User u = find(name);
        if (u == null) {
            throw io.nightjar.api.service.ServiceException.notFound("no user '" + name + "'");
        }
        if (password != null) {
            checkPassword(password);
            u.passwordHash = PasswordHasher.hash(password);
            setDigests(u, password);
            sessions.values().removeIf(s -> s.user.equals(name));
        }
        if (role != null) {
            if (u.role == Role.admin && role != Role.admin && admins() == 1) {
                throw io.nightjar.api.service.ServiceException.conflict("'" + name + "' is the last admin");
            }
            u.role = role;
        }
        if (cameras != null) {
            u.cameras = new LinkedHashSet<>(cameras);
        }
        save();
    }

    public synchronized boolean deleteUser(String name) {
        User u = find(name);
        if (u == null) {
            return false;
        }
        if (u.role == Role.admin && admins() == 1) {
            throw io.nightjar.api.service.ServiceException.conflict("'" + name + "' is the last admin");
        }
        data.users.remove(u);
        digests.remove(name);
        data.tokens.removeIf(t -> t.user.equals(name));
        sessions.values().removeIf(s -> s.user.equals(name));
        save();
        return true;
    }

    /** The realm of RTSP Digest authentication. */
    public static final String RTSP_REALM = "Nightjar";

    private void setDigests(User u, String password) {
        if (!digest) {
            return;
        }
        DigestKeys k = new DigestKeys();
        k.md5 = io.nightjar.recorder.auth.DigestMath.ha1("MD5", u.name, RTSP_REALM, password);
        k.sha256 = io.nightjar.recorder.auth.DigestMath.ha1("SHA-256", u.name, RTSP_REALM, password);
        digests.put(u.name, k);
    }

    /**
     * The RTSP Digest HA1 of a user for "MD5" or "SHA-256", or null (no such user, or a user whose
     * password was set before Digest support: setting it again fixes that).
     */
    public synchronized String digestHa1(String name, String algorithm) {
        DigestKeys k = find(name) == null ? null : digests.get(name);
        if (k == null) {
            return null;
        }
        return "SHA-256".equalsIgnoreCase(algorithm) ? k.sha256 : k.md5;
    }

    /** The principal of an existing user (after a successful Digest check), else null. */
    public synchronized Principal principalOf(String name, String via) {
        User u = find(name);
        return u == null ? null : principal(u, via);
    }

    /** Users without their hashes. */
    public synchronized List<io.nightjar.api.service.UserView> listUsers() {
        List<io.nightjar.api.service.UserView> out = new ArrayList<>();
        for (User u : data.users) {
            out.add(new io.nightjar.api.service.UserView(u.name, u.role, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(u.cameras))));
        }
        return out;
    }

    private long admins() {
        return data.users.stream().filter(u -> u.role == Role.admin).count();
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < 8) {
            throw io.nightjar.api.service.ServiceException.invalid("password must be at least 8 characters");
        }
        if (password.length() > 256) {
            throw io.nightjar.api.service.ServiceException.invalid("password must be at most 256 characters");
        }
    }

    /** The principal for a correct password, else null. */
    public Principal checkPassword(String name, String password) {
        User u;
        synchronized (this) {
            u = find(name);
        }
        String hash = u != null ? u.passwordHash : DUMMY_HASH; // same work whether or not the user exists
        boolean ok = PasswordHasher.verify(password == null ? "" : password, hash);
        return ok && u != null ? principal(u, "basic") : null;
    }

    private static final String DUMMY_HASH = PasswordHasher.hash("dummy-password-for-timing");

    /** Sessions one user may hold; a new login past it ends that user's oldest session. */
    public static final int SESSIONS_PER_USER = 32;

    /**
     * A new session for a principal. Bounded: expired sessions are forgotten here, and a user's
     * oldest session ends when a login would pass {@link #SESSIONS_PER_USER} (a script that logs
     * in in a loop cannot grow the server's memory).
     */
    public synchronized String newSession(Principal p) {
        long now = System.currentTimeMillis();
        sessions.values().removeIf(s -> s.expires < now);
        String oldest = null;
        int mine = 0;
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
            if (e.getValue().user.equals(p.user())) {
                mine++;
                if (oldest == null || e.getValue().expires < sessions.get(oldest).expires) {
                    oldest = e.getKey();
                }
            }
        }
        if (mine >= SESSIONS_PER_USER) {
            sessions.remove(oldest);
        }
        String token = "s_" + PasswordHasher.randomSecret(24);
        sessions.put(token, new Session(p.user(), now + SESSION_MILLIS));
        return token;
    }

    /** Sessions held now (expired ones included until the next login forgets them). */
    public int sessionCount() {
        return sessions.size();
    }

    public void endSession(String token) {
        sessions.remove(token);
    }

    /** A new API token for a user; the token itself is returned once and never stored. */
    public synchronized io.nightjar.api.service.NewTokenView createToken(String user, String label) {
        if (find(user) == null) {
            throw io.nightjar.api.service.ServiceException.notFound("no user '" + user + "'");
        }
        String token = "t_" + PasswordHasher.randomSecret(24);
        Token t = new Token();
        t.id = PasswordHasher.randomSecret(6);
        t.label = label == null ? "" : label;
        t.user = user;
        t.hash = PasswordHasher.tokenHash(token);
        t.created = System.currentTimeMillis();
        data.tokens.add(t);
        save();
        return new io.nightjar.api.service.NewTokenView(t.id, t.label, user, token);
    }

    public synchronized boolean deleteToken(String id) {
        boolean removed = data.tokens.removeIf(t -> t.id.equals(id));
        if (removed) {
            save();
        }
        return removed;
    }

    /** Tokens without their hashes. */
    public synchronized List<io.nightjar.api.service.TokenView> listTokens() {
        List<io.nightjar.api.service.TokenView> out = new ArrayList<>();
        for (Token t : data.tokens) {
            out.add(new io.nightjar.api.service.TokenView(t.id, t.label, t.user, t.created));
        }
        return out;
    }

    /** The principal of a session or API token, else null. */
    public Principal authenticateToken(String token) {
        if (token == null) {
            return null;
        }
        if (token.startsWith("s_")) {
            Session s = sessions.get(token);
            if (s == null || s.expires < System.currentTimeMillis()) {
                sessions.remove(token);
                return null;
            }
            synchronized (this) {
                User u = find(s.user);
                return u == null ? null : principal(u, "session");
            }
        }
        if (token.startsWith("t_")) {
            String h = PasswordHasher.tokenHash(token);
            synchronized (this) {
                for (Token t : data.tokens) {
                    if (java.security.MessageDigest.isEqual(t.hash.getBytes(), h.getBytes())) {
                        User u = find(t.user);
                        return u == null ? null : principal(u, "token");
                    }
                }
            }
        }
        return null;
    }

    private static Principal principal(User u, String via) {
        return new Principal(u.name, u.role, Set.copyOf(u.cameras), via);
    }

    private User find(String name) {
        for (User u : data.users) {
            if (u.name.equals(name)) {
                return u;
            }
        }
        return null;
    }

    private void save() {
        try {
            // the HA1 file first: a crash between the two leaves a new key for an old password, never the reverse
            if (digest) {
                io.nightjar.api.config.PrivateFiles.write(digestFile, io.nightjar.api.http.Json.STORAGE_PRETTY.writeValueAsBytes(digests));
            }
            io.nightjar.api.config.PrivateFiles.write(file, io.nightjar.api.http.Json.STORAGE_PRETTY.writeValueAsBytes(data));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save users to " + file + ": " + e.getMessage(), e);
        }
    }
}
