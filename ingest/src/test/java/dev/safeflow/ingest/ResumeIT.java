package dev.safeflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.records.RecordShape;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed file ingests completely (produced + rejected = lines) and a crash mid-file followed by a
 * rerun leaves every record id once on ft.raw and every bad line once on ft.dlq.
 */
@ExtendWith(KafkaPlatformExtension.class)
class ResumeIT {
    @TempDir
    Path dir;

    @Test
    void tenThousandMixedLinesSurviveTwoCrashesWithEachIdOnce(KafkaPlatform kafka) throws Exception {
        crashTwiceThenFinish(kafka, 10_000);
    }

    @Test
    @Tag("slow")
    void hundredThousandMixedLinesSurviveTwoCrashesWithEachIdOnce(KafkaPlatform kafka) throws Exception {
        crashTwiceThenFinish(kafka, 100_000);
    }

    private void crashTwiceThenFinish(KafkaPlatform kafka, int lines) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        Path file = MixedLines.write(dir.resolve("mixed.jsonl"), lines);
        int bad = 0;
        for (int i = 1; i <= lines; i++) {
            bad += MixedLines.bad(i) ? 1 : 0;
        }
        FileIngester.Options options = fx.options(dir.resolve("cp"), "mix", RecordShape.AUTO, 10_000);
        long read = 0;
        // Crash points off the checkpoint grid (every 1000), so some records were sent after the last checkpoint.
        for (long crashAt : List.of(lines * 3L / 10 + 377, lines * 6L / 10 + 611)) {
            FileIngester crashing = fx.ingester(options);
            crashing.crashAfter(crashAt - read);
            assertThrows(FileIngester.SimulatedCrash.class,
                () -> crashing.ingest(file.toString(), new ByteArrayInputStream(new byte[0]), FileIngester.Listener.NONE));
            crashing.close();
            read = crashAt;
        }
        FileIngester.Result last;
        try (FileIngester ingester = fx.ingester(options)) {
            last = ingester.ingest(file.toString(), new ByteArrayInputStream(new byte[0]), FileIngester.Listener.NONE);
        }
        assertTrue(last.counters().skipped() > 0, "the final run resumed rather than starting over");
        assertEquals(lines, last.counters().skipped() + last.counters().read());

        List<KafkaFixture.Read<FineTuneRecord>> raw = fx.raw();
        List<KafkaFixture.Read<byte[]>> dead = fx.deadLetters();
        Map<String, Integer> idCounts = new HashMap<>();
        raw.forEach(r -> idCounts.merge(r.key(), 1, Integer::sum));
        Map<String, Integer> duplicated = new HashMap<>(idCounts);
        duplicated.values().removeIf(n -> n == 1);
        assertEquals(0, duplicated.size(), () -> duplicated.size() + " record ids more than once on ft.raw, e.g. "
            + duplicated.keySet().stream().limit(5).toList());
        assertEquals(lines - bad, raw.size(), "produced");
        assertEquals(bad, dead.size(), "rejected");

        Set<Long> seen = new HashSet<>();
        raw.forEach(r -> assertTrue(seen.add(Long.parseLong(KafkaFixture.line(r)))));
        dead.forEach(r -> assertTrue(seen.add(Long.parseLong(KafkaFixture.line(r))), "dead letter for line " + KafkaFixture.line(r) + " twice"));
        assertEquals(lines, seen.size(), "every line once in ft.raw or ft.dlq");
        dead.forEach(r -> assertTrue(MixedLines.bad(Integer.parseInt(KafkaFixture.line(r)))));
    }
}
