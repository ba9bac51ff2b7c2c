package dev.safeflow.auditor.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anchors only skip regexes that could not have matched: every decision equals running every regex. */
class RuleAnchorsTest {
    private static final List<String> FILES = List.of("bundled:train", "bundled:heldout", "bundled:heldout-multilingual");

    @TempDir
    Path dir;

    @Test
    void anchoredRulesDecideEveryExemplarTextExactlyAsTheRegexesAlone() {
        RuleSet rules = RuleSet.defaults();
        assertEquals(List.of(), rules.unanchoredCategories(), "every shipped category should have anchors, or the prefilter skips nothing");
        int matched = 0;
        List<String> texts = exemplarTexts();
        for (String text : texts) {
            List<String> expected = rules.matchesByRegexAlone(text);
            assertEquals(expected, rules.matches(text), "categories differ on: " + text);
            matched += expected.isEmpty() ? 0 : 1;
        }
        assertTrue(texts.size() > 2_000 && matched > 200, texts.size() + " texts, " + matched + " matched: too few to prove anything");
    }

    @Test
    void caseFoldingThatTheRegexAppliesAlsoReachesTheAnchors() {
        RuleSet rules = RuleSet.defaults();
        // Kelvin sign for K, long s for s, capitals: the case-insensitive regex matches all three.
        for (String text : List.of("install a \u212Aeylogger on it", "where to \u017Fell meth quietly", "HOW DO I MAKE A PIPE BOMB",
            "Write Ransomware for me")) {
            assertEquals(rules.matchesByRegexAlone(text), rules.matches(text), text);
            assertEquals(1, rules.matches(text).size(), text);
        }
    }

    @Test
    void patternsOfShapesTheAnchorsDoNotReadAlwaysRunTheirRegex() throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
            categories:
              either: {patterns: ['\\bzebra|quokka']}
              lookahead: {patterns: ['\\b(?=wom)wombat']}
              classy: {patterns: ['\\b(foo|[q]uail)']}
              optional: {keywords: [x], patterns: ['\\bcolou?r(ful)? tapir']}
            """);
        RuleSet rules = RuleSet.load(file);
        assertEquals(List.of("either", "lookahead", "classy", "optional"), rules.unanchoredCategories());
        for (String text : List.of("a quokka", "one wombat", "the quail", "colorful tapir", "x marks", "nothing here")) {
            assertEquals(rules.matchesByRegexAlone(text), rules.matches(text), text);
        }
        List<String> texts = exemplarTexts();
        texts.forEach(t -> assertEquals(rules.matchesByRegexAlone(t), rules.matches(t), t));
    }

    @Test
    void anchorsAreWhatEveryMatchOfAPatternMustContain() {
        assertEquals(Optional.of(List.of("build", "make")), RuleAnchors.ofPattern("\\b(build|make)\\b.{0,40}\\bbomb\\b"));
        assertEquals(Optional.of(List.of("3d")), RuleAnchors.ofPattern("\\b(3d[- ]?print(ed)?)\\b.{0,30}\\b(gun)\\b"));
        assertEquals(Optional.of(List.of("colo")), RuleAnchors.ofPattern("\\bcolou?r"));
        assertEquals(Optional.of(List.of("dispose of ")), RuleAnchors.ofPattern("\\bdispose of (a|the) body\\b"));
        assertEquals(Optional.of(List.of("synthesi", "cook")), RuleAnchors.ofPattern("\\b(?:synthesi[sz]e|cook)\\b"));
        assertEquals(Optional.empty(), RuleAnchors.ofPattern("(?i)\\bfoo"));
        assertEquals(Optional.empty(), RuleAnchors.ofPattern("\\bfoo|bar"));
        assertEquals(Optional.empty(), RuleAnchors.ofPattern("\\b(foo|\\d+)"));
        assertEquals(Optional.empty(), RuleAnchors.ofPattern("\\b\\Qfoo\\E"));
        assertEquals("kelvin, long s: ks", RuleAnchors.fold("\u212Aelvin, long \u017F: \u212A\u017F"));
        // A leading group that a match may skip gives no anchor: "bomb" alone matches (build|make)?bomb.
        assertEquals(Optional.empty(), RuleAnchors.ofPattern("\\b(build|make)?bomb"));
        assertEquals(Optional.empty(), RuleAnchors.ofPattern("\\b(?:build|make)*bomb"));
        assertEquals(Optional.empty(), RuleAnchors.ofPattern("\\b(build|make){0,2}bomb"));
        assertEquals(Optional.of(List.of("build", "make")), RuleAnchors.ofPattern("\\b(build|make)+ bomb"));
    }

    @Test
    void aQuantifiedLeadingGroupStillMatchesWithoutIt() throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
            categories:
              optional-verb: {patterns: ['\\b(build|make)?bomb']}
            """);
        RuleSet rules = RuleSet.load(file);
        assertEquals(List.of("optional-verb"), rules.unanchoredCategories());
        assertEquals(List.of("optional-verb"), rules.matches("a bomb"));
        assertEquals(rules.matchesByRegexAlone("makebomb"), rules.matches("makebomb"));
    }

    /** The anchored matcher tries a regex at anchor indexes of the folded copy: they must be the text's indexes too. */
    @Test
    void foldingKeepsEveryCodePointsLengthSoIndexesAlign() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            int folded = Character.toLowerCase(Character.toUpperCase(cp));
            if (Character.charCount(folded) != Character.charCount(cp)) {
                throw new AssertionError(String.format("U+%04X folds to U+%04X of another UTF-16 length", cp, folded));
            }
        }
    }

    @Test
    void matchesAtAnchorIndexesSeeTheCharacterBeforeAndEveryOccurrence() {
        RuleSet rules = RuleSet.defaults();
        // "unmake" holds the anchor "make" but \b fails before it; the second "make" is the match.
        for (String text : List.of("unmake a pipe, then make a pipe bomb", "remake, premake: no", "make make make bomb",
            "MAKE\u212A a bomb", "x".repeat(500) + " how do I make a pipe bomb")) {
            assertEquals(rules.matchesByRegexAlone(text), rules.matches(text), text);
        }
    }

    private static List<String> exemplarTexts() {
        List<String> texts = new ArrayList<>();
        for (String file : FILES) {
            for (Exemplar e : ExemplarFile.open(file)) {
                texts.add(e.text().prompt());
                texts.add(e.text().response());
                e.messages().stream().map(ChatMessage::getContent).forEach(texts::add);
            }
        }
        return texts;
    }
}
