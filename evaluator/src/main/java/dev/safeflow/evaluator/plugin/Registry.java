package dev.safeflow.evaluator.plugin;

import dev.safeflow.schemas.config.ConfigKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries of one plug-in point (judges, suites), by name. Immutable: {@link #with} returns a new registry,
 * so the built-in one can be shared while the CLI adds what modules above the evaluator contribute.
 *
 * @param <F> what an entry builds its instances with
 */
public final class Registry<F> {

    /**
     * One plug-in: the name users write in configuration, the keys it reads (declared once, in its class) and
     * its factory.
     */
    public record Entry<F>(String name, List<ConfigKey<?>> keys, F factory) {
        public Entry {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a plug-in needs a name");
            }
            keys = List.copyOf(keys);
        }
    }

    private final String kind;
    private final ConfigKey<?> selector;
    private final Map<String, Entry<F>> entries;

    private Registry(String kind, ConfigKey<?> selector, Map<String, Entry<F>> entries) {
        this.kind = kind;
        this.selector = selector;
        this.entries = entries;
    }

    /**
     * @param kind     what an entry is, for messages: judge, suite
     * @param selector the key users name entries in, for messages
     */
    public static <F> Registry<F> empty(String kind, ConfigKey<?> selector) {
        return new Registry<>(kind, selector, Map.of());
    }

    /** This registry plus {@code entry}; a name already taken is a wiring bug. */
    public Registry<F> with(Entry<F> entry) {
        if (entries.containsKey(entry.name())) {
            throw new IllegalStateException(kind + " '" + entry.name() + "' is registered twice");
        }
        Map<String, Entry<F>> next = new LinkedHashMap<>(entries);
        next.put(entry.name(), entry);
        return new Registry<>(kind, selector, next);
    }

    /** The entry called {@code name}, or a user error naming the key and every choice. */
    public Entry<F> get(String name) {
        Entry<F> e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; set " + selector.name()
                + " to one of " + String.join(", ", names()));
        }
        return e;
    }

    /** Every registered name, in registration order. */
    public Set<String> names() {
        return new LinkedHashSet<>(entries.keySet());
    }

    /** Every entry's keys, each once, for the command's {@code ConfigSpec}. */
    public List<ConfigKey<?>> keys() {
        Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
        for (Entry<F> e : entries.values()) {
            e.keys().forEach(k -> byName.putIfAbsent(k.name(), k));
        }
        return new ArrayList<>(byName.values());
    }

    public Collection<Entry<F>> entries() {
        return entries.values();
    }
}
