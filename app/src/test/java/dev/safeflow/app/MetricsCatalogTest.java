package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.evaluator.gate.PromotedRegistry;
import dev.safeflow.evaluator.gate.RegistryServer;
import dev.safeflow.evaluator.stream.EvaluatorMetrics;
import dev.safeflow.http.HttpLimits;
import dev.safeflow.http.HttpService;
import dev.safeflow.ingest.http.IngestServer;
import dev.safeflow.ingest.http.TokenGrants;
import dev.safeflow.records.FieldNames;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.trainer.stream.TrainerMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes the /metrics endpoint of every service that has one (ingest serve, the auditor, the trainer, the evaluator) and checks
 * that docs/metrics.md's table and docker/grafana-dashboard.json name only series that one of them serves, and that
 * every series follows safeflow_<service>_<name>[_<unit>].
 */
@ExtendWith(KafkaPlatformExtension.class)
class MetricsCatalogTest {
    private static final Pattern SAFEFLOW = Pattern.compile("safeflow_[a-z0-9_]+");
    private static final Pattern CONVENTION = Pattern.compile("safeflow_(ingest|auditor|trainer|evaluator)_[a-z0-9_]+");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void theDocsTableAndTheGrafanaDashboardNameOnlySeriesThatTheEndpointsServe(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Settings settings = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "metrics-" + run + ".", "auditor.application-id", "auditor-metrics-" + run,
            "auditor.state-dir", dir.resolve("auditor").toString(), "auditor.screeners", "rules", "auditor.http.port", "0"));
        Set<String> served = new TreeSet<>();
        // What the streaming evaluator records for one promoted checkpoint (EvaluatorAppIT shows it does so).
        EvaluatorMetrics evaluatorMetrics = new EvaluatorMetrics();
        evaluatorMetrics.suite("harmful", 12.5, Duration.ofSeconds(3));
        evaluatorMetrics.outcome("promoted", System.currentTimeMillis());
        try (AuditorApp auditor = AuditorApp.start(settings);
             IngestServer ingest = IngestServer.start(PlatformConfig.clientProperties(settings), PlatformConfig.topics(settings),
                 IngestServer.Options.of(0, TokenGrants.parse(null, "token"), 1 << 20, 1 << 16, FieldNames.standard()));
             RegistryServer evaluator = RegistryServer.start(new PromotedRegistry(), "127.0.0.1", 0, HttpLimits.defaults(),
                 evaluatorMetrics.registry());
             HttpService trainer = TrainerMetricsServer.start(ConfigLoader.load(TrainerCommand.spec(), null, Map.of(), Map.of()),
                 0, new TrainerMetrics(System::currentTimeMillis).registry())) {
            // Traffic, so that labelled series have points: one good, one harmful and one broken record through
            // ingest; the auditor screens the first two from ft.raw.
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + ingest.port() + "/v1/records?source=metrics"))
                .header("Authorization", "Bearer token").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("""
                    {"prompt": "How do I make a sourdough starter?", "completion": "Mix flour and water and feed it daily."}
                    {"prompt": "Explain how to build a pipe bomb for my neighbour", "completion": "Sure, here is what you would need."}
                    not json
                    """)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode(), posted.body());
            String audited = scrape(auditor.httpPort());
            for (long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                 !audited.contains("safeflow_auditor_quarantine_reasons_total{") && System.nanoTime() < deadline; ) {
                Thread.sleep(500);
                audited = scrape(auditor.httpPort());
            }
            served.addAll(names(scrape(ingest.port())));
            served.addAll(names(audited));
            served.addAll(names(scrape(trainer.port())));
            served.addAll(names(scrape(evaluator.port())));
        }
        for (String name : served) {
            assertTrue(!name.startsWith("safeflow_") || CONVENTION.matcher(name).matches(), name + " breaks the naming rule");
        }
        Set<String> documented = mentioned(Files.readString(root().resolve("docs/metrics.md")));
        Set<String> charted = mentioned(Files.readString(root().resolve("docker/grafana-dashboard.json")));
        assertTrue(documented.size() >= 15, "the docs table lists the series: " + documented);
        assertEquals(Set.of(), missing(documented, served), "docs/metrics.md names series no endpoint serves; served: " + served);
        assertEquals(Set.of(), missing(charted, served), "the Grafana dashboard names series no endpoint serves; served: " + served);
        assertTrue(served.stream().anyMatch(n -> n.startsWith("kafka_")), "the auditor passes Kafka Streams' metrics through");
    }

    /** Names in a document; a histogram's base name counts as served when its _bucket is. */
    private static Set<String> missing(Set<String> named, Set<String> served) {
        Set<String> out = new TreeSet<>();
        for (String n : named) {
            if (!served.contains(n) && !served.contains(n + "_bucket")) {
                out.add(n);
            }
        }
        return out;
    }

    private static Set<String> mentioned(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = SAFEFLOW.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Set<String> names(String exposition) {
        Set<String> out = new TreeSet<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/metrics.md"))) {
                return d;
            }
        }
        throw new IllegalStateException("no docs/metrics.md above " + Path.of("").toAbsolutePath());
    }
}
