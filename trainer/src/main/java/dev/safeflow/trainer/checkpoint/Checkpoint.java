package dev.safeflow.trainer.checkpoint;

import java.nio.file.Path;

/** A complete, verified checkpoint directory. */
public record Checkpoint(Path dir, TrainerState state, String manifestSha256) {

    public String id() {
        return dir.getFileName().toString();
    }
}
