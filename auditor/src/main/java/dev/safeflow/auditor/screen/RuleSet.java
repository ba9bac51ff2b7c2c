package dev.safeflow.auditor.screen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Keyword and regex lists per harm category. The shipped defaults live in {@code default-rules.yaml};
 * a user file adds categories or extends existing ones (it never removes a default: weakening the
 * gate should take a code review, not a config change).
 *
 * <pre>{@code
 * categories:
 *   weapons:
 *     keywords: [pipe bomb, ghost gun]
 *     patterns: ['\bbuild\b.{0,40}\bbomb\b']
 * }</pre>
 */
public final class RuleSet {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String DEFAULTS = "/dev/safeflow/auditor/default-rules.yaml";

    private final Map<String, Pattern> byCategory;

    private RuleSet(Map<String, Pattern> byCategory) {
        this.byCategory = byCategory;
    }

    public static RuleSet defaults() {
        return load(null);
    }

    /** The defaults merged with {@code userFile} (null or empty path for none). */
    public static RuleSet load(Path userFile) {
        Map<String, List<String>> keywords = new LinkedHashMap<>();
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        try (InputStream in = RuleSet.class.getResourceAsStream(DEFAULTS)) {
            read(YAML.readTree(in), DEFAULTS, keywords, patterns);
        } catch (IOException e) {
            throw new IllegalStateException("shipped rules " + DEFAULTS + " are unreadable", e);
        }
        if (userFile != null && !userFile.toString().isEmpty()) {
            if (!Files.isRegularFile(userFile)) {
                throw new IllegalArgumentException("rules file " + userFile + " does not exist: fix auditor.rules.file or leave it empty");
            }
            try {
                read(YAML.readTree(userFile.toFile()), userFile.toString(), keywords, patterns);
            } catch (IOException e) {
                throw new IllegalArgumentException("rules file " + userFile + " is not valid YAML ("
                    + e.getMessage().lines().findFirst().orElse("") + "): fix it or leave auditor.rules.file empty");
            }
        }
        Map<String, Pattern> compiled = new LinkedHashMap<>();
        for (String category : keywords.keySet()) {
            List<String> alternatives = new ArrayList<>();
            keywords.get(category).forEach(k -> alternatives.add("\\b" + Pattern.quote(k) + "\\b"));
            alternatives.addAll(patterns.get(category));
            if (!alternatives.isEmpty()) {
                compiled.put(category, Pattern.compile(String.join("|", alternatives),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            }
        }
        return new RuleSet(compiled);
    }

    private static void read(JsonNode root, String origin, Map<String, List<String>> keywords, Map<String, List<String>> patterns) {
        JsonNode categories = root == null ? null : root.get("categories");
        if (categories == null || !categories.isObject()) {
            throw new IllegalArgumentException("rules file " + origin + " needs a top-level 'categories:' mapping of category to keywords/patterns");
        }
        categories.properties().forEach(entry -> {
            String category = entry.getKey();
            keywords.computeIfAbsent(category, c -> new ArrayList<>());
            patterns.computeIfAbsent(category, c -> new ArrayList<>());
            entry.getValue().path("keywords").forEach(k -> keywords.get(category).add(k.asText()));
            for (JsonNode p : entry.getValue().path("patterns")) {
                try {
                    Pattern.compile(p.asText());
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("rules file " + origin + ": pattern '" + p.asText() + "' of category "
                        + category + " is not a valid regex (" + e.getDescription() + "); fix or remove it");
                }
                patterns.get(category).add("(?:" + p.asText() + ")");
            }
        });
    }

    /** Categories whose keywords or patterns occur in {@code text}, in declaration order. */
    public List<String> matches(String text) {
        return byCategory.entrySet().stream()
            .filter(e -> e.getValue().matcher(text).find())
            .map(Map.Entry::getKey)
            .collect(Collectors.toList());
    }

    public List<String> categories() {
        return List.copyOf(byCategory.keySet());
    }
}
