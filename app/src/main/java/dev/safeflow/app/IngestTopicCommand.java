package dev.safeflow.app;

import dev.safeflow.ingest.IngestConfig;
import dev.safeflow.ingest.bridge.BridgeTopology;
import dev.safeflow.ingest.bridge.TopicBridge;
import dev.safeflow.ingest.bridge.ValueFormat;
import dev.safeflow.records.mapping.RecordMapping;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.identity.SourceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "topic", mixinStandardHelpOptions = true,
    description = {"Bridges an existing topic into ft.raw, exactly once, until stopped (Ctrl-C):",
        "each value is decoded (json, avro through the registry by its writer's schema id, or text) and mapped by",
        "the mapping file; what does not map goes to ft.dlq with the reason, the original topic, partition and",
        "offset, and its bytes. The bridge commits offsets in its own consumer group, so a restart resumes.",
        "See docs/ingest.md for the mapping file."})
final class IngestTopicCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "TOPIC", description = "Topic to read.")
    String from;

    @Option(names = "--source", required = true, paramLabel = "NAME", description = "Source name the records are ingested for.")
    String source;

    @Option(names = "--map", required = true, paramLabel = "FILE.yaml", description = "Mapping file: where prompt, response, messages, id... come from.")
    Path map;

    @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
        description = "Value encoding: json, avro or text (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--from-beginning", description = "Without committed offsets, start at the oldest record (a backfill) instead of new ones.")
    boolean fromBeginning;

    @Option(names = "--progress-every", defaultValue = "10s", paramLabel = "DURATION",
        description = "How often to print counts to stderr (default: ${DEFAULT-VALUE}).")
    String progressEvery;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        // Every input problem is reported before anything connects.
        ValueFormat valueFormat = ValueFormat.parse(format);
        String canonical = SourceName.normalise(source);
        RecordMapping mapping = RecordMapping.load(map);
        Duration every = parseDuration(progressEvery);
        Settings settings = config.load(IngestConfig.spec());
        BridgeTopology.Settings bridge = new BridgeTopology.Settings(from, canonical, valueFormat, mapping);
        TopicBridge running = TopicBridge.start(settings, bridge, fromBeginning);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "safeflow-ingest-topic-shutdown"));
        System.err.printf("bridging %s (%s) -> %s as source '%s', application id %s; Ctrl-C stops it.%n", from, valueFormat,
            PlatformConfig.topics(settings).raw().name(), canonical, running.applicationId());
        while (!running.awaitStop(every)) {
            System.err.println(from + ": " + running.counters().summary());
        }
        System.err.println(from + ": " + running.counters().summary());
        if (running.state() == KafkaStreams.State.ERROR) {
            throw new UserErrors.UserException("the bridge stopped in error (see the log above); rerun to resume from its committed offsets");
        }
        return 0;
    }

    private static Duration parseDuration(String text) {
        try {
            return ConfigKey.Type.DURATION.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--progress-every " + text + " is not a duration: write e.g. 10s, 500ms or 1m");
        }
    }
}
