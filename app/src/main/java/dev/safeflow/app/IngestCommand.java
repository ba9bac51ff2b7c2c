package dev.safeflow.app;

import dev.safeflow.ingest.FileIngester;
import dev.safeflow.ingest.IngestConfig;
import dev.safeflow.ingest.ProgressBar;
import dev.safeflow.ingest.http.IngestServer;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Reads fine-tuning data into ft.raw: JSONL, a JSON array or CSV, gzipped or not, - for stdin.",
        "Bad records go to ft.dlq with reason, file and line. A rerun resumes after the last checkpoint.",
        "Exit code: 0 all produced, 3 some rejected, 1 error (a rerun resumes)."},
    subcommands = {IngestCommand.Serve.class, IngestTopicCommand.class})
final class IngestCommand implements Callable<Integer> {
    static final int SOME_REJECTED = 3;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Input files; - reads stdin.")
    List<String> files = new ArrayList<>();

    @Option(names = "--source", paramLabel = "NAME", description = "Source the data comes from (a team, a feed); required.")
    String source;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "", description = "Dataset name within the source.")
    String dataset;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "auto (detect per record), alpaca, messages, sharegpt, prompt-completion or text (ingest.format).")
    String format;

    @Option(names = "--rate", paramLabel = "N/s", description = "Most records per second, e.g. 500/s (ingest.rate).")
    String rate;

    @Option(names = "--from-start", description = "Ignore resume checkpoints: ingest every line again (records are produced again).")
    boolean fromStart;

    @Mixin
    ConfigOptions config;

    /** Picocli hands over the spec while building the command: every key goes into --help. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        ConfigOptions.listKeysInHelp(spec, IngestConfig.spec());
    }

    @Override
    public Integer call() throws Exception {
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give at least one FILE (or - for stdin)");
        }
        if (source == null || source.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--source NAME is required");
        }
        Settings settings = config.load(IngestConfig.spec());
        FileIngester.Options options = FileIngester.Options.from(settings, source, dataset, format, parseRate(rate), fromStart);
        long read = 0;
        long produced = 0;
        long rejected = 0;
        try (FileIngester ingester = new FileIngester(PlatformConfig.clientProperties(settings), PlatformConfig.topics(settings), options)) {
            for (String file : files) {
                FileIngester.Result result = ingester.ingest(file, System.in, new ProgressBar(System.err, System.console() != null));
                System.out.printf("%s (%.1f s%s): %s%n", result.input(), result.seconds(),
                    result.resumedAfter() > 0 ? ", resumed after line " + result.resumedAfter() : "", result.counters().summary());
                read += result.counters().read();
                produced += result.counters().produced();
                rejected += result.counters().rejected();
            }
        }
        if (files.size() > 1) {
            System.out.printf("total: read %d, produced %d, rejected %d%n", read, produced, rejected);
        }
        return rejected > 0 ? SOME_REJECTED : 0;
    }

    /** "500/s", "500" or "0" (no limit). */
    static Double parseRate(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        t = t.endsWith("/s") ? t.substring(0, t.length() - 2) : t;
        try {
            double r = Double.parseDouble(t);
            if (r < 0) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate " + text + " is not a rate: write records per second, e.g. 500/s");
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"HTTP endpoint for records, answered per record after Kafka acknowledged them:",
            "  POST /v1/records?source=NAME[&dataset=D][&format=F]",
            "  Authorization: Bearer <a token that ingest.http.tokens grants NAME>",
            "  body: JSON object or array (application/json) or JSONL (application/x-ndjson)",
            "GET /health and GET /metrics (Prometheus) need no token."})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "P", description = "Port to listen on (ingest.http.port).")
        Integer port;

        @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (ingest.http.host): localhost by"
            + " default; 0.0.0.0 or a host name to accept other machines (put TLS in front).")
        String host;

        @Option(names = "--request-threads", paramLabel = "N",
            description = "Requests handled at once (ingest.http.max-requests); more wait, /health is answered apart.")
        Integer requestThreads;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            if (port != null) {
                config.overrides.put(IngestConfig.HTTP_PORT.name(), port.toString());
            }
            if (host != null) {
                config.overrides.put(IngestConfig.HTTP.host().name(), host);
            }
            if (requestThreads != null) {
                config.overrides.put(IngestConfig.HTTP.maxRequests().name(), requestThreads.toString());
            }
            Settings s = config.load(IngestConfig.spec());
            IngestServer server = IngestServer.start(PlatformConfig.clientProperties(s), PlatformConfig.topics(s),
                IngestServer.Options.from(s));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "safeflow-ingest-serve-shutdown"));
            System.out.println("ingest serving on " + server.url() + "/v1/records (health: /health, metrics: /metrics); Ctrl-C stops it.");
            stopped.await();
            return 0;
        }
    }
}
