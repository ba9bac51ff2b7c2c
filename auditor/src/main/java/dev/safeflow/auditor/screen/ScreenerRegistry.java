package dev.safeflow.auditor.screen;

import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every screener the auditor can run: a name, what it does, its own configuration keys, and how to build
 * it. Adding a screener is one class plus one line here; {@code auditor.screeners} accepts exactly these
 * names and {@code safeflow auditor --help} lists their keys.
 */
public final class ScreenerRegistry {

    /** Builds a screener from configuration and, for fitted screeners, the loaded artifact (read only when asked for). */
    @FunctionalInterface
    public interface Factory {
        Screener create(Settings settings, Supplier<ScreenerArtifact> artifact);
    }

    public record Entry(String name, String doc, List<ConfigKey<?>> keys, Factory factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        register(new Entry(TextScreener.NAME, "multilingual harm x stance classifier on hashed n-grams and cue lexicons (fitted artifact)",
            TextScreener.KEYS, (s, a) -> TextScreener.create(s, a.get())));
        register(new Entry(HiddenStateScreener.NAME, "classifier on the target model's pooled hidden states (fitted artifact, needs --model)",
            HiddenStateScreener.KEYS, (s, a) -> HiddenStateScreener.create(s, a.get())));
        register(new Entry(RulesScreener.NAME, "keyword/regex lists per harm category; a match quarantines",
            RulesScreener.KEYS, (s, a) -> RulesScreener.create(s)));
        register(new Entry(EmbeddingScreener.NAME, "all-MiniLM-L6-v2 sentence embeddings (English) into a logistic regression (fitted artifact)",
            EmbeddingScreener.KEYS, EmbeddingScreener::create));
    }

    private ScreenerRegistry() {
    }

    private static void register(Entry entry) {
        if (ENTRIES.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalStateException("two screeners are named " + entry.name());
        }
    }

    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /** Every screener's own keys plus the artifact's, for the auditor's configuration spec. */
    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>();
        keys.add(ScreenerArtifact.DIR);
        ENTRIES.values().forEach(e -> keys.addAll(e.keys()));
        return keys;
    }

    /** The cascade of {@code names} in that order; the artifact is loaded once, and only if a screener needs it. */
    public static ScreeningCascade cascade(List<String> names, Settings settings) {
        Supplier<ScreenerArtifact> artifact = memoize(() -> ScreenerArtifact.load(settings.get(ScreenerArtifact.DIR)));
        List<Screener> stages = new ArrayList<>();
        try {
            for (String name : names) {
                Entry entry = ENTRIES.get(name);
                if (entry == null) {
                    throw new IllegalArgumentException("unknown screener " + name + ": use one of " + String.join(", ", names()));
                }
                stages.add(entry.factory().create(settings, artifact));
            }
        } catch (RuntimeException e) {
            stages.forEach(Screener::close);
            throw e;
        }
        return new ScreeningCascade(stages);
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        Object[] cell = new Object[1];
        return () -> {
            if (cell[0] == null) {
                cell[0] = supplier.get();
            }
            @SuppressWarnings("unchecked")
            T value = (T) cell[0];
            return value;
        };
    }
}
