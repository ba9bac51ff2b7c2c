package dev.safeflow.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.http.BasicAuth;
import dev.safeflow.http.Exchange;
import dev.safeflow.http.HttpError;
import dev.safeflow.http.HttpLimits;
import dev.safeflow.http.HttpService;
import dev.safeflow.schemas.config.PlatformConfig;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * A schema registry serving the part of the Confluent REST API that clients and serdes use, durable in
 * a compacted Kafka topic. Not a replacement for a production registry: one instance, on loopback.
 * When started with credentials, every write ({@code POST}, {@code PUT}, {@code DELETE} under
 * {@code /subjects} and {@code /config}) needs them (401 otherwise); reads stay open.
 *
 * <p>Routes: {@code POST /subjects/{s}/versions}, {@code POST /subjects/{s}}, {@code GET /schemas/ids/{id}},
 * {@code GET /subjects}, {@code GET /subjects/{s}/versions[/{v}]}, {@code GET|PUT /config[/{s}]},
 * {@code POST /compatibility/subjects/{s}/versions/{v}}.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Avro schemas are kilobytes; the largest generated ones here are under 10 KiB. */
    private static final long MAX_BODY_BYTES = 4L << 20;
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE");

    private final SchemaStore store;
    private final BasicAuth writeAuth;
    private HttpService server;

    private EmbeddedSchemaRegistry(SchemaStore store, BasicAuth writeAuth) {
        this.store = store;
        this.writeAuth = writeAuth;
    }

    /**
     * Starts a registry on {@code port} (0 for a free one) that stores its schemas in {@code topic} of the
     * Kafka cluster at {@code bootstrapServers}; existing schemas in the topic are loaded first. Writes are open.
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, int port, String topic) {
        return start(bootstrapServers, port, topic, null);
    }

    /** As {@link #start(String, int, String)}, with writes behind {@code writeAuth} (null: open). */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, int port, String topic, BasicAuth writeAuth) {
        SchemaStore store = new SchemaStore(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(store, writeAuth);
        try {
            registry.server = HttpService.builder("schema-registry").host("localhost").port(port)
                .limits(HttpLimits.defaults().withMaxBodyBytes(MAX_BODY_BYTES))
                .bindHint("choose another --registry-port")
                .route("/", registry::handle)
                .start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return registry;
    }

    public String url() {
        return "http://localhost:" + server.port();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }

    private void handle(Exchange exchange) throws IOException {
        int status = 200;
        JsonNode reply;
        try {
            List<String> path = segments(exchange);
            requireCredentials(exchange, path);
            reply = route(exchange.method(), path, readBody(exchange));
        } catch (RegistryError e) {
            status = e.status;
            reply = error(e.errorCode, e.getMessage());
        } catch (HttpError.BodyTooLarge e) {
            throw e;
        } catch (RuntimeException e) {
            status = 500;
            reply = error(50001, "Error in the backend data store: " + e.getMessage());
        }
        exchange.bytes(status, CONTENT_TYPE, JSON.writeValueAsBytes(reply));
    }

    /** Writes change what every producer and consumer agrees on (compatibility NONE lets any schema in). */
    private void requireCredentials(Exchange exchange, List<String> path) {
        String first = path.isEmpty() ? "" : path.get(0);
        boolean write = WRITES.contains(exchange.method()) && (first.equals("subjects") || first.equals("config"));
        if (write && writeAuth != null && !writeAuth.accepts(exchange.header("Authorization"))) {
            exchange.header("WWW-Authenticate", "Basic realm=\"schema-registry\", charset=\"UTF-8\"");
            throw new RegistryError(401, 40101, "Unauthorized: " + exchange.method() + " /" + String.join("/", path)
                + " needs the registry's basic auth credentials (" + PlatformConfig.REGISTRY_BASIC_AUTH.name() + ")");
        }
    }

    private JsonNode route(String method, List<String> path, JsonNode body) {
        String first = path.isEmpty() ? "" : path.get(0);
        int n = path.size();
        return switch (method + " " + first + "/" + n) {
            case "GET subjects/1" -> array(store.subjects());
            case "POST subjects/2" -> versionNode(store.find(path.get(1), schemaOf(body)));
            case "GET subjects/3" -> array(store.versions(path.get(1)).stream().map(v -> String.valueOf(v.version())).toList(), true);
            case "POST subjects/3" -> requireVersions(path, () -> JSON.createObjectNode().put("id", store.register(path.get(1), schemaOf(body)).id()));
            case "GET subjects/4" -> requireVersions(path, () -> versionNode(version(path.get(1), path.get(3))));
            case "GET schemas/3" -> requireIds(path, () -> JSON.createObjectNode().put("schema", store.byId(parseId(path.get(2))).toString()));
            case "GET config/1" -> JSON.createObjectNode().put("compatibilityLevel", store.globalLevel().name());
            case "GET config/2" -> JSON.createObjectNode().put("compatibilityLevel", store.subjectLevel(path.get(1)).name());
            case "PUT config/1" -> setLevel(null, body);
            case "PUT config/2" -> setLevel(path.get(1), body);
            case "POST compatibility/5" -> compatibility(path, body);
            default -> throw new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " /" + String.join("/", path));
        };
    }

    private JsonNode compatibility(List<String> path, JsonNode body) {
        if (!path.get(1).equals("subjects") || !path.get(3).equals("versions")) {
            throw new RegistryError(404, 404, "HTTP 404 Not Found");
        }
        String subject = path.get(2);
        Schema candidate = schemaOf(body);
        List<String> problems;
        if (path.get(4).equals("latest")) {
            problems = store.check(subject, candidate);
        } else {
            SchemaStore.Version against = version(subject, path.get(4));
            problems = store.level(subject).check(candidate, List.of(against.schema()));
        }
        ObjectNode reply = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if (!problems.isEmpty()) {
            reply.set("messages", array(problems));
        }
        return reply;
    }

    private JsonNode setLevel(String subject, JsonNode body) {
        String text = body.path("compatibility").asText(null);
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(text);
        } catch (IllegalArgumentException e) {
            throw RegistryError.invalidCompatibility(e.getMessage());
        }
        store.setLevel(subject, level);
        return JSON.createObjectNode().put("compatibility", level.name());
    }

    private SchemaStore.Version version(String subject, String version) {
        List<SchemaStore.Version> versions = store.versions(subject);
        if (version.equals("latest") || version.equals("-1")) {
            return versions.get(versions.size() - 1);
        }
        try {
            int v = Integer.parseInt(version);
            return versions.stream().filter(x -> x.version() == v).findFirst().orElseThrow(() -> RegistryError.versionNotFound(version));
        } catch (NumberFormatException e) {
            throw new RegistryError(422, 42202, "The specified version '" + version + "' is not a valid version id.");
        }
    }

    private static JsonNode requireVersions(List<String> path, java.util.function.Supplier<JsonNode> action) {
        if (!path.get(2).equals("versions")) {
            throw new RegistryError(404, 404, "HTTP 404 Not Found");
        }
        return action.get();
    }

    private static JsonNode requireIds(List<String> path, java.util.function.Supplier<JsonNode> action) {
        if (!path.get(1).equals("ids")) {
            throw new RegistryError(404, 404, "HTTP 404 Not Found");
        }
        return action.get();
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound();
        }
    }

    private static Schema schemaOf(JsonNode body) {
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryError.invalidSchema("schemaType " + type + " is not supported; this registry holds Avro only");
        }
        String text = body.path("schema").asText(null);
        if (text == null) {
            throw RegistryError.invalidSchema("the request has no \"schema\" field");
        }
        try {
            // SchemaParser resolves every name now; Schema.Parser would accept {"type":"nonsense"} as a placeholder.
            return new SchemaParser().parse(text).mainSchema();
        } catch (RuntimeException e) {
            // Any failure to parse the caller's text is a bad request, whatever exception Avro chose for it.
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    private static ObjectNode versionNode(SchemaStore.Version v) {
        return JSON.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
            .put("schema", v.schema().toString());
    }

    private static ArrayNode array(List<String> items) {
        return array(items, false);
    }

    private static ArrayNode array(List<String> items, boolean numeric) {
        ArrayNode out = JSON.createArrayNode();
        items.forEach(s -> {
            if (numeric) {
                out.add(Integer.parseInt(s));
            } else {
                out.add(s);
            }
        });
        return out;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static List<String> segments(Exchange exchange) {
        String raw = exchange.rawPath();
        return Arrays.stream(raw.split("/")).filter(s -> !s.isEmpty())
            .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
    }

    private static JsonNode readBody(Exchange exchange) throws IOException {
        byte[] bytes = exchange.bodyBytes(MAX_BODY_BYTES, "the registry's request size limit");
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryError(400, 400, "request body is not JSON: " + e.getMessage());
        }
    }
}
