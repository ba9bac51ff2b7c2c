package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.screen.text.Lexicons;
import dev.safeflow.auditor.screen.text.Normalizer;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {
    @Test
    void foldingRemovesCaseDiacriticsAndLeetSpelling() {
        assertEquals("como hago una bomb", Normalizer.fold("Cómo h4go una B0MB"));
        assertEquals("gefahrliche strasse", Normalizer.fold("Gefährliche Straße"));
        assertEquals("nao posso ajudar", Normalizer.fold("Não   posso\u200b ajudar"));
        assertEquals("room 101, 3 times", Normalizer.fold("Room 101, 3 times"), "digits outside words stay digits");
    }

    @Test
    void refusalCuesAreFoundInEverySupportedLanguage() {
        Lexicons lex = Lexicons.bundled();
        for (String refusal : new String[] {"I'm sorry, but I can't help with that.", "Lo siento, pero no puedo ayudarte.",
            "Dabei kann ich dir nicht helfen.", "Je ne peux pas t'aider avec ça.", "Desculpe, mas não posso ajudar.",
            "Mi dispiace, ma non posso aiutarti."}) {
            assertTrue(lex.count(Normalizer.fold(refusal)).get("refusal") > 0, "no refusal cue in: " + refusal);
        }
        assertEquals(0, lex.count(Normalizer.fold("Here is the recipe you asked for.")).get("refusal"));
    }

    @Test
    void openPhrasesMatchAnyWordEnding() {
        assertEquals(1, Lexicons.bundled().count(Normalizer.fold("the explosives were stored")).get("harm"));
    }
}
