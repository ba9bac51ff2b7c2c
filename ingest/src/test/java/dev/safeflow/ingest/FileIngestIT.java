package dev.safeflow.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.records.RecordParser;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.RejectReason;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaPlatformExtension.class)
class FileIngestIT {
    @TempDir
    Path dir;

    private static final byte[] NONE = new byte[0];

    @Test
    void everyShapeAndContainerLandsOnRawKeyedByIdWithProvenance(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        Path alpaca = Files.writeString(dir.resolve("alpaca.jsonl"), "{\"id\":\"a1\",\"instruction\":\"q\",\"output\":\"a\"}\n");
        Path chat = Files.writeString(dir.resolve("chat.json"),
            "[{\"id\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}]");
        Path sharegpt = dir.resolve("share.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(sharegpt))) {
            out.write("{\"id\":\"s1\",\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},{\"from\":\"gpt\",\"value\":\"a\"}]}\n"
                .getBytes(StandardCharsets.UTF_8));
        }
        Path csv = Files.writeString(dir.resolve("pc.csv"), "id,prompt,completion\np1,q,\"a, b\"\n");
        byte[] stdin = "{\"text\":\"plain text\"}\n".getBytes(StandardCharsets.UTF_8);

        try (FileIngester ingester = fx.ingester(fx.options(dir.resolve("cp"), "team-a", RecordShape.AUTO, 10_000))) {
            for (String input : List.of(alpaca.toString(), chat.toString(), sharegpt.toString(), csv.toString())) {
                assertEquals(1, ingester.ingest(input, new ByteArrayInputStream(NONE), FileIngester.Listener.NONE).counters().produced());
            }
            assertEquals(1, ingester.ingest("-", new ByteArrayInputStream(stdin), FileIngester.Listener.NONE).counters().produced());
        }

        Map<String, KafkaFixture.Read<FineTuneRecord>> byKey = fx.raw().stream()
            .collect(Collectors.toMap(KafkaFixture.Read::key, r -> r));
        assertEquals(5, byKey.size());
        assertEquals("alpaca", byKey.get("a1").value().getFormat());
        assertEquals("messages", byKey.get("m1").value().getFormat());
        assertEquals("sharegpt", byKey.get("s1").value().getFormat());
        assertEquals("prompt-completion", byKey.get("p1").value().getFormat());
        assertEquals("a, b", byKey.get("p1").value().getMessages().get(1).getContent());
        String textId = RecordParser.contentId(List.of(new dev.safeflow.avro.ChatMessage("assistant", "plain text")));
        assertEquals("text", byKey.get(textId).value().getFormat());
        assertEquals("stdin", byKey.get(textId).value().getMetadata().get("file"));
        FineTuneRecord share = byKey.get("s1").value();
        assertEquals("team-a", share.getSource());
        assertEquals("ds", share.getDataset());
        assertEquals(sharegpt.toAbsolutePath().toString(), share.getMetadata().get("file"));
        assertEquals("1", share.getMetadata().get("line"));
        assertEquals("2", byKey.get("p1").headers().get(DeadLetterHeaders.LINE), "CSV line 2: the header is line 1");
        assertTrue(fx.deadLetters().isEmpty());
    }

    @Test
    void everyRejectionGoesToTheDeadLetterTopicWithItsBytesAndReasonFileLineAndSource(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        List<byte[]> lines = List.of(
            "{\"text\":\"good\"}".getBytes(StandardCharsets.UTF_8),
            "{\"text\": nope".getBytes(StandardCharsets.UTF_8),
            "{\"question\":\"q\"}".getBytes(StandardCharsets.UTF_8),
            "{\"instruction\":\"q\",\"output\":\"  \"}".getBytes(StandardCharsets.UTF_8),
            ("{\"text\":\"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8),
            new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xFF, '"', '}'});
        for (byte[] l : lines) {
            content.write(l);
            content.write('\n');
        }
        Path file = Files.write(dir.resolve("mixed.jsonl"), content.toByteArray());

        FileIngester.Result result;
        try (FileIngester ingester = fx.ingester(fx.options(dir.resolve("cp"), "team-b", RecordShape.AUTO, 200))) {
            result = ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE);
        }
        assertEquals(6, result.counters().read());
        assertEquals(1, result.counters().produced());
        assertEquals(5, result.counters().rejected());

