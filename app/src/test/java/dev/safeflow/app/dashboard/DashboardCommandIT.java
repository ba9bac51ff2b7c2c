package dev.safeflow.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.app.Main;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code safeflow dashboard} in its own process, stopped as Ctrl-C would. It runs {@code Main} on this JVM's
 * class path rather than the packaged jar, so it also passes when surefire picks it up before {@code package}.
 */
@ExtendWith(KafkaPlatformExtension.class)
class DashboardCommandIT {

    @Test
    void dashboardCommandPrintsItsUrlServesThePageAndStopsOnSignal(KafkaPlatform kafka) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), Main.class.getName(), "dashboard", "--port", "0", "--bootstrap-servers", kafka.bootstrapServers(),
            "--registry-url", kafka.registryUrl(), "--set", "topics.prefix=t" + UUID.randomUUID() + ".")
            .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            URI url = null;
            String line;
            while (url == null && (line = lines.readLine()) != null) {
                output.add(line);
                if (line.startsWith("dashboard at ")) {
                    url = URI.create(line.substring("dashboard at ".length()).split(" ")[0]);
                }
            }
            assertTrue(url != null, String.join("\n", output));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Quarantine rate per source"), page.body());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(url.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook closes the feed and the server.
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the dashboard stopped within 20 s of SIGTERM\n" + String.join("\n", output));
        }
    }
}
