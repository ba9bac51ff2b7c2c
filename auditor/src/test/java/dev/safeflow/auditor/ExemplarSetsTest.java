package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.screen.Exemplar;
import dev.safeflow.auditor.screen.ExemplarFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The bundled held-out files measure generalisation only if they are not the training set in other words. */
class ExemplarSetsTest {
    private static final List<Exemplar> TRAIN = ExemplarFile.open("bundled:train");

    @ParameterizedTest
    @ValueSource(strings = {"bundled:heldout", "bundled:heldout-multilingual"})
    void heldOutRecordsShareNoRequestAndLittleWordingWithTheTrainingSet(String labels) {
        List<Set<String>> train = TRAIN.stream().map(e -> trigrams(e.text().prompt() + " " + e.text().response())).toList();
        Set<String> trainPrompts = TRAIN.stream().map(e -> e.text().prompt().strip().toLowerCase(Locale.ROOT))
            .filter(p -> !p.isEmpty()).collect(Collectors.toSet());
        for (Exemplar e : ExemplarFile.open(labels)) {
            assertTrue(e.text().prompt().isEmpty() || !trainPrompts.contains(e.text().prompt().strip().toLowerCase(Locale.ROOT)),
                "held-out request also in training: " + e.origin());
            Set<String> g = trigrams(e.text().prompt() + " " + e.text().response());
            for (Set<String> t : train) {
                Set<String> both = new HashSet<>(g);
                both.retainAll(t);
                Set<String> either = new HashSet<>(g);
                either.addAll(t);
                assertTrue(both.size() <= 0.35 * either.size(), "held-out record " + e.origin() + " shares "
                    + both.size() + " of " + either.size() + " word trigrams with a training record");
            }
        }
    }

    @Test
    void multilingualHeldOutHasAtLeast300RecordsInFiveLanguagesWithRefusalsAndEducation() {
        List<Exemplar> heldOut = ExemplarFile.open("bundled:heldout-multilingual");
        Set<String> languages = heldOut.stream().map(Exemplar::language).collect(Collectors.toSet());
        assertTrue(heldOut.size() >= 300, heldOut.size() + " records");
        assertTrue(languages.size() >= 5, "languages " + languages);
        assertTrue(heldOut.stream().filter(e -> e.category().equals("refusal")).count() >= 30, "refusals");
        assertTrue(heldOut.stream().filter(e -> e.category().equals("education")).count() >= 30, "education");
    }

    private static Set<String> trigrams(String text) {
        String[] w = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 2 < w.length; i++) {
            out.add(w[i] + " " + w[i + 1] + " " + w[i + 2]);
        }
        return new HashSet<>(out);
    }
}
