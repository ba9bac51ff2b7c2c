package dev.safeflow.auditor;

import dev.safeflow.auditor.stats.SourceStatistics;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Interactive queries over the auditor's state. Window statistics are this instance's partitions
 * only (a multi-instance deployment queries each, or routes by {@code application.server}); the
 * blocked sources are a global table, complete on every instance.
 */
public final class AuditorQueries {
    private final KafkaStreams streams;

    public AuditorQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Windows of every source (or one) that start at or after {@code since}, including still-open ones. */
    public List<SourceStats> stats(String sourceOrNull, Instant since) {
        List<SourceStats> out = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, SourceStats> it = sourceOrNull == null
            ? windows().fetchAll(since, Instant.now().plusSeconds(365L * 24 * 3600))
            : windows().fetch(sourceOrNull, sourceOrNull, since, Instant.now().plusSeconds(365L * 24 * 3600))) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, SourceStats> kv = it.next();
                // The store keeps the window bounds in the key; copy them into the value for callers.
                out.add(SourceStatistics.withWindow(kv.value, kv.key.window()));
            }
        }
        return out;
    }

    /** Quarantined records by reason, summed over the retained windows. */
    public Map<String, Long> reasonCounts() {
        Map<String, Long> out = new TreeMap<>();
        for (SourceStats s : stats(null, Instant.EPOCH)) {
            s.getReasons().forEach((reason, n) -> out.merge(reason, n, Long::sum));
        }
        return out;
    }

    public List<SourceBlock> blockedSources() {
        ReadOnlyKeyValueStore<String, SourceBlock> store = streams.store(StoreQueryParameters.fromNameAndType(
            AuditorTopology.BLOCKED_STORE, QueryableStoreTypes.<String, SourceBlock>keyValueStore()));
        List<SourceBlock> out = new ArrayList<>();
        try (KeyValueIterator<String, SourceBlock> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.getBlocked()) {
                    out.add(kv.value);
                }
            });
        }
        return out;
    }

    private ReadOnlyWindowStore<String, SourceStats> windows() {
        return streams.store(StoreQueryParameters.fromNameAndType(
            AuditorTopology.STATS_STORE, QueryableStoreTypes.<String, SourceStats>windowStore()));
    }
}
