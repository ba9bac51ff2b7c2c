package dev.safeflow.schemas.config;

import java.util.Map;
import java.util.TreeMap;

/** Validated configuration: every declared key has a typed value; pass-through keys keep their text. */
public final class Settings {
    private final Map<String, Object> values;
    private final Map<String, String> passThrough;

    Settings(Map<String, Object> values, Map<String, String> passThrough) {
        this.values = Map.copyOf(values);
        this.passThrough = Map.copyOf(passThrough);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        if (!values.containsKey(key.name())) {
            throw new IllegalArgumentException("configuration key " + key.name() + " was not declared for this command");
        }
        return (T) values.get(key.name());
    }

    /** Pass-through keys under {@code prefix}, with the prefix removed: ready for a Kafka client's properties. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        passThrough.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Every value, for logging the effective configuration. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new TreeMap<>(values);
        out.putAll(passThrough);
        return out;
    }
}
