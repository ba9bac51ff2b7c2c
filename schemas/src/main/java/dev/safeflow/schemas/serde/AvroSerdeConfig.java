package dev.safeflow.schemas.serde;

import java.util.Map;

/**
 * The serde's configuration keys. They are Confluent's own names, so a user can swap in Confluent's
 * {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer} by changing only the class names.
 */
public record AvroSerdeConfig(String registryUrl, String basicAuthUserInfo, boolean autoRegister, boolean specificReader) {
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    public static AvroSerdeConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("Avro serde needs " + SCHEMA_REGISTRY_URL
                + ": set it to the schema registry URL, e.g. http://localhost:8081");
        }
        Object auth = configs.get(BASIC_AUTH_USER_INFO);
        return new AvroSerdeConfig(url.toString(), auth == null ? null : auth.toString(),
            flag(configs.get(AUTO_REGISTER_SCHEMAS), true), flag(configs.get(SPECIFIC_AVRO_READER), false));
    }

    public Map<String, Object> asMap() {
        var map = new java.util.HashMap<String, Object>();
        map.put(SCHEMA_REGISTRY_URL, registryUrl);
        if (basicAuthUserInfo != null) {
            map.put(BASIC_AUTH_USER_INFO, basicAuthUserInfo);
        }
        map.put(AUTO_REGISTER_SCHEMAS, autoRegister);
        map.put(SPECIFIC_AVRO_READER, specificReader);
        return map;
    }

    private static boolean flag(Object value, boolean fallback) {
        return value == null ? fallback : Boolean.parseBoolean(value.toString());
    }
}
