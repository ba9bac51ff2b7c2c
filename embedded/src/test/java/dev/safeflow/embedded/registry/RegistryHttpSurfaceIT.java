package dev.safeflow.embedded.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.http.BasicAuth;
import dev.safeflow.http.SlowClients;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry's HTTP surface: writes behind basic auth when configured, and slow clients cannot freeze it. */
@ExtendWith(KafkaPlatformExtension.class)
class RegistryHttpSurfaceIT {
    private static final Duration LIVENESS = Duration.ofSeconds(30);
    /** The registry had four request threads; this is more than four times that. */
    private static final int SLOW_CLIENTS = 20;
    private static final BasicAuth OPS = new BasicAuth("ops", "s3cret");
    private static final String SCHEMA = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"S\\\",\\\"fields\\\":[]}\"}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(LIVENESS).build();

    @Test
    void configAndSubjectWritesNeedTheCredentialsWhileReadsStayOpen(KafkaPlatform kafka) throws Exception {
        String topic = "_schemas-auth-" + UUID.randomUUID();
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0, topic, OPS)) {
            String base = registry.url();
            HttpResponse<String> noAuth = send(put(base + "/config", "{\"compatibility\":\"NONE\"}"));
            assertEquals(401, noAuth.statusCode(), noAuth.body());
            assertTrue(noAuth.body().contains("40101"), noAuth.body());
            assertEquals(401, send(put(base + "/config", "{\"compatibility\":\"NONE\"}")
                .header("Authorization", new BasicAuth("ops", "guess").header())).statusCode());
            assertEquals(401, send(post(base + "/subjects/s-value/versions", SCHEMA)).statusCode());
            assertTrue(!send(HttpRequest.newBuilder(URI.create(base + "/config"))).body().contains("NONE"),
                "the refused PUT changed nothing");

            assertEquals(200, send(put(base + "/config", "{\"compatibility\":\"FULL\"}").header("Authorization", OPS.header())).statusCode());
            assertEquals(200, send(post(base + "/subjects/s-value/versions", SCHEMA).header("Authorization", OPS.header())).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/subjects"))).statusCode(), "reads need no credentials");
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/config"))).statusCode());
            assertTrue(new SchemaRegistryClient(base, "ops:s3cret").subjects().contains("s-value"));
        }
    }

    @Test
    void slowHeaderAndSlowBodyClientsDoNotStopHealthOrARegistration(KafkaPlatform kafka) throws Exception {
        String topic = "_schemas-slow-" + UUID.randomUUID();
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0, topic, OPS);
             SlowClients headers = SlowClients.headers(URI.create(registry.url()), SLOW_CLIENTS);
             SlowClients anonymous = SlowClients.bodies(URI.create(registry.url()), SLOW_CLIENTS, "POST",
                 "/subjects/slow-value/versions", Map.of(), 100_000);
             SlowClients authorised = SlowClients.bodies(URI.create(registry.url()), SLOW_CLIENTS / 2, "POST",
                 "/subjects/slow-value/versions", Map.of("Authorization", OPS.header()), 100_000)) {
            String base = registry.url();
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/subjects"))).statusCode());
            assertEquals(200, send(post(base + "/subjects/fast-value/versions", SCHEMA).header("Authorization", OPS.header())).statusCode());
            assertEquals(SLOW_CLIENTS, anonymous.answeredWith(401), "refused on their headers, before any body is read");
            assertEquals(0, authorised.answeredWith(200), "the authorised slow bodies are still being waited for");
        }
    }

    private HttpRequest.Builder put(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(LIVENESS).build(), HttpResponse.BodyHandlers.ofString());
    }
}
