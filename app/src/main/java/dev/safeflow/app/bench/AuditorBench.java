package dev.safeflow.app.bench;

import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.auditor.screen.EmbeddingScreener;
import dev.safeflow.auditor.screen.HiddenStateScreener;
import dev.safeflow.auditor.screen.RulesScreener;
import dev.safeflow.auditor.screen.ScreenerArtifact;
import dev.safeflow.auditor.screen.TextScreener;
import dev.safeflow.embedded.EmbeddedPlatform;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code safeflow bench auditor}: records per second in one run, each path against its own ceiling. The broker's
 * raw produce and consume rates of the auditor's records; each screener's rate in process; the embedding screener
 * in process at batch sizes 1 to 64 (its best is the embedding path's ceiling); Kafka Streams itself copying
 * {@code ft.raw} to {@code ft.clean} under the auditor's settings (what any exactly-once app costs); then the auditor app
 * on the embedded broker with rules alone, text alone (and with a 1 s commit interval), the embedding screener
 * alone and the default cascade. Prints figures and the data-plane ratios; asserts nothing.
 */
public final class AuditorBench {
    /** Records of the untimed rules-only run before the timed ones (half as many for the text screener's). */
    private static final int WARMUP_RECORDS = 20_000;

    /**
     * @param records records per broker and rules/text run
     * @param embeddingRecords records per in-process embedding, auditor embedding and cascade run; 0 skips those phases
     * @param partitions partitions of the raw topic and of every auditor topic
     * @param workDir broker data and the auditor runs' state
     * @param hiddenState an artifact with a {@code hidden-state} part and the target model's directory, both or neither
     */
    public record Options(int records, int embeddingRecords, int partitions, Path workDir, HiddenState hiddenState) {
        public static final int RECORDS = 20_000;
        public static final int EMBEDDING_RECORDS = 4_000;

        /** The defaults: minutes on two cores. */
        public static Options defaults(Path workDir) {
            return new Options(RECORDS, EMBEDDING_RECORDS, 3, workDir, null);
        }

        /** A smoke run of every phase, for a test: well under a minute of work on a quiet machine. */
        public static Options quick(Path workDir) {
            return new Options(300, 64, 3, workDir, null);
        }
    }

    /** The optional {@code hidden-state} screener's in-process rate needs an artifact fitted with it and the model. */
    public record HiddenState(Path artifact, Path model) {
    }

    private AuditorBench() {
    }

    /** Runs every phase, printing each figure to {@code out} as it is taken; the ratios, also printed last. */
    public static List<DataPlaneRatio> run(Options options, PrintStream out) throws Exception {
        if (options.records() < 1 || options.embeddingRecords() < 0 || options.partitions() < 1) {
            throw new IllegalArgumentException("records must be at least 1, embedding records at least 0 and partitions "
                + "at least 1, not " + options.records() + ", " + options.embeddingRecords() + ", " + options.partitions());
        }
        Path work = options.workDir().toAbsolutePath();
        Files.createDirectories(work);
        out.println("starting the embedded broker and schema registry in " + work + " ...");
        List<DataPlaneRatio> ratios = new ArrayList<>();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(work.resolve("platform"), 0, 0)) {
            Map<String, String> base = new HashMap<>(Map.of(
                PlatformConfig.BOOTSTRAP_SERVERS.name(), platform.bootstrapServers(),
                PlatformConfig.REGISTRY_URL.name(), platform.registryUrl(),
                AuditorConfig.HTTP_PORT.name(), "-1",
                PlatformConfig.TOPIC_PARTITIONS.name(), Integer.toString(options.partitions())));
            if (options.hiddenState() != null) {
                base.put(ScreenerArtifact.DIR.name(), options.hiddenState().artifact().toString());
                base.put(HiddenStateScreener.MODEL.name(), options.hiddenState().model().toString());
            }
            AuditorBenchBroker broker = new AuditorBenchBroker(base, work);
            int n = options.records();
            Settings any = broker.settings("inprocess", TextScreener.NAME, 64, Map.of());

            byte[][] payload = AuditorBenchBroker.payload(any, n);
            AuditorBenchBroker.Rate[] raw = broker.rawRates(payload, options.partitions());
            out.printf(Locale.ROOT, "raw broker: produce %.0f records/s, consume %.0f records/s (%d records, %.1f us CPU per record "
                + "in the polling thread; clock from assignment, as an auditor run's from RUNNING); through a group join %.0f "
                + "records/s%n", raw[0].perSecond(), raw[1].perSecond(), n, raw[1].cpuMicrosPerRecord(), raw[2].perSecond());

            AuditorBenchScreeners screeners = new AuditorBenchScreeners(any, out);
            double rules = screeners.cascadeRate(List.of(RulesScreener.NAME), Math.max(n, 640), 64);
            double text = screeners.cascadeRate(List.of(TextScreener.NAME), Math.max(n, 640), 64);
            out.printf(Locale.ROOT, "in process, batches of 64: rules %.0f records/s, text %.0f records/s%n", rules, text);
            double embeddingCeiling = options.embeddingRecords() == 0 ? Double.NaN
                : screeners.embeddingCeiling(Math.max(64, Math.min(options.embeddingRecords(), 512)));
            if (options.hiddenState() != null) {
                out.printf(Locale.ROOT, "in process, batches of 64: hidden-state on %s %.1f records/s%n", options.hiddenState().model(),
                    screeners.cascadeRate(List.of(HiddenStateScreener.NAME), 256, 64));
            }

            out.println("auditor app, exactly_once_v2, " + options.partitions() + " partitions, one stream thread unless a row "
                + "says otherwise (each run's clock starts at RUNNING):");
            // Untimed runs first, so the JIT has compiled the topology's and the screeners' hot paths before any run is
            // timed: on two cores C2 needs tens of thousands of records for it, and the first timed run read 0.14 of raw
            // consume where the same run repeated later read 0.20-0.23.
            broker.auditorRate(broker.settings("warmup-rules", RulesScreener.NAME, 64, Map.of()), Math.min(n, WARMUP_RECORDS));
            broker.auditorRate(broker.settings("warmup-text", TextScreener.NAME, 64, Map.of()), Math.min(n, WARMUP_RECORDS / 2));
            AuditorBenchBroker.Rate passThrough = broker.passThroughRate(broker.settings("pass-through", RulesScreener.NAME, 64,
                Map.of()), n);
            out.printf(Locale.ROOT, "  %-36s %8.1f records/s (%d records) = %.3f of raw consume; %.0f us stream-thread CPU per record%n",
                "Kafka Streams pass-through (EOS):", passThrough.perSecond(), n, passThrough.perSecond() / raw[1].perSecond(),
                passThrough.cpuMicrosPerRecord());
            AuditorBenchBroker.Rate rulesOnly = auditor(broker, out, "rules only, batch 64", RulesScreener.NAME, Map.of(), n, raw[1]);
            ratios.add(new DataPlaneRatio("auditor rules-only vs raw consume", rulesOnly.perSecond(), raw[1].perSecond(),
                "records/s", 0.5));
            ratios.add(new DataPlaneRatio("auditor rules-only vs Kafka Streams EOS pass-through", rulesOnly.perSecond(),
                passThrough.perSecond(), "records/s", Double.NaN));
            ratios.add(new DataPlaneRatio("Kafka Streams EOS pass-through vs raw consume", passThrough.perSecond(),
                raw[1].perSecond(), "records/s", Double.NaN));
            // How one instance scales: a stream thread per core (at most one per partition) and a longer transaction.
            int threads = Math.min(Runtime.getRuntime().availableProcessors(), options.partitions());
            auditor(broker, out, "rules only, " + threads + (threads == 1 ? " thread" : " threads") + ", commit 1 s", RulesScreener.NAME, Map.of(
                AuditorConfig.THREADS.name(), Integer.toString(threads), AuditorConfig.COMMIT_INTERVAL.name(), "PT1S"), n, raw[1]);
            AuditorBenchBroker.Rate textOnly = auditor(broker, out, "text only, batch 64", TextScreener.NAME, Map.of(), n, raw[1]);
            ratios.add(new DataPlaneRatio("auditor text-only vs raw consume", textOnly.perSecond(), raw[1].perSecond(),
                "records/s", Double.NaN));
            // The commit interval's trade-off: fewer transactions per second against a later ft.clean.
            auditor(broker, out, "text only, commit every 1 s", TextScreener.NAME, Map.of(AuditorConfig.COMMIT_INTERVAL.name(), "PT1S"), n, raw[1]);
            if (options.embeddingRecords() > 0) {
                int m = options.embeddingRecords();
                AuditorBenchBroker.Rate embedding = auditor(broker, out, "embedding only, batch 64", EmbeddingScreener.NAME, Map.of(), m, raw[1]);
                ratios.add(new DataPlaneRatio("auditor embedding-only vs the embedding screener in process", embedding.perSecond(),
                    embeddingCeiling, "records/s", 0.8));
                AuditorBenchBroker.Rate cascade = auditor(broker, out, "text -> embedding, batch 64", "text,embedding", Map.of(), m, raw[1]);
                ratios.add(new DataPlaneRatio("auditor text -> embedding vs raw consume", cascade.perSecond(), raw[1].perSecond(),
                    "records/s", Double.NaN));
            }
        }
        out.printf(Locale.ROOT, "cores: %d; load average at the end: %.1f%n", Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println("ratios (same run):");
        for (DataPlaneRatio r : ratios) {
            out.println("  " + r.line());
        }
        return ratios;
    }

    private static AuditorBenchBroker.Rate auditor(AuditorBenchBroker broker, PrintStream out, String label, String screeners,
                                                   Map<String, String> extra, int n, AuditorBenchBroker.Rate rawConsume) throws Exception {
        AuditorBenchBroker.Rate r = broker.auditorRate(broker.settings(screeners.replace(',', '-'), screeners, 64, extra), n);
        // Stream-thread CPU per record moves far less with the machine's load than records/s does.
        out.printf(Locale.ROOT, "  %-36s %8.1f records/s (%d records) = %.3f of raw consume; %.0f us stream-thread CPU per record%n",
            label + ":", r.perSecond(), n, r.perSecond() / rawConsume.perSecond(), r.cpuMicrosPerRecord());
        return r;
    }
}
