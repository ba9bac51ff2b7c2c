package dev.safeflow.evaluator.checkpoint;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an announced checkpoint must satisfy before the streaming evaluator opens anything in it: a valid
 * signature (when a control key is configured), a directory inside {@code evaluator.checkpoint-root} reached
 * without a symbolic link, no link inside it, a manifest hash announced in full, a manifest naming the same
 * checkpoint as the event, and the configured base model. Each failure is a reason the gate writes down.
 * Anyone who can produce to {@code model.checkpoints} otherwise chooses what gets loaded and promoted.
 */
public final class CheckpointAdmission {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Path root;
    private final String baseModel;
    private final ControlSigner signer;

    /**
     * @param root      the directory every checkpoint must live under (trainers write there)
     * @param baseModel the base model every checkpoint must name, as {@code evaluator.base-model} says it
     */
    public CheckpointAdmission(Path root, String baseModel, ControlSigner signer) {
        this.root = root.toAbsolutePath().normalize();
        this.baseModel = baseModel;
        this.signer = signer;
    }

    /** The key that checks checkpoint events, and signs the decisions taken on them. */
    public ControlSigner signer() {
        return signer;
    }

    /** Every reason to refuse {@code event} unopened; empty when it may be verified and evaluated. */
    public List<String> problems(CheckpointEvent event) {
        List<String> problems = new ArrayList<>();
        String unsigned = signer.problem(event);
        if (unsigned != null) {
            problems.add("checkpoint event " + unsigned);
        }
        if (!SHA256.matcher(event.getManifestSha256()).matches()) {
            problems.add("the event announces no full manifestSha256 ('" + event.getManifestSha256()
                + "'), so nothing ties the files to the trainer that wrote them");
        }
        if (!sameBaseModel(event.getBaseModel())) {
            problems.add("the event names base model '" + event.getBaseModel() + "' but this evaluator scores only '"
                + baseModel + "' (evaluator.base-model)");
        }
        Path dir;
        try {
            dir = CheckpointLocation.resolve(event.getUri()).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return problems;
        }
        String placement = placement(dir);
        if (placement != null) {
            problems.add(placement);
            return problems; // never read a manifest outside the root or behind a link
        }
        Path manifest = dir.resolve(CheckpointStore.MANIFEST);
        if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            String id = Manifest.checkpointId(manifest);
            if (!event.getCheckpointId().equals(id)) {
                problems.add(CheckpointStore.MANIFEST + " names checkpoint '" + id + "' but the event announces '"
                    + event.getCheckpointId() + "'");
            }
        }
        return problems;
    }

    /** Null when {@code dir} is strictly inside the root and no path element from the root down is a link. */
    private String placement(Path dir) {
        if (!dir.startsWith(root) || dir.equals(root)) {
            return "checkpoint directory " + dir + " is outside evaluator.checkpoint-root " + root;
        }
        if (Files.isSymbolicLink(root)) {
            return "evaluator.checkpoint-root " + root + " is a symbolic link; configure the directory it points to";
        }
        Path at = root;
        for (Path part : root.relativize(dir)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                return at + " is a symbolic link; checkpoints are read only from real directories under " + root;
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return "checkpoint directory " + dir + " does not exist";
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isSymbolicLink).findFirst()
                .map(link -> link + " inside the checkpoint is a symbolic link; a checkpoint holds only its own files")
                .orElse(null);
        } catch (IOException e) {
            return "cannot list checkpoint directory " + dir + ": " + e.getMessage();
        }
    }

    private boolean sameBaseModel(String named) {
        if (named.equals(baseModel)) {
            return true;
        }
        try {
            Path a = Path.of(named);
            Path b = Path.of(baseModel);
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
