package dev.safeflow.auditor;

import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.auditor.stats.BadWindowTracker;
import dev.safeflow.auditor.stats.Notices;
import dev.safeflow.auditor.stats.SourceStatistics;
import dev.safeflow.auditor.stats.Tally;
import dev.safeflow.auditor.stats.WindowOutcome;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.SourceStats;
import dev.safeflow.avro.Verdict;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The auditor: {@code ft.raw} → decode → validate → deduplicate → blocked-source join → screening
 * cascade → {@code ft.clean} | {@code ft.quarantine}, and per-source windows → {@code audit.stats},
 * {@code alerts}, {@code audit.blocked-sources}. Every record that decodes reaches exactly one of
 * the two outputs, unless it is a replay; every record that does not decode reaches {@code ft.dlq}.
 */
public final class AuditorTopology {
    /** Queryable stores (see {@code AuditorQueries}). */
    public static final String STATS_STORE = "source-stats";
    public static final String BLOCKED_STORE = "blocked-sources";

    private AuditorTopology() {
    }

    /** Unsigned control plane, log-only refusals: for topology tests. */
    public static Topology buildTopology(Topics topics, AuditPolicy policy, ScreeningCascade cascade) {
        return buildTopology(topics, policy, cascade, new AuditorMetrics(), new ControlPlane(ControlSigner.UNSIGNED));
    }

