package dev.safeflow.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client of the Confluent Schema Registry REST API (also served by Apicurio's ccompat API, Karapace,
 * Redpanda and safeflow's embedded registry). Caches both directions: (subject, schema) to id, so a
 * serializer registers once per schema, and id to schema, so a deserializer fetches each writer schema once.
 */
public final class SchemaRegistryClient {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;
    private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    /**
     * @param baseUrl   registry root, e.g. {@code http://localhost:8081}
     * @param basicAuth {@code user:password} for HTTP basic auth, or null
     */
    public SchemaRegistryClient(String baseUrl, String basicAuth) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("schema registry URL is empty: set registry.url (schema.registry.url for serdes)");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = basicAuth == null || basicAuth.isBlank()
            ? null
            : "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    public int register(String subject, Schema schema) {
        String cacheKey = subject + '\u0000' + schema.toString();
        Integer cached = idBySubjectAndSchema.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject);
        int id = reply.path("id").asInt();
        idBySubjectAndSchema.put(cacheKey, id);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    /** Returns the id of {@code schema} if it is registered under {@code subject}, without registering it. */
    public int lookup(String subject, Schema schema) {
        String cacheKey = subject + '\u0000' + schema.toString();
        Integer cached = idBySubjectAndSchema.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = call("POST", "/subjects/" + encode(subject), schemaBody(schema), subject);
        int id = reply.path("id").asInt();
        idBySubjectAndSchema.put(cacheKey, id);
        return id;
    }

    /** The schema with global id {@code id}; fetched once, then served from the cache. */
    public Schema schemaById(int id) {
        return schemaById.computeIfAbsent(id, missing -> {
            JsonNode reply = call("GET", "/schemas/ids/" + missing, null, "schema id " + missing);
            return new Schema.Parser().parse(reply.path("schema").asText());
        });
    }

    /** Latest registered version of {@code subject}: its id, version and schema. */
    public RegisteredSchema latest(String subject) {
        JsonNode reply = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null, subject);
        return new RegisteredSchema(subject, reply.path("id").asInt(), reply.path("version").asInt(),
            new Schema.Parser().parse(reply.path("schema").asText()));
    }

    /** All subjects the registry holds. */
    public List<String> subjects() {
        JsonNode reply = call("GET", "/subjects", null, "subjects");
        List<String> out = new ArrayList<>();
        reply.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Whether {@code schema} may be registered as the next version of {@code subject} under its compatibility level. */
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode reply = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
            schemaBody(schema), subject);
        return reply.path("is_compatible").asBoolean();
    }

    /** Sets the compatibility level of {@code subject}, or the global level when subject is null. */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        call("PUT", subject == null ? "/config" : "/config/" + encode(subject), body.toString(),
            subject == null ? "global config" : subject);
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, String body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", CONTENT_TYPE)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " is unreachable (" + what
                + "): start it (safeflow local up) or fix registry.url", -1, e);
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " failed to answer (" + what + "): "
                + e.getMessage() + "; check registry.url and that the registry is up", -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling the schema registry (" + what + ")", -1, e);
        }
        return RegistryErrors.check(response.statusCode(), response.body(), what, baseUrl);
    }

    /** A schema as the registry holds it under a subject. */
    public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    }
}
