package dev.safeflow.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
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
        awaitVisible(admin, results.stream().map(r -> r.spec().name()).toList());
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
     * Topic creation returns once the controller accepted it; the broker's metadata may lag behind, and a
     * producer or describe call in that window fails with an unknown-topic error. Wait until all are listed.
     */
    private static void awaitVisible(Admin admin, Collection<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                if (admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).containsAll(names)) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot list topics: " + e.getMessage()
                    + "; check that kafka.bootstrap.servers points at a running broker", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " were created but not visible after " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(100);
        }
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