    public static Topology buildTopology(Topics topics, AuditPolicy policy, ScreeningCascade cascade, AuditorMetrics metrics,
                                         ControlPlane control) {
        StreamsBuilder builder = new StreamsBuilder();
        Topic<String, FineTuneRecord> raw = topics.raw();
        Serde<AuditedRecord> audited = topics.clean().valueSerde();

        // Bytes in, so that an undecodable value is data to route, not an exception that stops the app.
        KStream<String, byte[]> bytes = builder.stream(raw.name(),
            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-ft-raw"));
        KStream<String, Decoded> decoded = bytes.processValues(
            () -> new DecodeProcessor(raw.name(), raw.valueSerde().deserializer()), Named.as("decode"));

        // Poison pills leave for ft.dlq as the bytes that arrived, with the error in headers.
        var byDecoding = decoded.split(Named.as("decoding-"))
            .branch((k, v) -> !v.ok(), Branched.as("failed"))
            .defaultBranch(Branched.as("ok"));
        byDecoding.get("decoding-failed").mapValues(Decoded::raw, Named.as("dead-letter-bytes"))
            .to(topics.deadLetters().name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-ft-dlq"));

        // Replays are recognised by content, not id; co-partition by content hash so one task sees every copy.
        // The hop carries the bytes that arrived (no re-encoding); the far side decodes them once more, and puts the
        // source in canonical form again, as DecodeProcessor did on this side.
        builder.addStateStore(Deduplicator.store(policy.dedupWindow()));
        Deserializer<FineTuneRecord> decode = raw.valueSerde().deserializer();
        KStream<String, FineTuneRecord> byContent = byDecoding.get("decoding-ok")
            .selectKey((id, d) -> ContentHash.of(d.record()), Named.as("key-by-content-hash"))
            .mapValues(Decoded::raw, Named.as("arrived-bytes"))
            .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("raw-by-content-hash"))
            .mapValues(b -> SourceIdentity.canonical(decode.deserialize(raw.name(), b)), Named.as("decode-again"));

        // Structural problems become reasons now; the record still flows on so it is counted and deduplicated.
        RecordValidator validator = new RecordValidator(policy.maxChars());
        KStream<String, AuditedRecord> deduplicated = byContent
            .mapValues(r -> pending(r, validator.problems(r)), Named.as("validate"))
            .processValues(() -> new Deduplicator(policy.dedupWindow()), Named.as("deduplicate"), Deduplicator.STORE);
        var byNovelty = deduplicated.split(Named.as("novelty-"))
            .branch((k, v) -> v.getReasons().contains(Reasons.DUPLICATE), Branched.as("replay"))
            .defaultBranch(Branched.as("new"));

        // A global store: every instance knows every block without repartitioning the stream by source; only
        // signed, canonical, current decisions get in (BlockTable.Guard).
        BlockTable.add(builder, topics.blockedSources(), BLOCKED_STORE, control);
        KStream<String, AuditedRecord> checked = byNovelty.get("novelty-new").processValues(
            () -> new BlockTable.Lookup(BLOCKED_STORE), Named.as("join-blocked-sources"));

        // Batches through the cascade; already-quarantined records pass by without being screened.
        builder.addStateStore(ScreeningProcessor.store(audited));
        KStream<String, AuditedRecord> decided = checked
            .process(() -> new ScreeningProcessor(cascade, policy.batchSize(), policy.batchMaxWait()),
                Named.as("screen"), ScreeningProcessor.STORE)
            .mapValues(v -> decide(v, policy.auditorVersion(), metrics), Named.as("decide"))
            .selectKey((hash, v) -> v.getRecord().getId(), Named.as("key-by-record-id"));

        // Exactly one of two outputs per record; the trainer reads only ft.clean.
        decided.split(Named.as("verdict-"))
            .branch((id, v) -> v.getVerdict() == Verdict.CLEAN, Branched.withConsumer(
                clean -> clean.to(topics.clean().name(), Produced.with(Serdes.String(), audited).withName("write-ft-clean")),
                "clean"))
            .defaultBranch(Branched.withConsumer(
                quarantined -> quarantined.to(topics.quarantine().name(),
                    Produced.with(Serdes.String(), audited).withName("write-ft-quarantine")),
                "quarantined"));

        buildSourceStatistics(builder, topics, policy, control.signer(), decided.merge(byNovelty.get("novelty-replay"), Named.as("verdicts-and-replays")));
        return builder.build();
    }

    /** Per-source tumbling windows → audit.stats; bad windows → alerts; N bad in a row → audit.blocked-sources. */
    private static void buildSourceStatistics(StreamsBuilder builder, Topics topics, AuditPolicy policy, ControlSigner signer,
                                              KStream<String, AuditedRecord> verdicts) {
        Serde<SourceStats> statsSerde = topics.auditStats().valueSerde();
        // Final figures only: one SourceStats per window once it closes, not one per record.
        // The by-source hop carries a tally of a few bytes, not the audited record with its conversation.
        KStream<String, SourceStats> closedWindows = verdicts
            .map((k, v) -> KeyValue.pair(v.getRecord().getSource(), Tally.of(v)), Named.as("tally-by-source"))
            .groupByKey(Grouped.with("tallies-by-source", Serdes.String(), Tally.serde()))
            .windowedBy(TimeWindows.ofSizeAndGrace(policy.statsWindow(), policy.statsGrace()))
            .aggregate(SourceStatistics::empty, SourceStatistics::add, Named.as("count-per-source"),
                Materialized.<String, SourceStats, WindowStore<Bytes, byte[]>>as(STATS_STORE)
                    .withKeySerde(Serdes.String()).withValueSerde(statsSerde)
                    .withRetention(policy.statsRetention().plus(policy.statsWindow()).plus(policy.statsGrace())))
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("until-window-closes"))
            .toStream(Named.as("closed-windows"))
            .map((window, stats) -> KeyValue.pair(window.key(), SourceStatistics.withWindow(stats, window.window())),
                Named.as("key-by-source"));

        // The streak of bad windows is state per source; the block table tells it who is blocked already.
        builder.addStateStore(BadWindowTracker.store());
        KStream<String, WindowOutcome> judged = closedWindows.processValues(
            () -> new BadWindowTracker(BLOCKED_STORE, policy.alertRate(), policy.alertMinRecords(), policy.blockAfterBadWindows()),
            Named.as("judge-window"), BadWindowTracker.STORE);

        judged.mapValues(WindowOutcome::stats, Named.as("window-stats"))
            .to(topics.auditStats().name(), Produced.with(Serdes.String(), statsSerde).withName("write-audit-stats"));
        // People hear about every bad window, and loudly about a block.
        judged.filter((source, o) -> o.bad(), Named.as("bad-windows"))
            .mapValues(o -> Notices.quarantineRate(o, policy.alertRate()), Named.as("rate-alert"))
            .to(topics.alerts().name(), Produced.with(Serdes.String(), topics.alerts().valueSerde()).withName("write-rate-alerts"));
        KStream<String, WindowOutcome> blocking = judged.filter((source, o) -> o.newlyBlocked(), Named.as("newly-blocked"));
        blocking.mapValues(o -> Notices.sourceBlocked(o, policy.blockAfterBadWindows()), Named.as("block-alert"))
            .to(topics.alerts().name(), Produced.with(Serdes.String(), topics.alerts().valueSerde()).withName("write-block-alerts"));
        // Written, signed, to the compacted topic the global store above reads: the block takes effect on every instance.
        blocking.mapValues(o -> signer.sign(Notices.block(o, policy.blockAfterBadWindows(), policy.alertRate())), Named.as("block"))
            .to(topics.blockedSources().name(),
                Produced.with(Serdes.String(), topics.blockedSources().valueSerde()).withName("write-blocked-sources"));
    }

    private static AuditedRecord pending(FineTuneRecord record, List<String> problems) {
        return new AuditedRecord(record, Verdict.QUARANTINED, new HashMap<>(), new ArrayList<>(problems), new ArrayList<>(), "", Instant.EPOCH);
    }

    /**
     * Sets the verdict on the record itself. A value in this topology has one holder at a time, so
     * in-place updates are safe, and Avro's copying builders would deep-copy the conversation per step.
     */
    private static AuditedRecord decide(AuditedRecord v, String auditorVersion, AuditorMetrics metrics) {
        v.setVerdict(v.getReasons().isEmpty() ? Verdict.CLEAN : Verdict.QUARANTINED);
        v.setAuditorVersion(auditorVersion);
        v.setAuditedAt(Instant.now());
        metrics.record(v);
        return v;
    }
}
