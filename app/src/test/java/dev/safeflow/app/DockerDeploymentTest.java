package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import dev.safeflow.app.dashboard.DashboardConfig;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.evaluator.EvaluatorConfig;
import dev.safeflow.ingest.IngestConfig;
import dev.safeflow.schemas.config.ConfigException;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker/ checked without a Docker engine, which CI does not have: the configuration files the containers
 * mount are loaded against the declared keys, compose.yml is checked for structure (health, volumes, GPU,
 * commands, pinned images) and, when a compose-spec schema is given, against that schema, and the
 * Dockerfile is linted by {@link DockerfileLint}.
 *
 * <p>The compose-spec schema is not on Maven Central; {@code docker/check.sh} fetches it from npm and
 * passes it as {@code -Dcompose.spec.schema=FILE}. Without it that one test is skipped, saying so.
 */
class DockerDeploymentTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?[-?]([^}]*))?}");
    /** Service commands that other issues are adding; once one is registered its arguments are parsed too. */
    private static final Set<String> PENDING_COMMANDS = Set.of();

    private static Map<String, Object> compose;
    private static Map<String, String> envExample;

    @BeforeAll
    static void readComposeAndEnvExample() throws IOException {
        compose = new Yaml().load(Files.readString(DOCKER.resolve("compose.yml")));
        envExample = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOCKER.resolve(".env.example"))) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                envExample.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
    }

    /** The keys a service's file may use: its command's spec, or the platform keys for a service without one. */
    private static ConfigSpec specFor(String service) {
        return switch (service) {
            case "ingest" -> IngestConfig.spec();
            case "dashboard" -> DashboardConfig.spec();
            case "auditor" -> AuditorConfig.spec();
            case "trainer" -> TrainerCommand.spec();
            case "evaluator" -> EvaluatorConfig.spec(Wiring.evaluatorPlugins());
            default -> PlatformConfig.spec();
        };
    }

    @Test
    void everyConfigFileLoadsAgainstTheDeclaredKeys() throws IOException {
        List<Path> files = yamlFiles(DOCKER.resolve("config"));
        assertTrue(files.size() >= 6, "docker/config should hold one file per service, found " + files);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String service = file.getFileName().toString().replace(".yaml", "");
            try {
                ConfigLoader.load(specFor(service), file, Map.of(), Map.of());
            } catch (ConfigException e) {
                problems.add(ROOT.relativize(file) + ": " + e.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everySafeflowVariableInComposeIsADeclaredKey() {
        List<String> unknown = new ArrayList<>();
        services().forEach((name, service) -> {
            Set<String> declared = specFor(name).keys().stream().map(ConfigKey::envName).collect(Collectors.toSet());
            environment(service).keySet().stream()
                .filter(variable -> variable.startsWith("SAFEFLOW_") && !declared.contains(variable))
                .forEach(variable -> unknown.add(name + ": " + variable));
        });
        assertTrue(unknown.isEmpty(), "SAFEFLOW_* variables that no configuration key reads: " + unknown);
    }

    @Test
    void eachServiceLoadsItsMountedConfigWithItsComposeEnvironment() {
        Map<String, Map<String, Object>> safeflow = safeflowServices();
        assertTrue(safeflow.keySet().containsAll(List.of("topics", "ingest", "auditor", "evaluator", "dashboard", "trainer")),
            "compose.yml should run every safeflow service, has " + safeflow.keySet());
        safeflow.forEach((name, service) -> {
            Path file = hostPathOf(service, configArgument(name, service));
            assertTrue(Files.isRegularFile(file), name + " mounts no file at its --config path; expected " + file);
            Settings settings = ConfigLoader.load(specFor(name), file, environment(service), Map.of());
            assertEquals(envExample.get("KAFKA_BOOTSTRAP_SERVERS"), settings.get(PlatformConfig.BOOTSTRAP_SERVERS), name);
            assertEquals(Integer.valueOf(envExample.get("TOPICS_PARTITIONS")), settings.get(PlatformConfig.TOPIC_PARTITIONS), name);
        });
    }

    @Test
    void composeCommandsAreCommandsOfTheCli() {
        safeflowServices().forEach((name, service) -> {
            List<String> command = stringList(service.get("command"));
            CommandLine cli = new CommandLine(new SafeflowCommand());
            if (cli.getSubcommands().containsKey(command.get(0))) {
                try {
                    cli.parseArgs(command.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    fail(name + " runs " + command + ", which the CLI rejects: " + e.getMessage());
                }
            } else {
                assertTrue(PENDING_COMMANDS.contains(command.get(0)), name + " runs an unknown command: " + command);
            }
        });
    }

    @Test
    void everyServiceIsHealthCheckedOrWaitsOnConditions() {
        Map<String, Map<String, Object>> services = services();
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            boolean waits = dependsOn instanceof Map<?, ?> deps && !deps.isEmpty()
                && deps.values().stream().allMatch(d -> d instanceof Map<?, ?> m && m.containsKey("condition"));
            assertTrue(service.containsKey("healthcheck") || waits, name + " has neither a healthcheck nor conditional depends_on");
            if (dependsOn instanceof Map<?, ?> deps) {
                deps.forEach((target, d) -> {
                    Object condition = ((Map<?, ?>) d).get("condition");
                    Map<String, Object> other = services.get(String.valueOf(target));
                    assertTrue(other != null, name + " depends on a missing service " + target);
                    if ("service_healthy".equals(condition)) {
                        assertTrue(other.containsKey("healthcheck"), name + " waits for " + target + " to be healthy, but it has no healthcheck");
                    } else if ("service_completed_successfully".equals(condition)) {
                        assertEquals("no", other.get("restart"), name + " waits for " + target + " to finish, so it must not restart");
                    }
                });
            }
        });
    }

    @Test
    void kafkaDataAndCheckpointsLiveOnDeclaredVolumes() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        services().forEach((name, service) -> stringList(service.get("volumes")).stream()
            .map(v -> v.split(":")[0])
            .filter(source -> !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("$"))
            .forEach(source -> assertTrue(declared.contains(source), name + " mounts undeclared volume " + source)));
        Map<String, Object> kafka = services().get("kafka");
        String logDirs = String.valueOf(map(kafka.get("environment")).get("KAFKA_LOG_DIRS"));
        assertTrue(stringList(kafka.get("volumes")).contains("kafka-data:" + logDirs), "Kafka's log dirs must be on kafka-data");
        assertTrue(stringList(services().get("trainer").get("volumes")).contains("checkpoints:/var/lib/safeflow/checkpoints"),
            "the trainer writes checkpoints to the checkpoints volume");
        assertTrue(stringList(services().get("evaluator").get("volumes")).contains("checkpoints:/var/lib/safeflow/checkpoints:ro"),
            "the evaluator reads the trainer's checkpoints, read-only");
    }

    @Test
    void trainerRunsTheCudaImageWithAGpuReservation() {
        Map<String, Object> trainer = services().get("trainer");
        assertEquals("trainer", map(trainer.get("build")).get("target"));
        Map<String, Object> reservations = map(map(map(trainer.get("deploy")).get("resources")).get("reservations"));
        List<?> devices = (List<?>) reservations.get("devices");
        assertTrue(devices != null && devices.stream().anyMatch(d -> stringList(((Map<?, ?>) d).get("capabilities")).contains("gpu")),
            "the trainer must reserve a device with capabilities [gpu], has " + reservations);
    }

    @Test
    void imagesArePinnedAndBuildTargetsExist() throws IOException {
        Set<String> stages = DockerfileLint.stageNames(Files.readString(DOCKER.resolve("Dockerfile")));
        services().forEach((name, service) -> {
            String image = interpolate(String.valueOf(service.get("image")));
            assertTrue(image.matches("[^:]+:[\\w.-]+") && !image.endsWith(":latest"), name + " image is not pinned: " + image);
            if (service.get("build") instanceof Map<?, ?> build) {
                Path context = DOCKER.resolve(String.valueOf(build.get("context"))).normalize();
                assertTrue(Files.isRegularFile(context.resolve(String.valueOf(build.get("dockerfile")))), name + ": no Dockerfile in " + context);
                assertTrue(stages.contains(String.valueOf(build.get("target"))), name + " builds a missing stage " + build.get("target"));
            }
        });
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        assertEquals("apache/kafka:" + firstGroup("<kafka.version>([^<]+)<", rootPom), services().get("kafka").get("image"),
            "the compose broker should run the Kafka version the clients are built with");
        // The trainer image's natives come from DJL at the root pom's versions, through this parent.
        assertEquals(firstGroup("<version>([^<]+)<", rootPom),
            firstGroup("<parent>[\\s\\S]*?<version>([^<]+)<", Files.readString(DOCKER.resolve("djl-natives/pom.xml"))),
            "docker/djl-natives/pom.xml should name the root pom's version as its parent");
    }

    @Test
    void envExampleListsEveryVariableComposeUses() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(Files.readString(DOCKER.resolve("compose.yml")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertEquals(used, new TreeSet<>(envExample.keySet()), "docker/.env.example and compose.yml's ${...} variables differ");
    }

    @Test
    void composeFileMatchesTheComposeSpecSchema() throws IOException {
        String schemaFile = System.getProperty("compose.spec.schema", "");
        assumeTrue(!schemaFile.isEmpty() && Files.isRegularFile(Path.of(schemaFile)),
            "compose-spec schema not given: run docker/check.sh (fetches it from npm) or pass -Dcompose.spec.schema=FILE");
        ObjectMapper json = new ObjectMapper();
        JsonNode schema = json.readTree(Path.of(schemaFile).toFile());
        JsonNode document = json.valueToTree(interpolateAll(compose));
        // The schema still carries draft-4 "id" members, which 2019-09 does not define: read them as annotations.
        Dialect dialect = Dialect.builder(Dialects.getDraft201909()).keyword(new NonValidationKeyword("id")).build();
        List<Error> errors = SchemaRegistry.withDialect(dialect).getSchema(schema).validate(document);
        assertTrue(errors.isEmpty(), "compose.yml breaks the compose specification:\n"
            + errors.stream().map(Error::toString).collect(Collectors.joining("\n")));
    }

    @Test
    void dockerfilePassesTheLint() throws IOException {
        List<String> problems = DockerfileLint.check(Files.readString(DOCKER.resolve("Dockerfile")));
        assertTrue(problems.isEmpty(), "docker/Dockerfile:\n" + String.join("\n", problems));
    }

    @Test
    void lintReportsEachRuleItGuards() {
        String bad = String.join("\n",
            "FROM maven AS build",
            "RUN apt-get update && apt-get install -y curl",
            "FROM node:latest",
            "ADD https://example.org/tool.tgz /opt/",
            "COPY --from=build /out /out",
            "ENTRYPOINT java -jar /out/app.jar");
        String report = String.join("\n", DockerfileLint.check(bad));
        for (String expected : List.of("maven: pin", "node:latest: pin", "--no-install-recommends", "/var/lib/apt/lists",
            "ADD of a URL", "non-root USER", "HEALTHCHECK", "exec form")) {
            assertTrue(report.contains(expected), "lint should report '" + expected + "' in:\n" + report);
        }
    }

    // ---- reading compose.yml -----------------------------------------------------------------------------

    private static Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    /** The services built from docker/Dockerfile: they run the safeflow CLI. */
    private static Map<String, Map<String, Object>> safeflowServices() {
        Map<String, Map<String, Object>> safeflow = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build && "docker/Dockerfile".equals(build.get("dockerfile"))) {
                safeflow.put(name, service);
            }
        });
        return safeflow;
    }

    /** The service's environment as the container sees it, with .env.example's values. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service.get("environment")).forEach((k, v) -> env.put(k, interpolate(v == null ? "" : String.valueOf(v))));
        return env;
    }

    private static String configArgument(String name, Map<String, Object> service) {
        List<String> command = stringList(service.get("command"));
        int at = command.indexOf("--config");
        assertTrue(at >= 0 && at + 1 < command.size(), name + " runs without --config: " + command);
        return command.get(at + 1);
    }

    /** Where a container path comes from on the host, through the service's bind mounts. */
    private static Path hostPathOf(Map<String, Object> service, String containerPath) {
        for (String volume : stringList(service.get("volumes"))) {
            String[] parts = interpolate(volume).split(":");
            if (containerPath.startsWith(parts[1] + "/") && parts[0].startsWith(".")) {
                return DOCKER.resolve(parts[0]).resolve(containerPath.substring(parts[1].length() + 1)).normalize();
            }
        }
        return Path.of("(no bind mount covers " + containerPath + ")");
    }

    /** Compose's ${NAME}, ${NAME:-default}, ${NAME-default} and ${NAME:?error}, resolved with .env.example. */
    private static String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = envExample.get(m.group(1));
            String resolved = value != null && !value.isEmpty() ? value : m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        return m.appendTail(out).toString();
    }

    private static Object interpolateAll(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), interpolateAll(v)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(DockerDeploymentTest::interpolateAll).toList();
        }
        return node instanceof String s ? interpolate(s) : node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    private static List<String> stringList(Object node) {
        return node == null ? List.of() : ((List<?>) node).stream().map(String::valueOf).toList();
    }

    private static String firstGroup(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex);
        return m.group(1);
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker/compose.yml above " + Path.of("").toAbsolutePath());
    }
}
