package dev.safeflow.app;

import dev.safeflow.embedded.EmbeddedPlatform;
import dev.safeflow.http.BasicAuth;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.topics.TopicAdmin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
    description = "The local platform: an in-process Kafka broker (KRaft) and schema registry.",
    subcommands = {LocalCommand.Up.class})
final class LocalCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the broker and registry, creates safeflow's topics, prints where they are,",
            "and runs until Ctrl-C. Data stays in --data-dir across restarts. Both listen on loopback only;",
            "with registry.basic-auth set (--set registry.basic-auth=user:password) registry writes need it."})
    static final class Up implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "data/local", description = "Broker data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int kafkaPort;

        @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int registryPort;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            Settings settings = config.load(PlatformConfig.spec());
            long start = System.nanoTime();
            System.out.println("starting the local platform (data in " + dataDir.toAbsolutePath() + ") ...");
            String credentials = settings.get(PlatformConfig.REGISTRY_BASIC_AUTH);
            BasicAuth registryWrites = credentials.isBlank() ? null
                : BasicAuth.parse(credentials, PlatformConfig.REGISTRY_BASIC_AUTH.name());
            EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir, kafkaPort, registryPort, registryWrites);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("stopping the local platform ...");
                platform.close();
                stopped.countDown();
            }, "safeflow-local-shutdown"));
            try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
                List<TopicAdmin.Result> results = TopicAdmin.createAll(admin, PlatformConfig.catalog(settings));
                TopicsCommand.print(results);
            }
            System.out.printf("local platform up in %.1f s%n", (System.nanoTime() - start) / 1e9);
            System.out.println("  kafka.bootstrap.servers = " + platform.bootstrapServers());
            System.out.println("  registry.url            = " + platform.registryUrl());
            System.out.println("  (both on loopback; registry writes " + (registryWrites == null
                ? "open to this machine: set " + PlatformConfig.REGISTRY_BASIC_AUTH.name() + " to require credentials)"
                : "need " + PlatformConfig.REGISTRY_BASIC_AUTH.name() + ")"));
            // A key of its own, so the services pointed at this platform sign their control events by default.
            Path key = ControlSigner.ensureKeyFile(dataDir.resolve("control.key")).toAbsolutePath();
            System.out.println("  control.signing-key-file = " + key + "  (pass it to every service: docs/security.md)");
            System.out.println("Ctrl-C stops it.");
            stopped.await();
            return 0;
        }
    }
}
