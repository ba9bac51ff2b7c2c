package dev.safeflow.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the catalog's topics idempotently and reports how the cluster's topics compare with it. */
public final class TopicAdmin {
    private static final long TIMEOUT_SECONDS = 60;

    private TopicAdmin() {
    }

    /** What happened to one topic on {@code create}. */
    public enum Outcome { CREATED, EXISTS, EXISTS_WITH_DIFFERENT_PARTITIONS }

    public record Result(TopicSpec spec, Outcome outcome, int actualPartitions) {
    }

    /** Creates every missing topic of the catalog; existing topics are left as they are and reported. */
    public static List<Result> createAll(Admin admin, TopicCatalog catalog) throws InterruptedException {
        List<NewTopic> requested = new ArrayList<>();
        for (TopicSpec spec : catalog.all()) {
            requested.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()));
        }
        CreateTopicsResult created = admin.createTopics(requested);
        List<Result> results = new ArrayList<>();
        List<TopicSpec> existing = new ArrayList<>();
        for (TopicSpec spec : catalog.all()) {
            try {
                created.values().get(spec.name()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                results.add(new Result(spec, Outcome.CREATED, spec.partitions()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + spec.name() + ": " + e.getCause().getMessage(), e.getCause());
                }
                existing.add(spec);
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + spec.name() + " took over " + TIMEOUT_SECONDS
                    + " s: check that kafka.bootstrap.servers points at a running broker", e);
            }
        }
        awaitWritable(admin, results.stream().map(r -> r.spec().name()).toList());
        Map<String, TopicDescription> described = describe(admin, existing.stream().map(TopicSpec::name).toList());
        for (TopicSpec spec : existing) {
            int actual = described.get(spec.name()).partitions().size();
            results.add(new Result(spec, actual == spec.partitions() ? Outcome.EXISTS : Outcome.EXISTS_WITH_DIFFERENT_PARTITIONS, actual));
        }
        return results;
    }

    /** The names of the catalog's topics that exist on the cluster. */
    public static Set<String> existing(Admin admin, TopicCatalog catalog) throws InterruptedException {
        try {
            Set<String> names = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            names.retainAll(catalog.all().stream().map(TopicSpec::name).toList());
            return names;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics: " + e.getMessage()
                + "; check that kafka.bootstrap.servers points at a running broker", e);
        }
    }

    /**
     * Waits until every partition of {@code names} has a leader that serves it. Topic creation returns once the
     * controller accepted it; the broker applies it later, and lists the topic before its partitions take writes.
     * A producer that writes in that window can lose its first batch without an error (KAFKA-15591, fixed in
     * Kafka 4.5): the batch fails with not-leader, the next batch lands, and every retry of the first is then out
     * of sequence until the delivery timeout. A list-offsets call is answered only by a partition's serving leader,
     * so once it succeeds for every partition, nothing written afterwards meets that window.
     */
    public static void awaitWritable(Admin admin, Collection<String> names) throws InterruptedException {
        if (names.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        String lastProblem = "not listed yet";
        while (System.nanoTime() < deadline) {
            try {
                if (admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).containsAll(names)) {
                    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                    admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((name, d) ->
                        d.partitions().forEach(p -> partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                    admin.listOffsets(partitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("cannot check topics " + names + ": " + e.getCause().getMessage()
                        + "; check that kafka.bootstrap.servers points at a running broker", e.getCause());
                }
                lastProblem = e.getCause().getMessage();
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot list topics: no answer in " + TIMEOUT_SECONDS
                    + " s; check that kafka.bootstrap.servers points at a running broker", e);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topics " + names + " were created but their partitions take no writes after "
            + TIMEOUT_SECONDS + " s (" + lastProblem + "): check the brokers' logs");
    }

    private static Map<String, TopicDescription> describe(Admin admin, Collection<String> names) throws InterruptedException {
        if (names.isEmpty()) {
            return Map.of();
        }
        try {
            return admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topics " + names + ": " + e.getMessage(), e);
        }
    }
}
