package dev.safeflow.embedded.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.registry.SchemaRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaPlatformExtension.class)
class SchemaRegistryIT {
    static final Schema V1 = parse("""
        {"type":"record","name":"Sample","namespace":"t","fields":[{"name":"id","type":"string"}]}""");
    static final Schema V2_WITH_DEFAULT = parse("""
        {"type":"record","name":"Sample","namespace":"t","fields":[{"name":"id","type":"string"},
         {"name":"lang","type":"string","default":"en"}]}""");
    /** Backward compatible (new readers ignore id) but not forward compatible (old readers need id). */
    static final Schema V3_WITHOUT_ID = parse("""
        {"type":"record","name":"Sample","namespace":"t","fields":[{"name":"lang","type":"string","default":"en"}]}""");
    static final Schema V2_WITHOUT_DEFAULT = parse("""
        {"type":"record","name":"Sample","namespace":"t","fields":[{"name":"id","type":"string"},
         {"name":"lang","type":"string"}]}""");

    @Test
    void registersOnceAndServesTheSchemaByIdAndBySubject(KafkaPlatform kafka) {
        SchemaRegistryClient client = new SchemaRegistryClient(kafka.registryUrl(), null);
        String subject = unique("reg") + "-value";
        int id = client.register(subject, V1);
        assertEquals(id, client.register(subject, V1), "same schema, same id");
        assertEquals(V1, new SchemaRegistryClient(kafka.registryUrl(), null).schemaById(id));
        assertEquals(id, new SchemaRegistryClient(kafka.registryUrl(), null).lookup(subject, V1));
        SchemaRegistryClient.RegisteredSchema latest = client.latest(subject);
        assertEquals(1, latest.version());
        assertTrue(client.subjects().contains(subject));
    }

    @Test
    void addingAFieldWithADefaultIsABackwardCompatibleEvolution(KafkaPlatform kafka) {
        SchemaRegistryClient client = new SchemaRegistryClient(kafka.registryUrl(), null);
        String subject = unique("compatible") + "-value";
        int v1 = client.register(subject, V1);
        assertTrue(client.isCompatible(subject, V2_WITH_DEFAULT));
        int v2 = client.register(subject, V2_WITH_DEFAULT);
        assertNotEquals(v1, v2);
        assertEquals(2, client.latest(subject).version());
    }

    @Test
    void addingAFieldWithoutADefaultIsRefusedNamingTheSubjectAndTheFix(KafkaPlatform kafka) {
        SchemaRegistryClient client = new SchemaRegistryClient(kafka.registryUrl(), null);
        String subject = unique("incompatible") + "-value";
        client.register(subject, V1);
        assertFalse(client.isCompatible(subject, V2_WITHOUT_DEFAULT));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.register(subject, V2_WITHOUT_DEFAULT));
        assertEquals(409, e.errorCode());
        assertTrue(e.getMessage().contains(subject) && e.getMessage().contains("add fields with defaults"), e.getMessage());
        assertTrue(e.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), e.getMessage());
    }

    @Test
    void compatibilityNoneOnASubjectAcceptsAnyChange(KafkaPlatform kafka) throws Exception {
        SchemaRegistryClient client = new SchemaRegistryClient(kafka.registryUrl(), null);
        String subject = unique("none") + "-value";
        client.register(subject, V1);
        client.setCompatibility(subject, "NONE");
        client.register(subject, V2_WITHOUT_DEFAULT);
        assertEquals(2, client.latest(subject).version());
        String config = get(kafka.registryUrl() + "/config/" + subject).body();
        assertEquals("{\"compatibilityLevel\":\"NONE\"}", config);
        assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", get(kafka.registryUrl() + "/config").body());
    }

    @Test
    void unknownIdsAndSubjectsAnswerWithConfluentErrorBodies(KafkaPlatform kafka) throws Exception {
        HttpResponse<String> missingId = get(kafka.registryUrl() + "/schemas/ids/987654");
        assertEquals(404, missingId.statusCode());
        assertTrue(missingId.body().contains("\"error_code\":40403"), missingId.body());
        HttpResponse<String> missingSubject = get(kafka.registryUrl() + "/subjects/no-such-subject/versions");
        assertTrue(missingSubject.body().contains("\"error_code\":40401"), missingSubject.body());
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
            () -> new SchemaRegistryClient(kafka.registryUrl(), null).schemaById(987654));
        assertTrue(e.getMessage().contains("schema id 987654") && e.getMessage().contains("registry.url"), e.getMessage());
    }

    @Test
    void invalidSchemaIsRefusedWith42201(KafkaPlatform kafka) throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(kafka.registryUrl() + "/subjects/bad-value/versions"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"nonsense\\\"}\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(422, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains("42201"), reply.body());
    }

    @Test
    void schemasAndConfigSurviveARegistryRestart(KafkaPlatform kafka) {
        String topic = unique("_schemas");
        String subject = unique("durable") + "-value";
        int id;
        try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0, topic)) {
            SchemaRegistryClient client = new SchemaRegistryClient(first.url(), null);
            id = client.register(subject, V1);
            client.register(subject, V2_WITH_DEFAULT);
            client.setCompatibility(subject, "FULL");
        }
        try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0, topic)) {
            SchemaRegistryClient client = new SchemaRegistryClient(second.url(), null);
            assertEquals(V1, client.schemaById(id));
            assertEquals(2, client.latest(subject).version());
            // FULL survived the restart: dropping a required field would pass BACKWARD but fails FULL.
            assertFalse(client.isCompatible(subject, V3_WITHOUT_ID));
            assertThrows(SchemaRegistryException.class, () -> client.register(subject, V3_WITHOUT_ID));
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
