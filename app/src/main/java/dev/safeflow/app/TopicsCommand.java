package dev.safeflow.app;

import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.TopicSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "safeflow's Kafka topics (names carry topics.prefix).",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
final class TopicsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Creates every missing topic; existing ones are left alone and reported (safe to re-run).")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            Settings settings = config.load(PlatformConfig.spec());
            try (Admin admin = admin(settings)) {
                print(TopicAdmin.createAll(admin, PlatformConfig.catalog(settings)));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists safeflow's topics and whether each exists on the cluster.")
    static final class ListTopics implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            Settings settings = config.load(PlatformConfig.spec());
            TopicCatalog catalog = PlatformConfig.catalog(settings);
            try (Admin admin = admin(settings)) {
                Set<String> existing = TopicAdmin.existing(admin, catalog);
                for (TopicSpec spec : catalog.all()) {
                    System.out.printf("%-36s %-8s partitions=%d %s  %s%n", spec.name(),
                        existing.contains(spec.name()) ? "exists" : "MISSING", spec.partitions(),
                        spec.topic().compacted() ? "compacted" : "         ", spec.topic().description());
                }
                return existing.size() == catalog.all().size() ? 0 : 3;
            }
        }
    }

    static Admin admin(Settings settings) {
        var props = PlatformConfig.clientProperties(settings);
        // Fail in seconds, not minutes, when the broker is unreachable.
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }

    static void print(List<TopicAdmin.Result> results) {
        for (TopicAdmin.Result r : results) {
            String what = switch (r.outcome()) {
                case CREATED -> "created";
                case EXISTS -> "exists";
                case EXISTS_WITH_DIFFERENT_PARTITIONS -> "exists with " + r.actualPartitions() + " partitions (configured "
                    + r.spec().partitions() + "; left as is)";
            };
            System.out.printf("%-36s %s%n", r.spec().name(), what);
        }
    }
}
