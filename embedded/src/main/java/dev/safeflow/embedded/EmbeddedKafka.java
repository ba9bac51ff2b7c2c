package dev.safeflow.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Apache Kafka (KRaft, broker and controller in one process) running inside this JVM.
 * Its data directory survives {@link #stop()}/{@link #start()} and JVM restarts: data written before a
 * restart is read after it, as with a real broker. The client port is fixed at first start (or
 * chosen by the caller), so clients reconnect to the same address after a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String CONTROLLER = "CONTROLLER";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param dataDir directory for logs and metadata; formatted on first use, reused afterwards
     * @param port    client port, or 0 for a free ephemeral one
     */
    public EmbeddedKafka(Path dataDir, int port) {
        this.dataDir = dataDir.toAbsolutePath();
        int[] free = freePorts(2, port);
        this.port = port == 0 ? free[0] : port;
        this.controllerPort = free[1];
    }

    /** Formats the data directory if new, then starts the broker; returns when it accepts clients. */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                format();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare Kafka data directory " + dataDir + ": " + e.getMessage()
                + "; delete it or pick another --data-dir", e);
        }
        KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(brokerProperties()), Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            throw new IllegalStateException("embedded Kafka failed to start on port " + port + " with data in " + dataDir
                + ": " + e.getMessage() + " (is the port taken, or the directory used by another broker?)", e);
        }
        server = started;
        return this;
    }

    /** Stops the broker; its data stays in the data directory. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        stop();
    }

    private void format() throws Exception {
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(List.of(dataDir.toString()))
            .setMetadataLogDirectory(dataDir.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setControllerListenerName(CONTROLLER)
            .run();
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // One node: every internal topic has one replica, and few partitions keep start-up fast.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // On for tests' convenience (several fixtures produce to a topic nobody created); every safeflow service creates
        // its topics and waits until each partition is served, because a topic created by a first produce is listed
        // before it is served (KAFKA-15591). Production estates usually turn this off.
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    /**
     * {@code count} distinct free ports, none equal to {@code taken}. The sockets stay open until all are chosen:
     * one closed after another, the system may hand out the same port twice, and the broker then refuses to start
     * with its client and controller listeners on one port.
     */
    private static int[] freePorts(int count, int taken) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; ) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                if (socket.getLocalPort() != taken) {
                    ports[i++] = socket.getLocalPort();
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the embedded broker", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a socket that will not close still freed its port for this purpose
                }
            }
        }
    }
}
