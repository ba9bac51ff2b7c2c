package dev.safeflow.app;

import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options every service command shares: {@code --config FILE} (YAML) and {@code --set key=value}.
 * Precedence, later wins: declared defaults, the file, {@code SAFEFLOW_*} environment variables, flags.
 */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers (kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry URL (registry.url).")
    String registryUrl;

    /**
     * Lists every key of {@code keys} at the end of the command's {@code --help}, as a service's users look for
     * them there. Key lines are long (name, doc, type, default, rule, env): wrapping at 80 columns would shred them.
     */
    static void listKeysInHelp(CommandSpec command, ConfigSpec keys) {
        command.usageMessage().width(200).footer("%nConfiguration keys (--config FILE, --set key=value, or SAFEFLOW_* "
            + "environment variables):%n" + keys.describe().replace("%", "%%"));
    }

    /** Loads and validates the configuration against {@code spec}; every problem is reported at once. */
    public Settings load(ConfigSpec spec) {
        Map<String, String> flags = new LinkedHashMap<>(overrides);
        if (bootstrapServers != null) {
            flags.put(PlatformConfig.BOOTSTRAP_SERVERS.name(), bootstrapServers);
        }
        if (registryUrl != null) {
            flags.put(PlatformConfig.REGISTRY_URL.name(), registryUrl);
        }
        return ConfigLoader.load(spec, configFile, System.getenv(), flags);
    }
}
