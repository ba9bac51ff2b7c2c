package dev.safeflow.embedded.registry;

/** A Confluent-style error reply: HTTP status plus {@code {"error_code":..., "message":...}}. */
final class RegistryError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final int errorCode;

    RegistryError(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String version) {
        return new RegistryError(404, 40402, "Version " + version + " not found.");
    }

    static RegistryError schemaNotFound() {
        return new RegistryError(404, 40403, "Schema not found");
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryError invalidCompatibility(String detail) {
        return new RegistryError(422, 42203, "Invalid compatibility level. " + detail);
    }

    static RegistryError incompatible(String detail) {
        return new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema; " + detail);
    }

    static RegistryError subjectConfigNotFound(String subject) {
        return new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
    }
}
