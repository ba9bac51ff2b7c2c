package dev.safeflow.ingest;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.topics.Topic;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before the first record is read, that the broker answers, both topics exist and the
 * registry takes the FineTuneRecord schema; each failure is one sentence with the fix. Without this
 * an unreachable broker shows up only after the producer's 30 s metadata wait, as a stack trace.
 */
public final class KafkaPreflight {
    private static final int TIMEOUT_S = 10;

    private KafkaPreflight() {
    }

    /** Returns the partition count of each topic. */
    public static Map<String, Integer> check(Map<String, Object> clientProperties, Topic<String, FineTuneRecord> raw,
                                             Topic<String, byte[]> dlq) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_S * 1000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_S * 1000);
        Object bootstrap = props.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        Map<String, Integer> partitions = new HashMap<>();
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(TIMEOUT_S, TimeUnit.SECONDS);
            describe(admin, List.of(raw.name(), dlq.name())).forEach((name, d) -> partitions.put(name, d.partitions().size()));
        } catch (TimeoutException e) {
            throw unreachable(bootstrap);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrap);
            }
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("topic " + raw.name() + " or " + dlq.name() + " does not exist on " + bootstrap
                    + ": create safeflow's topics first (safeflow topics create)");
            }
            throw new IllegalStateException("Kafka at " + bootstrap + " refused the check: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka", e);
        }
        try {
            // Registers the schema now, so a wrong registry URL stops ingest before it reads anything.
            raw.valueSerde().serializer().serialize(raw.name(), probe());
        } catch (SerializationException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        return partitions;
    }

    /** Topics created a moment ago may not be in every broker's metadata yet: a few retries cover that. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names)
        throws ExecutionException, InterruptedException, TimeoutException {
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeTopics(names).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 10) {
                    throw e;
                }
                Thread.sleep(300);
            }
        }
    }

    private static IllegalStateException unreachable(Object bootstrap) {
        return new IllegalStateException("Kafka at " + bootstrap + " did not answer within " + TIMEOUT_S + " s: start it "
            + "(safeflow local up) or point " + PlatformConfig.BOOTSTRAP_SERVERS.name() + " at a running broker");
    }

    private static FineTuneRecord probe() {
        return FineTuneRecord.newBuilder().setId("preflight").setSource("preflight").setDataset("").setFormat("text")
            .setMessages(List.of(new ChatMessage("assistant", "x"))).setMetadata(Map.of()).setIngestedAt(Instant.EPOCH).build();
    }
}
