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
 *
 * <p>In a cluster ({@link #useSite}) users, tokens and Digest keys are the site's: kept in one
 * sealed record in ZooKeeper that every change goes through (compare-and-set, so changes on two
 * nodes at once both hold), and that every node applies as it changes; the files become this
 * node's copy, used while ZooKeeper cannot be reached (changes then fail, logins do not).
 * Sessions stay per node: a user logs in on each node they use.
 *
 * <p>Readers take the current state without a lock (it is never changed once published); a change
 * edits a copy and publishes it.
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

    /** What is kept: users and tokens (the user file) and Digest keys (the HA1 file); the site's record holds all three. */
    static final class State {
        public List<User> users = new ArrayList<>();
        public List<Token> tokens = new ArrayList<>();
        public Map<String, DigestKeys> digests = new LinkedHashMap<>();

        State() {
        }

        State(Data data, Map<String, DigestKeys> digests) {
            this.users = data.users;
            this.tokens = data.tokens;
            this.digests = digests;
        }

        Data data() {
            Data d = new Data();
            d.users = users;
            d.tokens = tokens;
            return d;
        }

        byte[] encode() {
            try {
                return JSON.writeValueAsBytes(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static State decode(byte[] bytes) {
            try {
                return JSON.readValue(bytes, State.class);
            } catch (IOException e) {
                throw new IllegalStateException("the site's user record is not readable: " + e.getMessage(), e);
            }
        }

        State copy() {
            return decode(encode());
        }

        User find(String name) {
            for (User u : users) {
                if (u.name.equals(name)) {
                    return u;
                }
            }
            return null;
        }

        long admins() {
            return users.stream().filter(u -> u.role == Role.admin).count();
        }
    }

    private final Path file;
    private final Path digestFile;
    /** The current state; replaced whole, never changed in place. */
    private volatile State state;
    private final Object writeLock = new Object();
    /** In a cluster: the site's record, and the newest version of it applied here. */
    private volatile io.nightjar.cluster.SharedDocument site;
    private int siteVersion = -1;
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
        Data data;
        Map<String, DigestKeys> digests;
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
        state = new State(data, digests);
        if (legacy) {
            save(state); // the HA1 values leave the user file
        }
    }

    /**
     * From now on the users are the site's, kept in {@code record} (whose listener is
     * {@link #applySite}). Nothing is merged here: see {@link #mergeIntoSite}.
     */
    public void useSite(io.nightjar.cluster.SharedDocument record) {
        this.site = record;
    }

    /** This node's users as they are now, to be merged into the site's once it is reached ({@link #mergeIntoSite}). */
    public byte[] exportLocal() {
        return state.encode();
    }

    /**
     * Brings this node's users into the site's record: when the site has none yet, they become the
     * site's; when it has, and {@code firstJoin}, the users (with their tokens and keys) whose names the
     * site does not have are added (a user of the same name stays the site's); otherwise the site's
     * record stands as it is. Fails while ZooKeeper cannot be reached (call again later). Returns the
     * names of this node's users that the site had already (the site's passwords, roles and cameras stand), when merged.
     */
    public List<String> mergeIntoSite(byte[] local, boolean firstJoin) throws Exception {
        State mine = State.decode(local);
        List<String> theSites = new java.util.concurrent.CopyOnWriteArrayList<>();
        applySite(site.update(bytes -> {
            theSites.clear();
            if (bytes == null) {
                return mine.encode();
            }
            State s = State.decode(bytes);
            if (firstJoin) {
                for (User u : mine.users) {
                    if (s.find(u.name) != null) {
                        theSites.add(u.name);
                    } else {
                        s.users.add(u);
                        DigestKeys k = mine.digests.get(u.name);
                        if (k != null) {
                            s.digests.put(u.name, k);
                        }
                        mine.tokens.stream().filter(t -> t.user.equals(u.name)).forEach(s.tokens::add);
                    }
                }
            }
            return s.encode();
        }));
        return theSites;
    }

    /**
     * A version of the site's record: applied unless this node has applied a newer one, kept in the
     * files as this node's copy; the sessions of users whose password changed or who are gone end.
     */
    public void applySite(io.nightjar.cluster.SharedDocument.Version v) {
        synchronized (writeLock) {
            if (v.version() <= siteVersion) {
                return;
            }
            siteVersion = v.version();
            State next = State.decode(v.content());
            if (!digest) {
                next.digests.clear();
            }
            State before = state;
            save(next);
            state = next;
            for (User u : before.users) {
                User now = next.find(u.name);
                if (now == null || !now.passwordHash.equals(u.passwordHash)) {
                    sessions.values().removeIf(s -> s.user.equals(u.name));
                }
            }
        }
    }

    /**
     * Changes the users: {@code edit} changes a copy of the current state (and may throw to refuse);
     * the copy is then kept and published. In a cluster the edit applies to the site's newest record
     * (again, if another node changed it meanwhile), and fails with 503 while ZooKeeper cannot be reached.
     */
    private <T> T change(java.util.function.Function<State, T> edit) {
        io.nightjar.cluster.SharedDocument s = site;
        if (s == null) {
            synchronized (writeLock) {
                State copy = state.copy();
                T out = edit.apply(copy);
                save(copy);
                state = copy;
                return out;
            }
        }
        java.util.concurrent.atomic.AtomicReference<T> out = new java.util.concurrent.atomic.AtomicReference<>();
        io.nightjar.cluster.SharedDocument.Version v;
        try {
            v = s.update(bytes -> {
                State copy = bytes == null ? state.copy() : State.decode(bytes);
                out.set(edit.apply(copy));
                return copy.encode();
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw io.nightjar.api.service.ServiceException.unavailable(
                    "users cannot be changed now: the cluster's ZooKeeper cannot be reached (" + e.getClass().getSimpleName() + ")");
        }
        applySite(v);
        return out.get();
    }

    /** Whether RTSP Digest keys are kept (else RTSP clients use {@code ?token=}). */
    public boolean digestEnabled() {
        return digest;
    }

    /** Creates {@code admin} with a random password when there is no user at all; returns that password, else null. */
    public String ensureAdmin() {
        if (!state.users.isEmpty()) {
            return null;
        }
        String password = PasswordHasher.randomSecret(12);
        return change(st -> {
            if (!st.users.isEmpty()) {
                return null;
            }
            addUser(st, "admin", password, Role.admin, Set.of("*"));
            return password;
        });
    }

    public void createUser(String name, String password, Role role, Set<String> cameras) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw io.nightjar.api.service.ServiceException.invalid("user name must be 1-64 letters, digits, '_', '.', '@', '-'");
        }
        checkPassword(password);
        String hash = PasswordHasher.hash(password); // slow on purpose: once, not at every retry of the change
        change(st -> {
            if (st.find(name) != null) {
                throw io.nightjar.api.service.ServiceException.conflict("user '" + name + "' already exists");
            }
            User u = new User();
            u.name = name;
            u.role = role == null ? Role.viewer : role;
            u.passwordHash = hash;
            setDigests(st, u, password);
            u.cameras = new LinkedHashSet<>(cameras == null || cameras.isEmpty() ? Set.of("*") : cameras);
            st.users.add(u);
            return null;
        });
    }

    private void addUser(State st, String name, String password, Role role, Set<String> cameras) {
        User u = new User();
        u.name = name;
        u.role = role;
        u.passwordHash = PasswordHasher.hash(password);
        setDigests(st, u, password);
        u.cameras = new LinkedHashSet<>(cameras);
        st.users.add(u);
    }

    public void updateUser(String name, String password, Role role, Set<String> cameras) {
        if (password != null) {
            checkPassword(password);
        }
        String hash = password == null ? null : PasswordHasher.hash(password);
        change(st -> {
            User u = st.find(name);
            if (u == null) {
                throw io.nightjar.api.service.ServiceException.notFound("no user '" + name + "'");
            }
            if (hash != null) {
                u.passwordHash = hash;
                setDigests(st, u, password);
            }
            if (role != null) {
                if (u.role == Role.admin && role != Role.admin && st.admins() == 1) {
                    throw io.nightjar.api.service.ServiceException.conflict("'" + name + "' is the last admin");
                }
                u.role = role;
            }
            if (cameras != null) {
                u.cameras = new LinkedHashSet<>(cameras);
            }
            return null;
        });
        if (password != null) {
            sessions.values().removeIf(s -> s.user.equals(name));
        }
    }

    public boolean deleteUser(String name) {
        if (state.find(name) == null) {
            return false;
        }
        boolean deleted = change(st -> {
            User u = st.find(name);
            if (u == null) {
                return false;
            }
            if (u.role == Role.admin && st.admins() == 1) {
                throw io.nightjar.api.service.ServiceException.conflict("'" + name + "' is the last admin");
            }
            st.users.remove(u);
            st.digests.remove(name);
            st.tokens.removeIf(t -> t.user.equals(name));
            return true;
        });
        sessions.values().removeIf(s -> s.user.equals(name));
        return deleted;
    }

    /** The realm of RTSP Digest authentication. */
    public static final String RTSP_REALM = "Nightjar";

    private void setDigests(State st, User u, String password) {
        if (!digest) {
            return;
        }
        DigestKeys k = new DigestKeys();
        k.md5 = io.nightjar.recorder.auth.DigestMath.ha1("MD5", u.name, RTSP_REALM, password);
        k.sha256 = io.nightjar.recorder.auth.DigestMath.ha1("SHA-256", u.name, RTSP_REALM, password);
        st.digests.put(u.name, k);
    }

    /**
     * The RTSP Digest HA1 of a user for "MD5" or "SHA-256", or null (no such user, or a user whose
     * password was set before Digest support: setting it again fixes that).
     */
    public String digestHa1(String name, String algorithm) {
        State st = state;
        DigestKeys k = st.find(name) == null ? null : st.digests.get(name);
        if (k == null) {
            return null;
        }
        return "SHA-256".equalsIgnoreCase(algorithm) ? k.sha256 : k.md5;
    }

    /** The principal of an existing user (after a successful Digest check), else null. */
    public Principal principalOf(String name, String via) {
        User u = state.find(name);
        return u == null ? null : principal(u, via);
    }

    /** Users without their hashes. */
    public List<io.nightjar.api.service.UserView> listUsers() {
        List<io.nightjar.api.service.UserView> out = new ArrayList<>();
        for (User u : state.users) {
            out.add(new io.nightjar.api.service.UserView(u.name, u.role, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(u.cameras))));
        }
        return out;
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
        User u = state.find(name);
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
    public io.nightjar.api.service.NewTokenView createToken(String user, String label) {
        String token = "t_" + PasswordHasher.randomSecret(24);
        Token t = new Token();
        t.id = PasswordHasher.randomSecret(6);
        t.label = label == null ? "" : label;
        t.user = user;
        t.hash = PasswordHasher.tokenHash(token);
        t.created = System.currentTimeMillis();
        change(st -> {
            if (st.find(user) == null) {
                throw io.nightjar.api.service.ServiceException.notFound("no user '" + user + "'");
            }
            st.tokens.add(t);
            return null;
        });
        return new io.nightjar.api.service.NewTokenView(t.id, t.label, user, token);
    }

    public boolean deleteToken(String id) {
        if (state.tokens.stream().noneMatch(t -> t.id.equals(id))) {
            return false;
        }
        return change(st -> st.tokens.removeIf(t -> t.id.equals(id)));
    }

    /** Tokens without their hashes. */
    public List<io.nightjar.api.service.TokenView> listTokens() {
        List<io.nightjar.api.service.TokenView> out = new ArrayList<>();
        for (Token t : state.tokens) {
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
            User u = state.find(s.user);
            return u == null ? null : principal(u, "session");
        }
        if (token.startsWith("t_")) {
            String h = PasswordHasher.tokenHash(token);
            State st = state;
            for (Token t : st.tokens) {
                if (java.security.MessageDigest.isEqual(t.hash.getBytes(), h.getBytes())) {
                    User u = st.find(t.user);
                    return u == null ? null : principal(u, "token");
                }
            }
        }
        return null;
    }

    private static Principal principal(User u, String via) {
        return new Principal(u.name, u.role, Set.copyOf(u.cameras), via);
    }

    private void save(State st) {
        try {
            // the HA1 file first: a crash between the two leaves a new key for an old password, never the reverse
            if (digest) {
                io.nightjar.api.config.PrivateFiles.write(digestFile, io.nightjar.api.http.Json.STORAGE_PRETTY.writeValueAsBytes(st.digests));
            }
            io.nightjar.api.config.PrivateFiles.write(file, io.nightjar.api.http.Json.STORAGE_PRETTY.writeValueAsBytes(st.data()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save users to " + file + ": " + e.getMessage(), e);
        }
    }
}
