package dev.safeflow.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContrastiveSetTest {

    @Test
    void bundledSetLoadsAndItsHarmfulResponsesWithholdTheDetails() {
        ContrastiveSet set = ContrastiveSet.load(null, 1);
        assertTrue(set.size() >= 10, "bundled set has " + set.size() + " triples");
        for (Triple t : set.batch(0, set.size())) {
            assertTrue(t.harmful().contains("withheld]"), "harmful response gives content: " + t.harmful());
        }
    }

    @Test
    void emptySetIsAnErrorNotASilentSft(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ContrastiveSet.load(f, 1));
        assertTrue(e.getMessage().contains("has no triples"), e.getMessage());
    }

    @Test
    void malformedLineIsNamed(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.jsonl"),
                "{\"prompt\":\"p\",\"safe\":\"s\",\"harmful\":\"h\"}\n{\"prompt\":\"p\",\"safe\":\"s\"}\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ContrastiveSet.load(f, 1));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Path g = Files.writeString(dir.resolve("notjson.jsonl"), "prompt,safe,harmful\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ContrastiveSet.load(g, 1)).getMessage()
                .contains("line 1 is not JSON"));
    }

    @Test
    void missingFileSaysWhichKeyToFix(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class, () -> ContrastiveSet.load(dir.resolve("nope.jsonl"), 1));
        assertTrue(e.getMessage().contains("trainer.contrastive-file"), e.getMessage());
    }

    @Test
    void batchesAreAFunctionOfTheStepAndCoverEveryTripleEachPass() {
        List<Triple> triples = List.of(new Triple("a", "s", "h"), new Triple("b", "s", "h"), new Triple("c", "s", "h"));
        ContrastiveSet one = ContrastiveSet.of(triples, 5);
        ContrastiveSet two = ContrastiveSet.of(triples, 5);
        assertEquals(one.batch(7, 2), two.batch(7, 2));
        assertEquals(3, one.batch(0, 3).stream().distinct().count());
    }
}
