package io.nightjar.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The façade's rules, checked on the code itself: services speak in plain values (no Netty or
 * RocksDB type reachable through a signature, records and enums followed all the way down), and
 * the routes and services reach the engine only through these interfaces.
 */
class ServiceBoundaryTest {
    private static final List<String> FORBIDDEN_TYPES = List.of("io.netty.", "org.rocksdb.");

    @Test
    void noNettyOrRocksDbTypeAppearsInAServiceSignature() {
        List<String> found = new ArrayList<>();
        Set<Type> seen = new HashSet<>();
        for (RecordComponent service : Services.class.getRecordComponents()) {
            Class<?> api = service.getType();
            assertThat(api.isInterface()).as(api + " is an interface").isTrue();
            for (Method m : api.getMethods()) {
                String where = api.getSimpleName() + "." + m.getName();
                walk(m.getGenericReturnType(), where, seen, found);
                for (Type p : m.getGenericParameterTypes()) {
                    walk(p, where, seen, found);
                }
            }
        }
        assertThat(found).as("engine-internal types in the services' signatures").isEmpty();
    }

    @Test
    void routesTheRtspServerAndServicesNeverReachTheAssemblyOrStorage() throws IOException {
        List<String> found = new ArrayList<>();
        found.addAll(imports("io/nightjar/api/routes", "io.nightjar.api.server", "io.nightjar.storage", "org.rocksdb"));
        found.addAll(imports("io/nightjar/api/rtsp", "io.nightjar.api.server", "io.nightjar.storage", "org.rocksdb"));
        found.addAll(imports("io/nightjar/api/service", "io.nightjar.api.server", "io.nightjar.storage", "org.rocksdb", "io.netty"));
        assertThat(found).isEmpty();
    }

    private static void walk(Type t, String where, Set<Type> seen, List<String> found) {
        if (!seen.add(t)) {
            return;
        }
        if (t instanceof ParameterizedType p) {
            walk(p.getRawType(), where, seen, found);
            for (Type a : p.getActualTypeArguments()) {
                walk(a, where, seen, found);
            }
            return;
        }
        if (t instanceof GenericArrayType g) {
            walk(g.getGenericComponentType(), where, seen, found);
            return;
        }
        if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                walk(b, where, seen, found);
            }
            return;
        }
        if (!(t instanceof Class<?> c)) {
            return;
        }
        if (c.isArray()) {
            walk(c.getComponentType(), where, seen, found);
            return;
        }
        for (String bad : FORBIDDEN_TYPES) {
            if (c.getName().startsWith(bad)) {
                found.add(where + " reaches " + c.getName());
            }
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                walk(rc.getGenericType(), where + " → " + c.getSimpleName() + "." + rc.getName(), seen, found);
            }
        } else if (c.getName().startsWith("io.nightjar.") && !c.isInterface() && !c.isEnum()) {
            for (Field f : c.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    walk(f.getGenericType(), where + " → " + c.getSimpleName() + "." + f.getName(), seen, found);
                }
            }
        }
        for (Class<?> sub : c.getPermittedSubclasses() == null ? new Class<?>[0] : c.getPermittedSubclasses()) {
            walk(sub, where, seen, found);
        }
    }

    private static List<String> imports(String dir, String... forbidden) throws IOException {
        Path root = Path.of("src/main/java").resolve(dir);
        assertThat(root).isDirectory();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String code = line.trim();
                    if (code.startsWith("*") || code.startsWith("/")) {
                        continue; // documentation may name the assembly
                    }
                    for (String bad : forbidden) {
                        if (code.startsWith("import " + bad) || code.contains(" " + bad + ".") || code.contains("(" + bad + ".")) {
                            found.add(f.getFileName() + " uses " + bad + ": " + code);
                        }
                    }
                }
            }
        }
        return found;
    }
}
