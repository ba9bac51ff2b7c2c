package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.generate.GenerationConfig;
import dev.safeflow.model.generate.Generator;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.Gradients;
import dev.safeflow.model.nn.LlamaModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every array of a step lives in the step's manager: nothing accumulates in the model's. */
class NoLeakTest {

    @Test
    void trainingStepsAndGenerationLeaveNoArraysBehind() {
        try (NDManager root = Djl.newManager(); LlamaModel model = ModelLoader.load(Fixtures.model("llama-gqa"), root);
                LoraAdapter lora = LoraAdapter.init(model, LoraConfig.defaults(), 1);
                Probes probes = Probes.attach(model, 0)) {
            lora.setTrainable(true);
            probes.setTrainable(true);
            Generator generator = new Generator(model, 3);
            int before = root.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager step = root.newSubManager(); GradientCollector gc = Djl.engine().newGradientCollector()) {
                    NDArray ids = Fixtures.golden("llama-gqa", "tokens", step).reshape(2, 6);
                    gc.backward(model.tokenLogProbs(ids, AttentionMask.full(2, 6), true).mean());
                }
                Gradients.norm(lora.parameters());
                Gradients.zero(probes.parameters());
                generator.generate(List.of(new int[] {1, 9}, new int[] {1}), GenerationConfig.greedy(4, List.of()));
            }
            assertEquals(before, root.getManagedArrays().size());
        }
    }
}
