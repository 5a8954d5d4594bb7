package io.nightjar.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web application: from a directory when configured (development), else from the
 * {@code web/} resources of this module. Public: the UI holds no secrets, and its API calls carry
 * the user's session.
 */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png",
            "json", "application/json", "ico", "image/x-icon", "map", "application/json");

    private final Path directory;
    /**
     * Built-in files that exist, by path. Only files found are kept, so the cache is bounded by the
     * files the application ships: a request for a path that does not exist costs one resource
     * lookup and leaves nothing behind (caching misses let unauthenticated requests for invented
     * paths grow the heap without bound).
     */
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** @param directory a directory to serve from, or null for the built-in resources */
    public StaticFiles(Path directory) {
        this.directory = directory;
    }

    /** Third-party files served under /vendor/, from their WebJars (pinned in the build; no CDN at run time). */
    private static final Map<String, String> VENDOR = Map.of(
            "/vendor/hls.min.js", "/META-INF/resources/webjars/hls.js/1.4.12/dist/hls.min.js");

    /** The file for a path ("/" is index.html), or null. */
    public Response serve(String path) throws IOException {
        String vendor = VENDOR.get(path);
        if (vendor != null) {
            byte[] b = cached(path, vendor);
            return b == null ? null : new Response.Body(200, TYPES.get("js"), List.of(Part.bytes(b)),
                    Map.of("Cache-Control", "public, max-age=86400"), false);
        }
        String p = path.equals("/") || path.isEmpty() ? "/index.html" : path;
        if (p.contains("..") || p.contains("\\") || p.contains("//")) {
            return null;
        }
        String ext = p.substring(p.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        if (type == null) {
            return null;
        }
        if (directory != null) {
            Path f = directory.resolve(p.substring(1)).normalize();
            if (!f.startsWith(directory) || !Files.isRegularFile(f)) {
                return null;
            }
            return new Response.Body(200, type, List.of(Part.file(f, 0, Files.size(f))), Map.of("Cache-Control", "no-cache"), true);
        }
        byte[] b = cached(p, "/web" + p);
        if (b == null) {
            return null;
        }
        return new Response.Body(200, type, List.of(Part.bytes(b)), Map.of("Cache-Control", "no-cache"), false);
    }

    /**
     * The bytes of a built-in resource, or null when there is none (a miss is not remembered). Only
     * names in {@link #BUILT_IN} are looked up: the JDK's class loader keeps about 200 bytes for
     * every distinct resource name it is asked for, found or not (measured: 20 000 invented paths,
     * +4 MB of heap that no GC frees; found by AbuseRunIT), so an invented path must never reach it.
     */
    private byte[] cached(String key, String resource) {
        byte[] b = cache.get(key);
        if (b == null) {
            if (!BUILT_IN.contains(resource)) {
                return null;
            }
            b = load(resource);
            if (b != null) {
                cache.putIfAbsent(key, b);
            }
        }
        return b;
    }

    /** How many built-in files are held in memory (for tests). */
    int cachedFiles() {
        return cache.size();
    }

    /** Every built-in resource that can be served: the files under {@code web/}, and the vendor files. */
    private static final java.util.Set<String> BUILT_IN = builtIn();

    private static java.util.Set<String> builtIn() {
        java.util.Set<String> names = new java.util.HashSet<>(VENDOR.values());
        java.net.URL index = StaticFiles.class.getResource("/web/index.html");
        if (index == null) {
            return java.util.Set.copyOf(names);
        }
        try {
            if (index.openConnection() instanceof java.net.JarURLConnection jar) {
                jar.setUseCaches(false); // a JarFile of our own, closed here
                try (java.util.jar.JarFile f = jar.getJarFile()) {
                    f.stream().filter(e -> !e.isDirectory() && e.getName().startsWith("web/")).forEach(e -> names.add("/" + e.getName()));
                }
            } else {
                Path web = Path.of(index.toURI()).getParent();
                try (java.util.stream.Stream<Path> files = Files.walk(web)) {
                    files.filter(Files::isRegularFile).forEach(f -> names.add("/web/" + web.relativize(f).toString().replace('\\', '/')));
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot list the built-in web files at " + index, e);
        }
        return java.util.Set.copyOf(names);
    }

    private static byte[] load(String resource) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
