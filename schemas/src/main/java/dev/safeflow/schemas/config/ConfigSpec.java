package dev.safeflow.schemas.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys one command accepts: the union of the declarations of the modules it wires, plus
 * pass-through prefixes whose keys go unchecked to a client (e.g. {@code kafka.client.security.protocol}).
 */
public final class ConfigSpec {
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    private final List<String> passThroughPrefixes = new ArrayList<>();

    public ConfigSpec add(Collection<? extends ConfigKey<?>> declared) {
        for (ConfigKey<?> key : declared) {
            ConfigKey<?> previous = keys.putIfAbsent(key.name(), key);
            if (previous != null && previous != key) {
                throw new IllegalStateException("configuration key " + key.name() + " is declared twice");
            }
        }
        return this;
    }

    public ConfigSpec passThrough(String prefix) {
        passThroughPrefixes.add(prefix);
        return this;
    }

    public Collection<ConfigKey<?>> keys() {
        return keys.values();
    }

    public ConfigKey<?> key(String name) {
        return keys.get(name);
    }

    public List<String> passThroughPrefixes() {
        return List.copyOf(passThroughPrefixes);
    }

    boolean isPassThrough(String name) {
        return passThroughPrefixes.stream().anyMatch(name::startsWith);
    }

    /** One line per key for {@code --help}: name, type, default, rule and doc. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ConfigKey<?> key : keys.values()) {
            out.append(String.format("  %-34s %s%n", key.name(), key.doc()));
            out.append(String.format("  %-34s (%s; default %s%s; env %s)%n", "", key.type().describe(),
                key.required() ? "none, required" : render(key.defaultValue()),
                key.rule().isEmpty() ? "" : "; " + key.rule(), key.envName()));
        }
        for (String prefix : passThroughPrefixes) {
            out.append(String.format("  %-34s passed unchanged to the client%n", prefix + "*"));
        }
        return out.toString();
    }

    private static String render(Object value) {
        if (value instanceof String s && s.isEmpty()) {
            return "\"\"";
        }
        return String.valueOf(value);
    }
}
