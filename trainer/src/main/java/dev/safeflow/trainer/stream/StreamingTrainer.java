package dev.safeflow.trainer.stream;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.checkpoint.Checkpoint;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import dev.safeflow.trainer.checkpoint.MetricsWindow;
import dev.safeflow.trainer.checkpoint.TrainerState;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.step.FilteredExample;
import dev.safeflow.trainer.step.StepMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code safeflow trainer}: trains continuously on {@code ft.clean}. Every partition is assigned
 * manually (no group rebalances can move records between trainers) and sought to the offsets of the
 * newest complete checkpoint; offsets advance only with trained micro-batches and are persisted only
 * inside checkpoints, so each record contributes to the lineage exactly once, even after {@code kill -9}.
 * After a checkpoint the event is published, then offsets are committed to the group for monitoring.
 */
public final class StreamingTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingTrainer.class);

    /**
     * The streaming settings, read once.
     *
     * @param checkpointEverySteps 0 turns the step trigger off
     * @param checkpointEvery zero turns the time trigger off
     * @param batchTimeout train a partial micro-batch after waiting this long; zero waits for a full one
     */
    public record Options(Path checkpointDir, String runId, String groupId, boolean stopWhenCaughtUp,
            Duration batchTimeout, int checkpointEverySteps, Duration checkpointEvery) {

        /** From {@code trainer.*} keys; an empty run id means the checkpoint directory's name. */
        public static Options from(Settings s) {
            Path dir = Path.of(s.get(TrainerConfig.CHECKPOINT_DIR));
            String id = s.get(TrainerConfig.RUN_ID);
            return new Options(dir, id.isBlank() ? dir.toAbsolutePath().normalize().getFileName().toString() : id,
                    s.get(TrainerConfig.GROUP_ID), s.get(TrainerConfig.STOP_WHEN_CAUGHT_UP),
                    s.get(TrainerConfig.BATCH_TIMEOUT), s.get(TrainerConfig.CHECKPOINT_EVERY_STEPS),
                    s.get(TrainerConfig.CHECKPOINT_EVERY));
        }
    }

    private final TrainingSession session;
    private final Settings settings; // platform: clients and topics
    private final Options options;
    private final CheckpointStore store;
    private final String runId;
    private final CheckpointPublisher publisher;
    private final MicroBatcher pending;
    private final Map<TopicPartition, Long> trained = new HashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private KafkaConsumer<String, AuditedRecord> consumer;
    private Checkpoint last;
    private long records;
    private long stepsSinceCheckpoint;
    private long lastCheckpointAt = System.currentTimeMillis();
    private final MetricsWindow metrics = new MetricsWindow();
    private final TrainerMetrics exported = new TrainerMetrics(System::currentTimeMillis);
    private final StepGroup group = new StepGroup();
    private volatile java.util.function.Consumer<StepFreshness> freshnessListener = f -> { };

    public StreamingTrainer(TrainingSession session, Settings settings) {
        this.session = session;
        this.settings = settings;
        this.options = Options.from(settings);
        this.store = new CheckpointStore(options.checkpointDir());
        this.runId = options.runId();
        this.publisher = new CheckpointPublisher(settings, runId);
        this.pending = new MicroBatcher(session.batcher());
    }

    /** Called on the training thread after every optimizer step with the ingest timestamps it trained on. */
    public void onStep(java.util.function.Consumer<StepFreshness> listener) {
        this.freshnessListener = listener;
    }

    /** Trains until {@link #stop()} or, with trainer.stop-when-caught-up, until every partition is consumed. */
    public void run() {
        Topics topics = PlatformConfig.topics(settings);
        Topic<String, AuditedRecord> clean = topics.clean();
        try (KafkaConsumer<String, AuditedRecord> c = newConsumer(clean);
                PromotionListener promotions = new PromotionListener(PlatformConfig.clientProperties(settings),
                        topics.promotions(), runId, ControlSigner.from(settings, "trainer:" + runId))) {
            consumer = c;
            List<TopicPartition> parts = assign(clean.name());
            resume(parts);
            while (!stopping) {
                try {
                    for (ConsumerRecord<String, AuditedRecord> r : consumer.poll(Duration.ofMillis(200))) {
                        var example = r.value() == null ? null : session.encoder().encode(r.value().getRecord());
                        pending.add(new MicroBatcher.Entry(new TopicPartition(r.topic(), r.partition()), r.offset(),
                                example, r.value()), System.currentTimeMillis());
                    }
                } catch (WakeupException e) {
                    break;
                }
                exported.lag(lag(parts));
                boolean caughtUp = options.stopWhenCaughtUp() && caughtUp(parts);
                for (MicroBatcher.Ready ready; (ready = nextReady(caughtUp)) != null; ) {
                    group.add(ready);
                    if (group.size() == session.config().optimizer().accumulation() || caughtUp) {
                        train();
                    }
                }
                if (caughtUp && group.size() > 0) {
                    train();
                }
                if (caughtUp) {
                    trained.putAll(pending.dropExampleless());
                }
                if (dueForCheckpoint()) {
                    checkpoint();
                }
                for (PromotionDecision d : promotions.poll()) {
                    rollback(d, promotions.target(d));
                }
                if (caughtUp && pending.isEmpty()) {
                    LOG.info("every partition of {} is consumed; stopping", clean.name());
                    break;
                }
            }
            if (stepsSinceCheckpoint > 0 || last == null) {
                checkpoint();
            }
        } finally {
            publisher.close();
            finished.countDown();
        }
    }

    /** What this trainer exports on /metrics (the CLI serves it). */
    public TrainerMetrics exportedMetrics() {
        return exported;
    }

    /** Records after the last trained offset: the consumer's lag behind the end plus what it fetched but has not trained. */
    private long lag(List<TopicPartition> parts) {
        long behind = 0;
        for (TopicPartition tp : parts) {
            long position = consumer.position(tp);
            behind += consumer.currentLag(tp).orElse(0) + position - trained.getOrDefault(tp, position);
        }
        return behind;
    }

    /** Asks the loop to checkpoint and return; safe from a shutdown hook. Waits up to {@code timeout}. */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private MicroBatcher.Ready nextReady(boolean caughtUp) {
        MicroBatcher.Ready full = pending.nextFull();
        if (full != null) {
            return full;
        }
        long timeout = options.batchTimeout().toMillis();
        return caughtUp || pending.waitedLongerThan(timeout, System.currentTimeMillis()) ? pending.flush() : null;
    }

    /** One optimizer step on the micro-batches gathered so far; their offsets count as trained after it. */
    private void train() {
        StepMetrics m = session.learner().step(List.copyOf(group.batches));
        StepFreshness freshness = new StepFreshness(m.step(), System.currentTimeMillis(),
                group.ingestedAt.stream().mapToLong(Long::longValue).toArray());
        metrics.add(m);
        for (FilteredExample f : session.learner().filtered()) {
            publisher.quarantine(group.sources.get(f.batch()).get(f.example()), f, m.step());
        }
        group.offsets.forEach((tp, o) -> trained.merge(tp, o, Math::max));
        records += group.records;
        exported.step(m, group.records);
        group.clear();
        stepsSinceCheckpoint++;
        LOG.info("{}", m);
        System.out.println(m);
        System.out.println(freshness.summary());
        freshnessListener.accept(freshness);
        if (dueForCheckpoint()) {
            checkpoint();
        }
    }

    private boolean dueForCheckpoint() {
        if (stepsSinceCheckpoint == 0) {
            return false;
        }
        int everySteps = options.checkpointEverySteps();
        long everyMillis = options.checkpointEvery().toMillis();
        return (everySteps > 0 && stepsSinceCheckpoint >= everySteps)
                || (everyMillis > 0 && System.currentTimeMillis() - lastCheckpointAt >= everyMillis);
    }

    /** Directory (fsynced, renamed), then the event, then the broker commit; DESIGN.md's order. */
    private void checkpoint() {
        checkpoint("");
    }

    private void checkpoint(String suffix) {
        List<TrainerState.Offset> offsets = new ArrayList<>();
        trained.forEach((tp, o) -> offsets.add(new TrainerState.Offset(tp.topic(), tp.partition(), o)));
        offsets.sort(java.util.Comparator.comparing(TrainerState.Offset::topic).thenComparing(TrainerState.Offset::partition));
        TrainerState state = new TrainerState(session.learner().steps(), runId, session.config().hash(),
                session.config().methodName(), session.baseModel(), session.config().seed(), offsets, 0, records,
                metrics.snapshot(), last == null ? null : last.id(),
                System.currentTimeMillis());
        last = session.save(store, state, suffix);
        System.out.println("checkpoint " + last.id() + " offsets " + offsets);
        stepsSinceCheckpoint = 0;
        metrics.reset();
        lastCheckpointAt = System.currentTimeMillis();
        exported.checkpoint(lastCheckpointAt);
        if (publisher.publish(last)) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            trained.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o, last.id())));
            try {
                consumer.commitSync(commit, Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.warn("could not commit offsets for monitoring ({}); the checkpoint holds them", e.getMessage());
            }
        }
    }

    private void resume(List<TopicPartition> parts) {
        store.cleanTemporaries();
        last = store.latest().orElse(null);
        if (last == null) {
            consumer.seekToBeginning(parts);
            LOG.info("no checkpoint in {}; starting run {} from the beginning of every partition", store.root(), runId);
            return;
        }
        session.restore(last);
        records = last.state().records();
        Map<TopicPartition, Long> stored = new HashMap<>();
        last.state().offsets().forEach(o -> stored.put(new TopicPartition(o.topic(), o.partition()), o.nextOffset()));
        for (TopicPartition tp : parts) {
            if (stored.containsKey(tp)) {
                consumer.seek(tp, stored.get(tp));
                trained.put(tp, stored.get(tp));
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
        LOG.info("resumed run {} from {} at step {}", runId, last.id(), last.state().step());
        System.out.println("resumed from " + last.id());
    }

    private void rollback(PromotionDecision d, String target) {
        if (target == null) {
            publisher.alert("rollback-failed", "checkpoint " + d.getCheckpointId() + " was rejected with a rollback"
                    + " request, but run " + runId + " has no promoted checkpoint to return to; training continues");
            return;
        }
        Checkpoint to = store.find(target);
        long steps = session.learner().steps();
        session.restore(to);
        session.learner().setStepsAfterRollback(steps);
        last = to;
        checkpoint("-rollback-" + System.currentTimeMillis()); // so a restart resumes here, not on the rejected one
        LOG.warn("checkpoint {} rejected: restored adapter and optimizer of {}; records since are not retrained",
                d.getCheckpointId(), target);
        publisher.alert("rollback", "checkpoint " + d.getCheckpointId() + " was rejected; run " + runId
                + " rolled back to " + target + " and keeps consuming (records since are not retrained)");
    }

    private boolean caughtUp(List<TopicPartition> parts) {
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        return parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    private List<TopicPartition> assign(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist on " + settings.get(
                    PlatformConfig.BOOTSTRAP_SERVERS) + "; create it with 'safeflow topics create'");
        }
        List<TopicPartition> parts = new ArrayList<>();
        infos.forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
        parts.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        consumer.assign(parts);
        return parts;
    }

    private KafkaConsumer<String, AuditedRecord> newConsumer(Topic<String, AuditedRecord> topic) {
        Map<String, Object> props = new HashMap<>(PlatformConfig.clientProperties(settings));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        return new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
