package dev.safeflow.trainer.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.SapConfig;
import dev.safeflow.trainer.TinyModel;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.data.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Native memory stays flat only if no array outlives its step; `safeflow bench model` reports the peak resident size. */
class StepMemoryTest {

    @Test
    void noArrayOutlivesItsStepUnderAnyMethod() {
        for (String variant : List.of("sft", "reference", "paper", "random-direction", "reference-float64")) {
            TrainingConfig c = TinyModel.config(variant.equals("sft") ? TrainingMethod.SFT : TrainingMethod.SAP);
            String v = variant.equals("sft") ? "reference" : variant.replace("-float64", "");
            c = c.withSap(c.sap().with(0.1, 0.05).withVariant(SapConfig.Variant.parse(v), 3)
                    .withProbePrecision(variant.endsWith("float64") ? SapConfig.FLOAT64 : SapConfig.FLOAT32));
            try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                    Learner l = new Learner(model, c, c.isSap() ? TinyModel.contrastive(tok, c) : null)) {
                List<Batch> task = TinyModel.batches(tok, 3);
                int warm = 0;
                for (int s = 0; s < 200; s++) {
                    l.step(List.of(task.get(s % 2)));
                    if (s == 9) {
                        warm = root.getManagedArrays().size();
                    }
                }
                assertEquals(warm, root.getManagedArrays().size(), variant + ": arrays alive after 10 and 200 steps");
            }
        }
    }
}
