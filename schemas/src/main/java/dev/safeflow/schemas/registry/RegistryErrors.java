package dev.safeflow.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns registry replies into values or into one clear {@link SchemaRegistryException} naming the subject and the fix. */
final class RegistryErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryErrors() {
    }

    static JsonNode check(int status, String body, String what, String baseUrl) {
        JsonNode json = parse(body);
        if (status >= 200 && status < 300) {
            return json;
        }
        int code = json.path("error_code").asInt(status);
        String detail = json.path("message").asText(body == null ? "" : body);
        throw new SchemaRegistryException(explain(code, status, what, detail, baseUrl), code, null);
    }

    private static String explain(int code, int status, String what, String detail, String baseUrl) {
        return switch (code) {
            case 409 -> "schema for subject " + what + " is incompatible with the registered versions (" + detail
                + "): make the change compatible (add fields with defaults, do not remove fields without defaults)"
                + " or change the subject's compatibility level";
            case 40401 -> "subject " + what + " is not registered in " + baseUrl
                + ": produce to the topic once (auto-register) or register the schema first";
            case 40402 -> "version not found for " + what + " (" + detail + ")";
            case 40403 -> "schema not found for " + what + " in " + baseUrl
                + ": the data was written against another registry; point registry.url at the registry its producer used";
            case 42201 -> "schema for " + what + " is not valid Avro (" + detail + "): fix the schema";
            case 42203 -> "invalid compatibility level for " + what + " (" + detail
                + "): use NONE, BACKWARD, FORWARD, FULL or a _TRANSITIVE variant";
            case 401, 403 -> "schema registry at " + baseUrl + " refused the credentials (" + what
                + "): set registry.basic-auth (basic.auth.user.info) to user:password";
            default -> "schema registry at " + baseUrl + " answered HTTP " + status + " for " + what + ": " + detail;
        };
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode().put("message", body);
        }
    }
}
