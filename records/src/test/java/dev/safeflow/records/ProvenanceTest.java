package dev.safeflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.input.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    @Test
    void everySpellingOfOneNameIsWrittenInItsCanonicalForm() {
        for (String spelling : new String[] {"Forum-Scrape", "FORUM-SCRAPE", " forum-scrape", "forum-scrape\t",
            "forum\u2010scrape", "forum-scrape\u200B"}) {
            assertEquals("forum-scrape", new Provenance(spelling, "", "stdin", 0).source(), spelling);
        }
    }

    @Test
    void parsedRecordsCarryTheCanonicalSourceInFieldAndMetadata() {
        RecordParser parser = new RecordParser(RecordShape.AUTO, FieldNames.standard(), 1000, Clock.systemUTC());
        byte[] json = "{\"prompt\":\"p\",\"completion\":\"c\"}".getBytes(StandardCharsets.UTF_8);
        Parsed p = parser.parse(RawRecord.bytes(1, json, json.length), new Provenance("Team-A ", "", "http", 1));
        FineTuneRecord r = ((Parsed.Accepted) p).record();
        assertEquals("team-a", r.getSource());
        assertEquals("team-a", r.getMetadata().get("source"));
    }

    @Test
    void aNameWithNoCanonicalFormIsRefusedWithTheReasonAndTheFix() {
        for (String bad : new String[] {"f\u043Erum-scrape", "../../etc/passwd", "team/a", "a\u0001b", "two words"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Provenance(bad, "", "f", 0));
            assertTrue(e.getMessage().contains("lower-case ASCII letters"), e.getMessage());
        }
    }
}
