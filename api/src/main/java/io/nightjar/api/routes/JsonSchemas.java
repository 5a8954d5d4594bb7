package io.nightjar.api.routes;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI 3.0 schemas of the Java types the one JSON mapper reads and writes: records by their
 * components, settings classes by their public fields, enums by their names. Derived from the
 * types themselves, so a request body's documented fields are the fields it binds.
 */
final class JsonSchemas {
    private static final int MAX_DEPTH = 6;

    private JsonSchemas() {
    }

    static Map<String, Object> of(Type type) {
        return of(type, 0);
    }

    private static Map<String, Object> of(Type type, int depth) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", of(args[0], depth + 1));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", of(args[1], depth + 1));
            }
            return of(raw, depth);
        }
        if (type instanceof GenericArrayType g) {
            return Map.of("type", "array", "items", of(g.getGenericComponentType(), depth + 1));
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c == char.class || c == Character.class) {
            return Map.of("type", "string");
        }
        if (c == java.time.Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return Map.of("type", "number");
        }
        if (c.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object e : c.getEnumConstants()) {
                names.add(((Enum<?>) e).name());
            }
            return Map.of("type", "string", "enum", names);
        }
        if (c.isArray()) {
            return Map.of("type", "array", "items", of(c.getComponentType(), depth + 1));
        }
        if (depth > MAX_DEPTH || c == Object.class) {
            return Map.of("type", "object");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                props.put(rc.getName(), of(rc.getGenericType(), depth + 1));
            }
        } else {
            for (Field f : c.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    props.put(f.getName(), of(f.getGenericType(), depth + 1));
                }
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        schema.put("additionalProperties", false); // the mapper refuses unknown fields
        return schema;
    }
}
