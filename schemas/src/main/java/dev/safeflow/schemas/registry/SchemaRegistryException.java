package dev.safeflow.schemas.registry;

/**
 * A schema-registry call that failed in a way the user can act on. The message is one sentence that
 * names the subject (or id) and the fix; {@link #errorCode()} is the Confluent error code (e.g. 409,
 * 40401, 40403), or -1 when the registry could not be reached at all.
 */
public final class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errorCode;

    public SchemaRegistryException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }

    /** True when the registry itself was unreachable (connection refused, timeout), so a retry may help. */
    public boolean isUnreachable() {
        return errorCode == -1;
    }
}
