package dev.safeflow.schemas.serde;

import dev.safeflow.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One registry client (and so one cache) per registry URL and credentials in a JVM, shared by all serdes. */
final class RegistryClients {
    private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private RegistryClients() {
    }

    static SchemaRegistryClient shared(AvroSerdeConfig config) {
        String key = config.registryUrl() + '\u0000' + config.basicAuthUserInfo();
        return CLIENTS.computeIfAbsent(key, k -> new SchemaRegistryClient(config.registryUrl(), config.basicAuthUserInfo()));
    }
}
