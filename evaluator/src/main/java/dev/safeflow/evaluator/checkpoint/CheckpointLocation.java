package dev.safeflow.evaluator.checkpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where a {@code CheckpointEvent.uri} points on this machine: {@code file:///...} or a plain path. */
public final class CheckpointLocation {

    private CheckpointLocation() {
    }

    public static Path resolve(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("checkpoint event has no uri; the trainer must announce file:///path/to/checkpoint");
        }
        if (!uri.contains(":") || uri.matches("^[A-Za-z]:[\\\\/].*")) {
            return Path.of(uri);
        }
        try {
            URI u = new URI(uri);
            if (!"file".equals(u.getScheme())) {
                throw new IllegalArgumentException("checkpoint uri " + uri + " uses scheme " + u.getScheme()
                    + ", which the evaluator cannot read; share the checkpoint directory as a file:// path");
            }
            return Path.of(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("checkpoint uri " + uri + " is not a valid URI: " + e.getReason());
        }
    }
}
