package dev.safeflow.trainer.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.Djl;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.TinyModel;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.Grads;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * DJL's {@code x.mul(2f)} makes the scalar from a Java direct buffer and closes it at once; autograd
 * keeps the tensor for backward. When GC frees the buffer between forward and backward and the memory
 * is reused, backward reads garbage. Before the scalars in Losses, Passes, LoraWeights and Attention
 * were made libtorch-owned, every churned run below differed from the clean one (20 of 20).
 */
class ScalarLifetimeTest {

    @Test
    void gradientsDoNotChangeWhenGarbageIsCollectedBetweenForwardAndBackward() throws Exception {
        TrainingConfig c = TinyModel.config(TrainingMethod.SAP);
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, c, TinyModel.contrastive(tok, c))) {
            SapExactnessTest.randomise(l.theta(), 5);
            Batch task = TinyModel.batches(tok, 3).get(0);
            Batch pairs = l.contrastive.batch(0);
            List<BiFunction<NDManager, Boolean, NDArray>> losses = List.of(
                    (m, x) -> Losses.task(l.model, task, m).mul(Losses.scalar(m, 0.5f)),
                    (m, x) -> Losses.contrastive(l.model, pairs, 2.0, m));
            for (var loss : losses) {
                float[] clean = grads(l, loss, false);
                for (int i = 0; i < 5; i++) {
                    assertArrayEquals(clean, grads(l, loss, true), "gradient changed after a GC between the passes");
                }
            }
        }
    }

    private static float[] grads(Learner l, BiFunction<NDManager, Boolean, NDArray> lossFn, boolean churn)
            throws InterruptedException {
        Passes.gradModeOff();
        l.lora.setTrainable(true);
        l.probes.setTrainable(false);
        try (NDManager m = l.manager().newSubManager()) {
            try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                NDArray loss = lossFn.apply(m, churn);
                if (churn) {
                    System.gc();
                    Thread.sleep(20);
                    List<ByteBuffer> junk = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) {
                        junk.add(ByteBuffer.allocateDirect(4).putFloat(0, 12345f));
                    }
                }
                gc.backward(loss);
            }
            return SapExactnessTest.flat(Grads.take(l.theta(), m));
        }
    }
}
