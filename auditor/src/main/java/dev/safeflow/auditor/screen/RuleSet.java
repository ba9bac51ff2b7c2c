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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    /**
     * One category's rules as one regex, and the literals every match of it starts with (null: no such literals are
     * known, and the regex scans the whole text).
     */
    private record Rule(String category, Pattern pattern, List<String> anchors) {
        /**
         * Whether the regex matches {@code text}: where anchors are known, it is tried only where one of them
         * occurs in {@code folded} (the same index in {@code text}, see {@link RuleAnchors}), instead of at every index.
         */
        boolean matches(String text, String folded) {
            if (anchors == null || folded.length() != text.length()) {
                return pattern.matcher(text).find();
            }
            Matcher m = null;
            for (String anchor : anchors) {
                for (int at = folded.indexOf(anchor); at >= 0; at = folded.indexOf(anchor, at + 1)) {
                    if (m == null) {
                        // Transparent: \b and look-arounds see past the region's start; non-anchoring: ^ does not match there.
                        m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                    }
                    if (m.region(at, text.length()).lookingAt()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private final List<Rule> rules;

    private RuleSet(List<Rule> rules) {
        this.rules = rules;
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
        List<Rule> compiled = new ArrayList<>();
        for (String category : keywords.keySet()) {
            List<String> alternatives = new ArrayList<>();
            List<String> anchors = new ArrayList<>();
            boolean anchored = true;
            for (String k : keywords.get(category)) {
                alternatives.add("\\b" + Pattern.quote(k) + "\\b");
                Optional<String> anchor = RuleAnchors.ofKeyword(k);
                anchored &= anchor.isPresent();
                anchor.ifPresent(anchors::add);
            }
            for (String p : patterns.get(category)) {
                alternatives.add("(?:" + p + ")");
                Optional<List<String>> anchor = RuleAnchors.ofPattern(p);
                anchored &= anchor.isPresent();
                anchor.ifPresent(anchors::addAll);
            }
            if (!alternatives.isEmpty()) {
                compiled.add(new Rule(category, Pattern.compile(String.join("|", alternatives),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), anchored ? List.copyOf(new LinkedHashSet<>(anchors)) : null));
            }
        }
        return new RuleSet(List.copyOf(compiled));
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
                patterns.get(category).add(p.asText());
            }
        });
    }

    /** Categories whose keywords or patterns occur in {@code text}, in declaration order. */
    public List<String> matches(String text) {
        String folded = RuleAnchors.fold(text);
        List<String> out = new ArrayList<>(2);
        for (Rule rule : rules) {
            if (rule.matches(text, folded)) {
                out.add(rule.category());
            }
        }
        return out;
    }

    /** {@link #matches} without the anchors: every category's regex on every text. The reference the anchors must agree with. */
    List<String> matchesByRegexAlone(String text) {
        List<String> out = new ArrayList<>(2);
        for (Rule rule : rules) {
            if (rule.pattern().matcher(text).find()) {
                out.add(rule.category());
            }
        }
        return out;
    }

    /** Categories whose regex runs on every text because a rule of theirs has no anchor. */
    List<String> unanchoredCategories() {
        return rules.stream().filter(r -> r.anchors() == null).map(Rule::category).toList();
    }

    public List<String> categories() {
        return rules.stream().map(Rule::category).toList();
    }
}
