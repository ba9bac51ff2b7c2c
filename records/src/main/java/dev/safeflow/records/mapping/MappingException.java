package dev.safeflow.records.mapping;

/** A mapping file that cannot be compiled: the message names the file, the key and the fix. A user error. */
public final class MappingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(message);
    }
}
