package dev.safeflow.trainer.step;

import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.ChatEncoder;
import dev.safeflow.trainer.data.ContrastiveSet;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.data.Triple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contrastive batch of each step: (prompt, safe) rows followed by (prompt, harmful) rows, so one
 * forward pass scores both. A pure function of the step, so resumed runs see the same batches.
 */
@FunctionalInterface
public interface ContrastiveBatches {

    Batch batch(long step);

    /** Batches of {@code size} triples from {@code set}, tokenised with the chat template and cached per triple. */
    static ContrastiveBatches of(ContrastiveSet set, ChatEncoder encoder, int size) {
        Map<Triple, Example[]> cache = new HashMap<>();
        return step -> {
            List<Example> safe = new ArrayList<>();
            List<Example> harmful = new ArrayList<>();
            for (Triple t : set.batch(step, size)) {
                Example[] pair = cache.computeIfAbsent(t, k -> new Example[] {encoder.encode(k.prompt(), k.safe()),
                        encoder.encode(k.prompt(), k.harmful())});
                if (pair[0] != null && pair[1] != null) {
                    safe.add(pair[0]);
                    harmful.add(pair[1]);
                }
            }
            if (safe.isEmpty()) {
                throw new IllegalArgumentException("every prompt of contrastive batch " + step + " from " + set.source()
                        + " is longer than trainer.contrastive.max-length; raise it or shorten the prompts");
            }
            safe.addAll(harmful);
            return Batch.of(safe, encoder.padId());
        };
    }
}
