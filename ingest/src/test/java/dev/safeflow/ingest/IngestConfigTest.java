package dev.safeflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.records.FieldNames;
import dev.safeflow.records.Parsed;
import dev.safeflow.records.Provenance;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.RejectReason;
import dev.safeflow.schemas.config.ConfigException;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    @Test
    void fieldNamesAreMappedByConfigurationKeys() {
        Settings s = ConfigLoader.load(IngestConfig.spec(), null, Map.of(),
            Map.of("ingest.fields.instruction", "question", "ingest.fields.output", "answer"));
        FieldNames f = IngestConfig.fieldNames(s);
        assertEquals("question", f.instruction());
        assertEquals("answer", f.output());
        assertEquals("messages", f.messages());
    }

    @Test
    void fileOptionsComeFromKeysUnlessFlagsOverrideThem() {
        Settings s = ConfigLoader.load(IngestConfig.spec(), null, Map.of("SAFEFLOW_INGEST_RATE", "50"),
            Map.of("ingest.format", "alpaca", "ingest.max-record-bytes", "4096"));
        FileIngester.Options fromKeys = FileIngester.Options.from(s, "src", "", null, null, false);
        assertEquals(RecordShape.ALPACA, fromKeys.format());
        assertEquals(4096, fromKeys.maxRecordBytes());
        assertEquals(50.0, fromKeys.rate());
        FileIngester.Options fromFlags = FileIngester.Options.from(s, "src", "", "text", 7.0, false);
        assertEquals(RecordShape.TEXT, fromFlags.format());
        assertEquals(7.0, fromFlags.rate());
    }

    @Test
    void invalidValuesAreReportedTogether() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(IngestConfig.spec(), null, Map.of(),
            Map.of("ingest.format", "yaml", "ingest.max-record-bytes", "3")));
        assertTrue(e.getMessage().contains("ingest.format") && e.getMessage().contains("ingest.max-record-bytes"), e.getMessage());
    }

    @Test
    void progressLineShowsRecordsRateAndBadLines() {
        IngestCounters c = new IngestCounters();
        c.count(new Parsed.Rejected(RejectReason.TOO_LARGE, "", new byte[0], new Provenance("s", "", "f", 1)));
        String line = ProgressBar.render(new FileIngester.Progress("in.jsonl", 50, 100, c, 0.5));
        assertEquals("in.jsonl [===============               ]  50% 1 records 2/s 1 bad", line);
    }
}
