package dev.safeflow.embedded.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.resolver.client.RegistryArtifactReference;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryVersionCoordinates;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

/**
 * Apicurio's serde speaks Apicurio's own v3 REST API; the embedded registry speaks Confluent's. This
 * adapter lets the unmodified Apicurio serializer and deserializer (their id handler, framing and Avro
 * encoding) run against the embedded registry: artifact id = subject, content id = Confluent schema id.
 * It is written with plain HTTP, independently of safeflow's own registry client.
 */
final class ConfluentApiFacade implements RegistryClientFacade {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    ConfluentApiFacade(String url) {
        this.url = url;
    }

    @Override
    public String getSchemaByContentId(Long contentId) {
        return call("GET", "/schemas/ids/" + contentId, null).path("schema").asText();
    }

    @Override
    public String getSchemaByGlobalId(long globalId, boolean dereference) {
        return getSchemaByContentId(globalId);
    }

    @Override
    public RegistryVersionCoordinates createSchema(String artifactType, String groupId, String artifactId, String version,
                                                   String autoCreateBehavior, boolean canonical, String schemaString,
                                                   Set<RegistryArtifactReference> references) {
        String body = JSON.createObjectNode().put("schema", schemaString).toString();
        long id = call("POST", "/subjects/" + artifactId + "/versions", body).path("id").asLong();
        return RegistryVersionCoordinates.create(id, id, groupId, artifactId, version);
    }

    @Override
    public String getSchemaByGAV(String groupId, String artifactId, String version) {
        throw new UnsupportedOperationException("not used by the interop test");
    }

    @Override
    public String getSchemaByContentHash(String contentHash) {
        throw new UnsupportedOperationException("not used by the interop test");
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByContentId(long contentId) {
        return List.of();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByGlobalId(long globalId) {
        return List.of();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByGAV(String groupId, String artifactId, String version) {
        return List.of();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByContentHash(String contentHash) {
        return List.of();
    }

    @Override
    public List<RegistryVersionCoordinates> searchVersionsByContent(String schemaString, String artifactType,
                                                                    ArtifactReference reference, boolean canonical) {
        throw new UnsupportedOperationException("not used by the interop test");
    }

    @Override
    public RegistryVersionCoordinates getVersionCoordinatesByGAV(String groupId, String artifactId, String version) {
        throw new UnsupportedOperationException("not used by the interop test");
    }

    @Override
    public Object getClient() {
        return http;
    }

    private JsonNode call(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
