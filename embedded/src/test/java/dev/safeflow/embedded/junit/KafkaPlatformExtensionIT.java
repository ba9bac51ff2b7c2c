package dev.safeflow.embedded.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaPlatformExtension.class)
class KafkaPlatformExtensionIT {
    static KafkaPlatform first;

    @Test
    void handsOutOneRunningClusterSharedByEveryTest(KafkaPlatform kafka) throws Exception {
        if (first == null) {
            first = kafka;
        }
        assertSame(first, kafka);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
        assertTrue(kafka.registryUrl().startsWith("http://localhost:"));
    }

    @Test
    void withoutDockerThePlatformIsTheEmbeddedBroker(KafkaPlatform kafka) {
        if (first == null) {
            first = kafka;
        }
        assertSame(first, kafka);
        assertEquals(!KafkaPlatformExtension.dockerAvailable() || "embedded".equals(System.getProperty("safeflow.test.platform")),
            kafka.embeddedKafka().isPresent(), kafka.kind());
    }

    @Test
    @RequiresDocker
    void onDockerThePlatformIsTestcontainersKafka(KafkaPlatform kafka) {
        // Runs only where a Docker engine answers; skipped (not failed) on these machines.
        assertTrue(kafka.kind().startsWith("Testcontainers") || "embedded".equals(System.getProperty("safeflow.test.platform")));
    }
}