        List<KafkaFixture.Read<byte[]>> dead = fx.deadLetters().stream()
            .sorted(Comparator.comparing(r -> Integer.parseInt(KafkaFixture.line(r)))).toList();
        assertEquals(List.of("malformed-json", "unknown-shape", "empty-content", "too-large", "invalid-utf8"),
            dead.stream().map(r -> r.headers().get(DeadLetterHeaders.REASON)).toList());
        for (KafkaFixture.Read<byte[]> r : dead) {
            int line = Integer.parseInt(KafkaFixture.line(r));
            assertEquals("team-b", r.key());
            assertEquals("team-b", r.headers().get(DeadLetterHeaders.SOURCE));
            assertEquals(file.toAbsolutePath().toString(), r.headers().get(DeadLetterHeaders.FILE));
            assertEquals("ingest", r.headers().get(DeadLetterHeaders.STAGE));
            assertTrue(!r.headers().get(DeadLetterHeaders.DETAIL).isBlank());
            byte[] original = lines.get(line - 1);
            byte[] expected = original.length > 200 ? java.util.Arrays.copyOf(original, 200) : original;
            assertArrayEquals(expected, r.value(), "raw bytes of line " + line);
        }
        assertEquals(1, fx.raw().size());
    }

    @Test
    void badCsvRowsAreDeadLetteredWithTheLineTheyStartOn(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        Path csv = Files.writeString(dir.resolve("rows.csv"), "instruction,output\n\"two\nlines\",ok\nonly-one-cell\nq,\"a\"x\n");
        FileIngester.Result result;
        try (FileIngester ingester = fx.ingester(fx.options(dir.resolve("cp"), "team-csv", RecordShape.AUTO, 1000))) {
            result = ingester.ingest(csv.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE);
        }
        assertEquals(1, result.counters().produced());
        assertEquals(2, result.counters().rejected(RejectReason.MALFORMED_CSV));
        assertEquals("two\nlines", fx.raw().get(0).value().getMessages().get(0).getContent());
        List<KafkaFixture.Read<byte[]>> dead = fx.deadLetters().stream()
            .sorted(Comparator.comparing(r -> Integer.parseInt(KafkaFixture.line(r)))).toList();
        assertEquals(List.of("4", "5"), dead.stream().map(KafkaFixture::line).toList());
        assertEquals("only-one-cell", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("q,\"a\"x", new String(dead.get(1).value(), StandardCharsets.UTF_8));
        assertTrue(dead.stream().allMatch(r -> r.headers().get(DeadLetterHeaders.REASON).equals("malformed-csv")));
    }

    @Test
    void rerunOfAnIngestedFileProducesNothingAndAnAppendedLineOnce(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"text\":\"one\"}\n{\"text\":\"two\"}\n");
        FileIngester.Options options = fx.options(dir.resolve("cp"), "team-c", RecordShape.AUTO, 1000);
        try (FileIngester ingester = fx.ingester(options)) {
            ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE);
            FileIngester.Result again = ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE);
            assertEquals(0, again.counters().read());
            assertEquals(2, again.counters().skipped());
            Files.writeString(file, "{\"text\":\"three\"}\n", java.nio.file.StandardOpenOption.APPEND);
            FileIngester.Result appended = ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE);
            assertEquals(1, appended.counters().produced());
        }
        assertEquals(3, fx.raw().size());
    }

    @Test
    void changedFileIsRefusedUntilFromStartIsGiven(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"text\":\"one\"}\n");
        try (FileIngester ingester = fx.ingester(fx.options(dir.resolve("cp"), "team-d", RecordShape.AUTO, 1000))) {
            ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE);
            Files.writeString(file, "{\"text\":\"other\"}\n");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE));
            assertTrue(e.getMessage().contains("--from-start"), e.getMessage());
        }
    }

    @Test
    void anEditAtLine4001OfAnIngestedFileIsRefusedOnResume(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            lines.append(String.format("{\"text\":\"line %05d\"}%n", i));
        }
        Path file = Files.writeString(dir.resolve("big.jsonl"), lines);
        assertTrue(Files.size(file) > 64 * 1024, "the edit lies past what a 64 KiB fingerprint would cover");
        try (FileIngester ingester = fx.ingester(fx.options(dir.resolve("cp"), "team-g", RecordShape.AUTO, 1000))) {
            ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE);
            // Same length, one character changed: only a fingerprint over the whole file sees it.
            Files.writeString(file, lines.toString().replace("line 04001", "LINE 04001"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE));
            assertTrue(e.getMessage().contains("changed since it was last ingested"), e.getMessage());
        }
        assertEquals(5000, fx.raw().size());
    }

    @Test
    void aSecondIngestOfOneFileIsRefusedWhileTheFirstHoldsItsLock(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"text\":\"one\"}\n");
        FileIngester.Options options = fx.options(dir.resolve("cp"), "Team-H", RecordShape.AUTO, 1000);
        String name = dev.safeflow.records.input.InputSource.displayName(file.toString());
        try (FileIngester ingester = fx.ingester(options);
             var first = ResumeCheckpoint.lock(new ResumeCheckpoint.Store(dir.resolve("cp")), name, "team-h", "ds",
                 fx.topics.raw().name())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ingester.ingest(file.toString(), new ByteArrayInputStream(NONE), FileIngester.Listener.NONE));
            assertTrue(e.getMessage().startsWith("input " + name + " (source team-h) is in use by another process (pid "),
                e.getMessage());
            assertTrue(e.getMessage().endsWith("the next run resumes where it left off"), e.getMessage());
        }
        assertEquals(0, fx.raw().size());
    }

    @Test
    void unreachableBrokerFailsBeforeReadingWithOneSentence(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        FileIngester.Options options = fx.options(dir.resolve("cp"), "team-e", RecordShape.AUTO, 1000);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new FileIngester(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"), fx.topics, options));
        assertEquals("Kafka at 127.0.0.1:1 did not answer within 10 s: start it (safeflow local up) or point "
            + "kafka.bootstrap.servers at a running broker", e.getMessage());
    }

    @Test
    void missingTopicsAreNamedWithTheCommandThatCreatesThem(KafkaPlatform kafka) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        var absent = new dev.safeflow.schemas.topics.Topics(new dev.safeflow.schemas.topics.TopicCatalog("absent.", 1, (short) 1),
            new dev.safeflow.schemas.registry.SchemaRegistryClient(kafka.registryUrl(), null));
        FileIngester.Options options = fx.options(dir.resolve("cp"), "team-f", RecordShape.AUTO, 1000);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FileIngester(fx.client, absent, options));
        assertTrue(e.getMessage().endsWith("create safeflow's topics first (safeflow topics create)"), e.getMessage());
    }
}
