package dev.safeflow.trainer.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.TinyModel;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.data.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnerStateTest {

    /**
     * Resuming mid-way through a reused direction must reuse the saved ĝ, not recompute it at the new θ; with
     * probe-every 4 too, the saved v is the one held until the next refresh.
     */
    @Test
    void restoredLearnerContinuesBitForBitEvenBetweenDirectionRecomputations(@TempDir Path dir) throws Exception {
        TrainingConfig c = TinyModel.config(TrainingMethod.SAP).withSap(TinyModel.config(TrainingMethod.SAP).sap().with(0.1, 0.05)
                .withVariant(dev.safeflow.trainer.SapConfig.Variant.REFERENCE, 4));
        resumesBitForBit(c, dir.resolve("direction"));
        resumesBitForBit(c.withSap(c.sap().withProbeEvery(4)), dir.resolve("probe"));
    }

    private static void resumesBitForBit(TrainingConfig c, Path dir) throws Exception {
        float[] uninterrupted;
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, c, TinyModel.contrastive(tok, c))) {
            List<Batch> task = TinyModel.batches(tok, 3);
            for (int s = 0; s < 6; s++) {
                l.step(List.of(task.get(s % 2)));
                if (s == 2) {
                    Files.createDirectories(dir);
                    LearnerState.save(l, dir, "tiny");
                }
            }
            uninterrupted = SapExactnessTest.flat(l.theta());
        }
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, c, TinyModel.contrastive(tok, c))) {
            LearnerState.load(l, dir, 3);
            List<Batch> task = TinyModel.batches(tok, 3);
            for (int s = 3; s < 6; s++) {
                l.step(List.of(task.get(s % 2)));
            }
            assertArrayEquals(uninterrupted, SapExactnessTest.flat(l.theta()));
        }
    }
}
