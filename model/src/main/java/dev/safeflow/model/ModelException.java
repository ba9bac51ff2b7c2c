package dev.safeflow.model;

/** A problem with user input (a model directory, an adapter, a token id) that the user can fix. */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
