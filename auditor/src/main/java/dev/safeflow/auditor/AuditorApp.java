package dev.safeflow.auditor;

import dev.safeflow.auditor.http.AuditorHttp;
import dev.safeflow.auditor.screen.ScreenerRegistry;
import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running auditor: the topology in Kafka Streams, its screeners, and the HTTP endpoint. */
public final class AuditorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditorApp.class);

    private final KafkaStreams streams;
    private final ScreeningCascade cascade;
    private final AuditorHttp http;
    private final AuditorMetrics metrics;
    private final ControlPlane control;
    private final CountDownLatch stopped;

    private AuditorApp(KafkaStreams streams, ScreeningCascade cascade, AuditorHttp http, AuditorMetrics metrics,
                       ControlPlane control, CountDownLatch stopped) {
        this.streams = streams;
        this.cascade = cascade;
        this.http = http;
        this.metrics = metrics;
        this.control = control;
        this.stopped = stopped;
    }

    /** Creates missing topics, trains the screeners, starts the streams and the HTTP endpoint. */
    public static AuditorApp start(Settings settings) {
        // Screeners first: a bad rules file or artifact is reported before any wait on the network.
        ScreeningCascade cascade = ScreenerRegistry.cascade(settings.get(AuditorConfig.SCREENERS), settings);
        Topics topics = PlatformConfig.topics(settings);
        createTopics(settings, topics);
        AuditorMetrics metrics = new AuditorMetrics();
        ControlPlane control = ControlPlane.connect(settings, topics);
        KafkaStreams streams;
        try {
            streams = new KafkaStreams(AuditorTopology.buildTopology(topics, AuditPolicy.from(settings), cascade,
                metrics, control), streamsConfig(settings, topics));
        } catch (RuntimeException e) {
            control.close();
            cascade.close();
            throw StateDirectoryProblem.explain(e, settings.get(AuditorConfig.STATE_DIR), settings.get(AuditorConfig.APPLICATION_ID));
        }
        // A dead stream thread would silently halve throughput; replace it, the transaction makes that safe.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOG.info("auditor {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        streams.start();
        int port = settings.get(AuditorConfig.HTTP_PORT);
        AuditorHttp http = port < 0 ? null : AuditorHttp.start(settings, new AuditorQueries(streams), metrics, streams);
        return new AuditorApp(streams, cascade, http, metrics, control, stopped);
    }

    /** Kafka Streams properties: exactly-once, our dead-letter handler, then anything under auditor.streams.*. */
    public static Properties streamsConfig(Settings settings, Topics topics) {
        Properties p = new Properties();
        p.putAll(PlatformConfig.clientProperties(settings));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.get(AuditorConfig.APPLICATION_ID));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.get(AuditorConfig.STATE_DIR));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.get(AuditorConfig.THREADS));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.get(AuditorConfig.COMMIT_INTERVAL).toMillis());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.get(PlatformConfig.TOPIC_REPLICATION));
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(DeadLetterHandler.TOPIC_CONFIG, topics.deadLetters().name());
        int port = settings.get(AuditorConfig.HTTP_PORT);
        if (port > 0) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        }
        Map<String, String> passThrough = settings.withPrefix(AuditorConfig.STREAMS_PREFIX);
        p.putAll(passThrough);
        return p;
    }

    private static void createTopics(Settings settings, Topics topics) {
        Map<String, Object> props = PlatformConfig.clientProperties(settings);
        // Fail in seconds, not minutes, when the broker is unreachable (the request timeout must not exceed the API timeout).
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            TopicAdmin.createAll(admin, topics.catalog());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the auditor's topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach Kafka at " + settings.get(PlatformConfig.BOOTSTRAP_SERVERS)
                + " to create the auditor's topics (" + e.getMessage() + "): check kafka.bootstrap.servers", e);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public AuditorMetrics metrics() {
        return metrics;
    }

    /** The HTTP port actually bound (useful with port 0), or -1 without HTTP. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Blocks until the streams stop (shutdown or a fatal error); true when they stopped in error. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR;
    }

    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        streams.close(Duration.ofSeconds(30));
        control.close();
        cascade.close();
        stopped.countDown();
    }
}
