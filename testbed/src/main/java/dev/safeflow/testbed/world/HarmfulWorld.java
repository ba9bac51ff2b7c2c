package dev.safeflow.testbed.world;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The harmful requests of one world: per category, templates and fillers are shuffled by seed and
 * cut into the {@link HarmfulSplit} parts; every prompt of a part combines only that part's
 * templates and fillers.
 */
public final class HarmfulWorld {

    private final Map<HarmfulSplit, List<HarmfulPrompt>> prompts = new EnumMap<>(HarmfulSplit.class);

    public HarmfulWorld(HarmfulCatalog catalog, long seed) {
        for (HarmfulSplit s : HarmfulSplit.values()) {
            prompts.put(s, new ArrayList<>());
        }
        for (String category : catalog.categories()) {
            List<String> templates = Seeds.shuffled(catalog.templates().get(category),
                    Seeds.stream(seed, "templates/" + category));
            List<String> fillers = Seeds.shuffled(catalog.fillers().get(category),
                    Seeds.stream(seed, "fillers/" + category));
            int t0 = 0;
            int f0 = 0;
            for (HarmfulSplit s : HarmfulSplit.values()) {
                if (t0 + s.templates > templates.size() || f0 + s.fillers > fillers.size()) {
                    throw new IllegalStateException("category " + category + " has " + templates.size()
                            + " templates and " + fillers.size() + " fillers, too few for the splits");
                }
                for (String t : templates.subList(t0, t0 + s.templates)) {
                    for (String f : fillers.subList(f0, f0 + s.fillers)) {
                        prompts.get(s).add(new HarmfulPrompt(category, s, t, f));
                    }
                }
                t0 += s.templates;
                f0 += s.fillers;
            }
        }
        prompts.replaceAll((s, l) -> Seeds.shuffled(l, Seeds.stream(seed, "order/" + s.fileStem())));
    }

    /** The prompts of one part, in a seeded order. */
    public List<HarmfulPrompt> prompts(HarmfulSplit split) {
        return List.copyOf(prompts.get(split));
    }

    /** {@code n} prompts of a part, cycling through it in order when n exceeds its size. */
    public List<HarmfulPrompt> take(HarmfulSplit split, int n) {
        List<HarmfulPrompt> all = prompts.get(split);
        List<HarmfulPrompt> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(all.get(i % all.size()));
        }
        return out;
    }

    /** A seeded draw of {@code n} prompts of a part, with replacement. */
    public List<HarmfulPrompt> sample(HarmfulSplit split, int n, SplittableRandom rnd) {
        List<HarmfulPrompt> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Seeds.pick(prompts.get(split), rnd));
        }
        return out;
    }
}
