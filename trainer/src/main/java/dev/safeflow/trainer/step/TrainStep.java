package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDManager;
import dev.safeflow.trainer.data.Batch;
import java.util.List;

/** One optimizer step of a method; every array it creates belongs to {@code m}. */
interface TrainStep {
    void run(Learner learner, List<Batch> task, double lr, NDManager m, StepMetrics.Builder metrics);
}
