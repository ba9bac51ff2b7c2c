package dev.safeflow.schemas.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads configuration in layers, later winning: declared defaults, the YAML file, environment
 * variables ({@code SAFEFLOW_...}), then command-line overrides. Every problem (unknown key, bad
 * value, failed rule) is collected and reported in one {@link ConfigException}.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    public static Settings load(ConfigSpec spec, Path yamlFile, Map<String, String> env, Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        Map<String, String> raw = new LinkedHashMap<>();
        if (yamlFile != null) {
            readYaml(yamlFile, raw, problems);
        }
        for (ConfigKey<?> key : spec.keys()) {
            String fromEnv = env.get(key.envName());
            if (fromEnv != null) {
                raw.put(key.name(), fromEnv);
            }
        }
        raw.putAll(overrides);

        Map<String, Object> values = new HashMap<>();
        Map<String, String> passThrough = new HashMap<>();
        raw.forEach((name, text) -> {
            if (spec.key(name) == null) {
                if (spec.isPassThrough(name)) {
                    passThrough.put(name, text);
                } else {
                    problems.add("unknown key " + name + suggestion(spec, name));
                }
            }
        });
        for (ConfigKey<?> key : spec.keys()) {
            values.put(key.name(), resolve(key, raw.get(key.name()), problems));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Settings(values, passThrough);
    }

    /** Defaults only: for tests and for commands run without a file. */
    public static Settings defaults(ConfigSpec spec) {
        return load(spec, null, Map.of(), Map.of());
    }

    private static <T> Object resolve(ConfigKey<T> key, String text, List<String> problems) {
        T value;
        if (text == null) {
            if (key.required()) {
                problems.add(key.name() + " is required: set it in the file, with " + key.envName() + " or on the command line");
                return null;
            }
            value = key.defaultValue();
        } else {
            try {
                value = key.type().parse(text);
            } catch (RuntimeException e) {
                problems.add(key.name() + " = '" + text + "' is not a " + key.type().describe()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
                return null;
            }
        }
        if (!key.check().test(value)) {
            problems.add(key.name() + " = " + value + " breaks its rule: " + key.rule());
        }
        return value;
    }

    private static void readYaml(Path file, Map<String, String> into, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("config file " + file + " does not exist: pass an existing YAML file to --config");
            return;
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return;
            }
            if (!root.isObject()) {
                problems.add("config file " + file + " must hold a YAML mapping of keys to values");
                return;
            }
            flatten("", root, into);
        } catch (IOException e) {
            problems.add("config file " + file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Nested mappings become dotted keys; sequences become comma-separated lists. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            into.put(prefix, String.join(",", items));
        } else {
            into.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    private static String suggestion(ConfigSpec spec, String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigKey<?> key : spec.keys()) {
            int d = distance(name, key.name());
            if (d < bestDistance) {
                bestDistance = d;
                best = key.name();
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
