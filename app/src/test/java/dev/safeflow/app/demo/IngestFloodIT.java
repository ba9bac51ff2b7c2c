package dev.safeflow.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.ingest.http.IngestServer;
import dev.safeflow.ingest.http.TokenGrants;
import dev.safeflow.records.FieldNames;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reliability drill: a bounded flood of malformed and oversized input at {@code ingest serve} (loopback only)
 * while valid records arrive in the same bodies. The server must stay up, every good record must be on ft.raw
 * exactly once, every bad record on ft.dlq with a reason, and whole bodies it cannot take (over the body
 * limit, not JSON) answered 413 / 400 without anything produced from them.
 */
@ExtendWith(KafkaPlatformExtension.class)
class IngestFloodIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "flood-token";
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_RECORD = 2 * 1024;
    private static final int CLIENTS = 4;
    private static final int REQUESTS_PER_CLIENT = 60;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * Whole bodies the server refuses go on their own client: it answers 413 before reading the body and closes the
     * connection (Connection: close), and the client may see a reset while still writing; good requests never share
     * a connection with that.
     */
    private final HttpClient abuser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void floodOfBadInputLeavesTheServerUpWithEveryGoodRecordOnRawAndEveryBadOneOnTheDlq(KafkaPlatform kafka) throws Exception {
        TopicCatalog catalog = new TopicCatalog("flood" + UUID.randomUUID() + ".", 1, (short) 1);
        Topics topics = new Topics(catalog, new SchemaRegistryClient(kafka.registryUrl(), null));
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAll(admin, catalog);
        }
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Set<String> goodIds = ConcurrentHashMap.newKeySet();
        AtomicLong rejected = new AtomicLong();
        Map<Integer, AtomicLong> codes = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        try (IngestServer server = IngestServer.start(client, topics,
                IngestServer.Options.of(0, TokenGrants.parse(null, TOKEN), MAX_BODY, MAX_RECORD, FieldNames.standard()))) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int clientNo = c;
                done.add(pool.submit(() -> {
                    Random random = new Random(clientNo);
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        flood(server.port(), clientNo, i, random, goodIds, rejected, codes);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "the server is down after the flood: " + health.body());
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<String, Integer> raw = new HashMap<>();
        readAll(kafka, topics.raw().name()).forEach(r -> raw.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
        List<ConsumerRecord<byte[], byte[]>> dlq = readAll(kafka, topics.deadLetters().name());
        long withReason = dlq.stream().filter(r -> {
            Header h = r.headers().lastHeader(DeadLetterHeaders.REASON);
            return h != null && h.value().length > 0;
        }).count();
        long duplicated = raw.values().stream().filter(n -> n > 1).count();
        long lost = goodIds.stream().filter(id -> !raw.containsKey(id)).count();
        System.out.printf("ingest flood drill: %d requests in %.1f s (responses %s); good records in %d, on ft.raw %d,"
                + " lost %d, duplicated %d; bad records in %d, on ft.dlq %d (with a reason %d)%n",
            CLIENTS * REQUESTS_PER_CLIENT, seconds, codes, goodIds.size(), raw.size(), lost, duplicated, rejected.get(),
            dlq.size(), withReason);

        assertTrue(goodIds.size() > 0 && rejected.get() > 0, "the flood sent no good or no bad records");
        assertEquals(goodIds, raw.keySet(), "ft.raw must hold exactly the accepted records");
        assertEquals(0, duplicated, "records produced twice");
        assertEquals(rejected.get(), dlq.size(), "every rejected record on ft.dlq");
        assertEquals(dlq.size(), withReason, "every dead letter says why");
        assertTrue(codes.getOrDefault(413, new AtomicLong()).get() > 0 && codes.getOrDefault(400, new AtomicLong()).get() > 0,
            "oversized and non-JSON bodies were sent and refused: " + codes);
    }

    /** One request: mostly NDJSON mixing good, malformed, oversized, shapeless and binary lines; sometimes a whole bad body. */
    private void flood(int port, int clientNo, int i, Random random, Set<String> goodIds, AtomicLong rejected,
                       Map<Integer, AtomicLong> codes) throws Exception {
        String contentType = "application/x-ndjson";
        String body;
        List<String> sentGood = new ArrayList<>();
        if (i % 10 == 3) {
            body = "{\"text\":\"" + "x".repeat(MAX_BODY + 100) + "\"}";
        } else if (i % 10 == 7) {
            contentType = "application/json";
            body = "{\"text\": \"never closed";
        } else {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 8; k++) {
                switch (random.nextInt(5)) {
                    case 0 -> {
                        String id = "good-" + clientNo + "-" + i + "-" + k;
                        sentGood.add(id);
                        b.append("{\"id\":\"").append(id).append("\",\"prompt\":\"p").append(k).append("\",\"completion\":\"c\"}");
                    }
                    case 1 -> b.append("{\"prompt\": broken");
                    case 2 -> b.append("{\"text\":\"").append("y".repeat(MAX_RECORD + 10)).append("\"}");
                    case 3 -> b.append("{\"nope\":").append(k).append('}');
                    default -> {
                        byte[] junk = new byte[40];
                        random.nextBytes(junk);
                        // No newline inside, so the line count stays what the server will see.
                        b.append(new String(junk, StandardCharsets.ISO_8859_1).replace('\n', ' ').replace('\r', ' '));
                    }
                }
                b.append('\n');
            }
            body = b.toString();
        }
        HttpResponse<String> r;
        boolean wholeBodyBad = i % 10 == 3 || i % 10 == 7;
        try {
            r = (wholeBodyBad ? abuser : http).send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/v1/records?source=flood&dataset=c" + clientNo)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // The server answers an oversized body 413 at once and closes without reading the rest; the client, still
            // writing, may see the connection reset instead of the answer. Only an oversized body may end so.
            assertTrue(body.length() > MAX_BODY, "request " + clientNo + "/" + i + " failed: " + e);
            codes.computeIfAbsent(413, k -> new AtomicLong()).incrementAndGet();
            return;
        }
        codes.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
        if (r.statusCode() == 200) {
            JsonNode json = JSON.readTree(r.body());
            rejected.addAndGet(json.get("rejected").asLong());
            for (JsonNode result : json.get("results")) {
                if (result.get("status").asText().equals("accepted")) {
                    goodIds.add(result.get("id").asText());
                }
            }
            assertEquals(sentGood.size(), json.get("accepted").asInt(), r.body());
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaPlatform kafka, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            return out;
        }
    }
}
