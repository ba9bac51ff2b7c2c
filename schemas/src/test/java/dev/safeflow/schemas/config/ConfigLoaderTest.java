package dev.safeflow.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final ConfigKey<Duration> WINDOW = ConfigKey.of("auditor.window", ConfigKey.Type.DURATION, Duration.ofMinutes(1), "window");
    static final ConfigKey<List<String>> TARGETS = ConfigKey.of("lora.targets", ConfigKey.Type.LIST, List.of("q_proj", "v_proj"), "targets");

    static ConfigSpec spec() {
        return PlatformConfig.spec().add(List.of(WINDOW, TARGETS));
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        Settings s = ConfigLoader.defaults(spec());
        assertEquals("localhost:9092", s.get(PlatformConfig.BOOTSTRAP_SERVERS));
        assertEquals(3, s.get(PlatformConfig.TOPIC_PARTITIONS));
        assertEquals(Duration.ofMinutes(1), s.get(WINDOW));
    }

    @Test
    void nestedYamlBecomesDottedKeysAndSequencesBecomeLists(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
            kafka:
              bootstrap.servers: broker:29092
            topics:
              partitions: 6
            auditor:
              window: 30s
            lora:
              targets: [q_proj, k_proj, v_proj]
            """);
        Settings s = ConfigLoader.load(spec(), file, Map.of(), Map.of());
        assertEquals("broker:29092", s.get(PlatformConfig.BOOTSTRAP_SERVERS));
        assertEquals(6, s.get(PlatformConfig.TOPIC_PARTITIONS));
        assertEquals(Duration.ofSeconds(30), s.get(WINDOW));
        assertEquals(List.of("q_proj", "k_proj", "v_proj"), s.get(TARGETS));
    }

    @Test
    void environmentOverridesFileAndFlagsOverrideEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "topics.partitions: 6\nregistry.url: http://file:8081\n");
        Map<String, String> env = Map.of("SAFEFLOW_TOPICS_PARTITIONS", "9", "SAFEFLOW_REGISTRY_URL", "http://env:8081");
        Settings s = ConfigLoader.load(spec(), file, env, Map.of("registry.url", "http://flag:8081"));
        assertEquals(9, s.get(PlatformConfig.TOPIC_PARTITIONS));
        assertEquals("http://flag:8081", s.get(PlatformConfig.REGISTRY_URL));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(spec(), null, Map.of(),
            Map.of("topics.partitions", "0", "auditor.window", "soon", "topics.prefx", "x.", "registry.url", "localhost")));
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("topics.partitions = 0 breaks its rule: at least 1"), e.getMessage());
        assertTrue(e.getMessage().contains("auditor.window = 'soon' is not a duration"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key topics.prefx (did you mean topics.prefix?)"), e.getMessage());
        assertTrue(e.getMessage().contains("registry.url = localhost breaks its rule"), e.getMessage());
    }

    @Test
    void missingFileAndBrokenYamlAreNamed(@TempDir Path dir) throws Exception {
        ConfigException missing = assertThrows(ConfigException.class,
            () -> ConfigLoader.load(spec(), dir.resolve("nope.yaml"), Map.of(), Map.of()));
        assertTrue(missing.getMessage().contains("nope.yaml does not exist"), missing.getMessage());
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "kafka: [unclosed\n");
        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(spec(), broken, Map.of(), Map.of()));
        assertTrue(bad.getMessage().contains("broken.yaml is not valid YAML"), bad.getMessage());
    }

    @Test
    void passThroughKeysReachTheClientWithoutPrefix() {
        Settings s = ConfigLoader.load(spec(), null, Map.of(),
            Map.of("kafka.client.security.protocol", "SASL_SSL", "kafka.client.sasl.mechanism", "PLAIN"));
        Map<String, Object> props = PlatformConfig.clientProperties(s);
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("PLAIN", props.get("sasl.mechanism"));
        assertEquals("localhost:9092", props.get("bootstrap.servers"));
    }

    @Test
    void helpTextNamesEveryKeyWithDefaultAndEnvironmentVariable() {
        String help = spec().describe();
        for (ConfigKey<?> key : spec().keys()) {
            assertTrue(help.contains(key.name()) && help.contains(key.envName()), key.name());
        }
        assertTrue(help.contains("default 30") || help.contains("default PT1M"), help);
    }
}
