package dev.safeflow.trainer.checkpoint;

/** A checkpoint that is missing, partial or corrupt; the message names the directory and the fix. */
public final class CheckpointException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }
}
