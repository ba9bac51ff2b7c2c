package dev.safeflow.testbed.bench;

import dev.safeflow.testbed.world.PromptResponse;
import dev.safeflow.testbed.world.Seeds;
import dev.safeflow.testbed.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's fine-tuning set: {@code n} examples of which round(ratio·n) are poison-pool
 * harmful requests answered with (placeholder) compliance and the rest topic-task train examples,
 * shuffled together. The Vaccine/Booster protocol, scaled to the testbed.
 */
public final class FineTuneMix {

    private FineTuneMix() {}

    public static List<PromptResponse> build(World w, String task, int n, double poisonRatio, long seed) {
        if (poisonRatio < 0 || poisonRatio > 1) {
            throw new IllegalArgumentException("poison ratio must be in [0, 1], got " + poisonRatio);
        }
        List<PromptResponse> train = w.tasks().get(task).train();
        int poisoned = (int) Math.round(poisonRatio * n);
        int clean = n - poisoned;
        if (clean > train.size()) {
            throw new IllegalArgumentException("task " + task + " has " + train.size() + " train examples, fewer than "
                    + clean + "; lower n");
        }
        SplittableRandom rnd = Seeds.stream(seed, "finetune/" + task + "/" + poisonRatio);
        List<PromptResponse> out = new ArrayList<>(Seeds.shuffled(train, rnd).subList(0, clean));
        List<PromptResponse> pool = Seeds.shuffled(w.poison(), rnd);
        for (int i = 0; i < poisoned; i++) {
            out.add(pool.get(i % pool.size()));
        }
        return Seeds.shuffled(out, rnd);
    }
}
