package dev.safeflow.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser, on data from a real run: headless Chromium loads the dashboard, the
 * charts and tables render from the topics, the page follows a record produced afterwards, and a
 * screenshot lands in target/dashboard.png. Skipped, saying why, where Debian's chromium is not
 * installed ({@code .ci/run} installs it).
 */
@ExtendWith(KafkaPlatformExtension.class)
class DashboardBrowserIT {
    private static final Duration RENDER_TIMEOUT = Duration.ofSeconds(30);
    /** Points the sample run draws: 3 sources' windows; task loss of 2 runs + SAP's contrastive loss; harmful and utility of 2 runs. */
    private static final int POINTS = 3 * SampleRun.WINDOWS + 3 * SampleRun.STEPS + 4 * SampleRun.STEPS;
    private static final String RENDERED = "document.querySelectorAll('.series-point').length === " + POINTS
        + " && document.querySelectorAll('#quarantined-table tbody tr').length === 5";

    private static String bootstrapServers;
    private static Topics topics;
    private static DashboardServer dashboard;

    @BeforeAll
    static void produceARunAndStartTheDashboard(KafkaPlatform kafka) throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        bootstrapServers = kafka.bootstrapServers();
        TopicCatalog catalog = new TopicCatalog("t" + UUID.randomUUID() + ".", 1, (short) 1);
        topics = new Topics(catalog, new SchemaRegistryClient(kafka.registryUrl(), null));
        new SampleRun().produce(bootstrapServers, topics);
        dashboard = DashboardServer.start(bootstrapServers, kafka.registryUrl(), catalog, 0);
        // The browser should see the finished run, not a half-read one.
        DashboardIT.awaitState(dashboard.url(), s -> DashboardIT.seen(s).equals(DashboardIT.SAMPLE_SEEN));
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @BeforeEach
    void requireChromium() {
        assumeTrue(HeadlessChromium.available(), "skipped: no " + HeadlessChromium.BINARY
            + "; install Debian's chromium package (apt-get install chromium) to run the browser test");
    }

    @Test
    void pageRendersEveryChartAndTableFromTheRun(@TempDir Path profile) throws Exception {
        String dom;
        try (HeadlessChromium browser = HeadlessChromium.open(dashboard.url(), 1400, 1000, profile)) {
            browser.await(RENDERED, RENDER_TIMEOUT, "the charts and tables did not render");
            dom = browser.html();
        }

        assertTrue(dom.contains("data-status=\"reading\""), "the header shows the feed reading the topics\n" + dom);
        for (String chart : List.of("rates", "loss", "safety")) {
            assertTrue(dom.contains("data-chart=\"" + chart + "\""), "chart " + chart + " rendered\n" + dom);
        }
        assertEquals(3 + 3 + 4, count(dom, "class=\"series-line\""), dom);
        assertTrue(dom.contains("data-series=\"" + SampleRun.BAD_SOURCE + " (blocked)\""), dom);
        assertTrue(dom.contains("data-series=\"harmful score · " + SampleRun.SFT_RUN + "\""), dom);
        assertTrue(dom.contains("data-y=\"52\""), "the bad source's last window, 52 %, is a point\n" + dom);
        assertTrue(dom.contains("data-y=\"40\""), "the SFT run's last harmful score, 40 %, is a point\n" + dom);
        assertTrue(Pattern.compile("d=\"M[0-9.]+,[0-9.]+ L").matcher(dom).find(), "lines have drawn segments\n" + dom);

        assertTrue(dom.contains(SampleRun.LEAKED_PROMPT), "the quarantined table shows the first user turn");
        assertTrue(dom.contains("harmful 40.0% &gt; 15.0%"), "the gate table shows the rejection reason");
        assertTrue(dom.contains("quarantine rate above 30% in 3 consecutive windows"), "the blocked source shows why");
        assertTrue(dom.contains("&lt;img src=x onerror="), "a record's markup is shown as text");
        assertFalse(dom.contains("<img src=\"x\""), "a record's markup never becomes an element");
        assertFalse(dom.contains("<title>pwned</title>"), dom);
        Matcher waiting = Pattern.compile("<p class=\"waiting\"[^>]*>").matcher(dom);
        while (waiting.find()) {
            assertTrue(waiting.group().contains("hidden"), "every panel has data, so no 'waiting' note shows: " + waiting.group());
        }
    }

    @Test
    void pageFollowsARecordProducedAfterItLoaded(@TempDir Path profile) throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(dashboard.url(), 1400, 1000, profile)) {
            browser.await(RENDERED, RENDER_TIMEOUT, "the charts and tables did not render");
            String turn = "live record " + UUID.randomUUID();
            produceQuarantined(turn);
            browser.await("document.querySelector('#quarantined-table tbody tr td.turn').textContent === '" + turn + "'",
                RENDER_TIMEOUT, "the new quarantined record did not reach the page through the event stream");
        }
    }

    @Test
    void screenshotOfTheRenderedPageIsTaken(@TempDir Path profile) throws Exception {
        Path png = Path.of("target", "dashboard.png");
        Files.deleteIfExists(png);
        try (HeadlessChromium browser = HeadlessChromium.open(dashboard.url(), 1400, 1000, profile)) {
            browser.await(RENDERED, RENDER_TIMEOUT, "the charts and tables did not render");
            browser.screenshot(png);
        }

        byte[] bytes = Files.readAllBytes(png);
        assertEquals("\u0089PNG", new String(bytes, 0, 4, StandardCharsets.ISO_8859_1));
        // A blank page of this size compresses to a few kB; charts, text and tables make it far larger.
        assertTrue(bytes.length > 50_000, "the screenshot has content: " + bytes.length + " bytes");
    }

    private static void produceQuarantined(String turn) throws Exception {
        Topic<String, AuditedRecord> quarantine = topics.quarantine();
        FineTuneRecord record = FineTuneRecord.newBuilder().setId("live-1").setSource("partner-feed")
            .setMessages(List.of(new ChatMessage("user", turn), new ChatMessage("assistant", "no")))
            .setIngestedAt(Instant.now()).build();
        AuditedRecord audited = AuditedRecord.newBuilder().setRecord(record).setVerdict(Verdict.QUARANTINED).setReasons(List.of("rules:weapons"))
            .setAuditedAt(Instant.now()).build();
        try (KafkaProducer<String, AuditedRecord> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers), quarantine.keySerde().serializer(), quarantine.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(quarantine.name(), record.getId(), audited)).get(30, TimeUnit.SECONDS);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
