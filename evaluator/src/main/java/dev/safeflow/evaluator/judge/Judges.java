package dev.safeflow.evaluator.judge;

import dev.safeflow.model.ModelException;
import dev.safeflow.model.ModelRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Builds the judge named in configuration: a built-in one, or one a {@link JudgeProvider} contributes. */
public final class Judges {

    private Judges() {
    }

    /**
     * What a judge is made from.
     *
     * @param name           refusal-string, guard-model, or a provider's name (testbed)
     * @param refusalPhrases empty for {@link RefusalStringJudge#DEFAULT_PHRASES}
     * @param guardModel     directory of the guard model; only for guard-model
     * @param batchSize      prompts per guard-model forward batch
     * @param options        every {@code evaluator.judge.*} setting as text, for providers
     */
    public record Spec(String name, List<String> refusalPhrases, Path guardModel, int batchSize, Map<String, String> options) {
        public Spec {
            refusalPhrases = List.copyOf(refusalPhrases);
            options = Map.copyOf(options);
        }

        public static Spec refusalString() {
            return new Spec(RefusalStringJudge.NAME, List.of(), null, 1, Map.of());
        }
    }

    public static Judge create(Spec spec) {
        switch (spec.name()) {
            case RefusalStringJudge.NAME:
                return spec.refusalPhrases().isEmpty() ? RefusalStringJudge.withDefaults()
                    : new RefusalStringJudge(spec.refusalPhrases());
            case GuardModelJudge.NAME:
                if (spec.guardModel() == null || !Files.isDirectory(spec.guardModel())) {
                    throw new IllegalArgumentException("the guard-model judge needs a model directory, got '"
                        + spec.guardModel() + "'; set evaluator.judge.guard-model to a Llama Guard 3 style model directory");
                }
                try {
                    return new GuardModelJudge(ModelRuntime.open(spec.guardModel(), null), spec.batchSize());
                } catch (ModelException e) {
                    throw new IllegalArgumentException("cannot load the guard model in " + spec.guardModel() + " ("
                        + e.getMessage() + "); point evaluator.judge.guard-model at a Llama Guard 3 style model directory", e);
                }
            case TestbedJudgeBridge.NAME:
                return TestbedJudgeBridge.load();
            default:
                List<String> known = new ArrayList<>(List.of(RefusalStringJudge.NAME, GuardModelJudge.NAME,
                    TestbedJudgeBridge.NAME));
                for (JudgeProvider p : ServiceLoader.load(JudgeProvider.class)) {
                    if (p.name().equals(spec.name())) {
                        return p.create(spec.options());
                    }
                    known.add(p.name());
                }
                throw new IllegalArgumentException("unknown judge '" + spec.name() + "'; set evaluator.judge to one of "
                    + String.join(", ", known));
        }
    }
}
