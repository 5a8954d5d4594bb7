package io.nightjar.api.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nightjar.yml}: UTF-8 text (a binary file is refused), YAML to a tree with duplicate
 * keys refused (YAML's "last one wins" once put a server's data elsewhere), {@code ${VAR}} expanded
 * from the environment in every string, then bound to {@link NightjarConfig} with unknown fields
 * refused, then validated; a file must at least say where recordings go ({@code storage.root}), so
 * an empty file is an error rather than a server on every address with a new data directory. Every
 * error is one line saying which file, which field or line, and what is wrong, and comes before
 * anything is opened.
 */
public final class ConfigLoader {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ConfigLoader() {
    }

    public static NightjarConfig load(Path file) throws ConfigException {
        return load(file, System::getenv);
    }

    public static NightjarConfig load(Path file, Function<String, String> env) throws ConfigException {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(name + ": is a directory, not a configuration file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(name + ": is " + Files.size(file) + " bytes; a configuration is at most " + MAX_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read: " + e.getMessage());
        }
        return parse(name, text(name, bytes), env);
    }

    /** Largest configuration file read. */
    static final long MAX_BYTES = 1 << 20;

    /** The file as UTF-8 text, or an error naming the first byte (and line) that is not text. */
    static String text(String name, byte[] bytes) throws ConfigException {
        int line = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            } else if (bytes[i] == 0 || (bytes[i] >= 0 && bytes[i] < 0x20 && bytes[i] != '\t' && bytes[i] != '\r')) {
                throw new ConfigException(name + ": line " + line + ": not a text file (byte " + i + " is 0x"
                        + String.format("%02x", bytes[i]) + "); a configuration is YAML text, see nightjar.example.yml");
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(name + ": not UTF-8 text; a configuration is YAML text, see nightjar.example.yml");
        }
    }

    public static NightjarConfig parse(String name, String text, Function<String, String> env) throws ConfigException {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() != null ? "line " + e.getLocation().getLineNr() + ": " : "";
            String what = e.getOriginalMessage().startsWith("Duplicate field")
                    ? "key '" + e.getOriginalMessage().replaceAll("(?s)^Duplicate field '([^']*)'.*", "$1") + "' appears twice in one mapping"
                    : "not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " ");
            throw new ConfigException(name + ": " + where + what);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(name + ": is empty (or only comments); a configuration must at least say where recordings go "
                    + "(storage: root: /var/lib/nightjar), see nightjar.example.yml");
        }
        if (!tree.isObject()) {
            throw new ConfigException(name + ": the top level must be a mapping (storage:, server:, cameras:, events:)");
        }
        expand(name, tree, "", env);
        NightjarConfig config;
        try {
            config = YAML.treeToValue(tree, NightjarConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(name + ": " + path(e) + ": " + describe(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(name + ": " + e.getOriginalMessage());
        }
        ConfigValidator.validate(name, config);
        if (!tree.path("storage").path("root").isTextual()) {
            throw new ConfigException(name + ": storage.root: required (the directory for recordings and the index), "
                    + "e.g. storage: root: /var/lib/nightjar");
        }
        return config;
    }

    private static void expand(String file, JsonNode node, String path, Function<String, String> env) throws ConfigException {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getValue().isTextual()) {
                    e.setValue(new TextNode(expandText(file, p, e.getValue().asText(), env)));
                } else {
                    expand(file, e.getValue(), p, env);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                if (a.get(i).isTextual()) {
                    a.set(i, new TextNode(expandText(file, p, a.get(i).asText(), env)));
                } else {
                    expand(file, a.get(i), p, env);
                }
            }
        }
    }

    private static String expandText(String file, String path, String value, Function<String, String> env) throws ConfigException {
        Matcher m = VAR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) {
                throw new ConfigException(file + ": " + path + ": environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "' (known: " + u.getKnownPropertyIds() + ")";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
            return "'" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName();
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + m.getTargetType().getSimpleName();
        }
        return e.getOriginalMessage();
    }
}
