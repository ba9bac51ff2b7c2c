package dev.safeflow.trainer.step;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.safeflow.model.Djl;
import dev.safeflow.model.Probes;
import dev.safeflow.model.lora.DropoutMasks;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.trainer.SapConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.AdamW;
import dev.safeflow.trainer.optim.LrSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a training step changes: the LoRA tensors θ, the SAP probes v, their two AdamW
 * optimizers, the step count and SAP's cached harmful direction ĝ. The step itself is a
 * {@link TrainStep}; {@link #step} reads batch → loss → backward → step → close, with every array of
 * the step in a sub-manager and an {@link NDScope} that are closed when it returns.
 */
public final class Learner implements AutoCloseable {

    final TrainingConfig config;
    final LlamaModel model;
    final LoraAdapter lora;
    final Probes probes; // null under SFT
    final AdamW thetaOptimizer;
    final AdamW probeOptimizer; // null under SFT
    final ContrastiveBatches contrastive; // null under SFT
    final Float64ProbeGradient float64Probe; // null unless trainer.sap.probe-precision is float64
    private final NDManager manager;
    private final TrainStep stepFn;
    private final NDManager directionManager;
    private List<NDArray> direction; // ĝ, one tensor per θ tensor; null until first computed
    private double directionLog10Norm = Double.NaN; // log₁₀ ‖∇_θ L_c‖ of the cached ĝ
    private long steps;
    private long scheduleLength; // 0: the configured trainer.total-steps
    private final PoisonFilter filter; // null unless trainer.filter.enabled
    private List<FilteredExample> filtered = List.of();

    public Learner(LlamaModel model, TrainingConfig config, ContrastiveBatches contrastive) {
        this.config = config;
        this.model = model;
        this.manager = model.manager().newSubManager();
        this.directionManager = manager.newSubManager();
        this.lora = LoraAdapter.init(model, config.lora(), config.seed());
        var o = config.optimizer();
        this.thetaOptimizer = new AdamW("lora", lora.namedParameters(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(),
                manager);
        if (config.isSap()) {
            if (contrastive == null) {
                throw new IllegalArgumentException("SAP needs a contrastive safety set; none was given");
            }
            int[] layers = config.sap().probeLayers().isEmpty() ? Probes.defaultLayers(model.layers().size())
                    : config.sap().probeLayers().stream().mapToInt(Integer::intValue).toArray();
            this.probes = Probes.attach(model, layers);
            var named = new java.util.LinkedHashMap<String, NDArray>();
            probes.byLayer().forEach((l, v) -> named.put("probe.layers." + l, v));
            this.probeOptimizer = new AdamW("probe", named, o.beta1(), o.beta2(), o.eps(), o.weightDecay(), manager);
            this.contrastive = contrastive;
            this.stepFn = config.sap().variant() == SapConfig.Variant.PAPER ? new SapPaperStep() : new SapReferenceStep();
            this.filter = config.filter().enabled() ? new PoisonFilter(config.filter()) : null;
            this.float64Probe = config.sap().float64Probe() ? new Float64ProbeGradient(model, lora, probes) : null;
        } else {
            this.probes = null;
            this.probeOptimizer = null;
            this.contrastive = null;
            this.stepFn = new SftStep();
            this.filter = null;
            this.float64Probe = null;
        }
    }

    /** One optimizer step over {@code task} (its micro-batches are accumulated). */
    public StepMetrics step(List<Batch> task) {
        long start = System.nanoTime();
        Passes.gradModeOff();
        seedDropout();
        var optimizer = scheduleLength > 0 ? config.optimizer().withTotalSteps(scheduleLength) : config.optimizer();
        double lr = LrSchedule.lr(optimizer, steps);
        StepMetrics.Builder metrics = new StepMetrics.Builder(steps, lr);
        filtered = List.of();
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
            stepFn.run(this, task, lr, m, metrics);
        }
        steps++;
        long tokens = task.stream().mapToLong(Batch::tokens).sum();
        return metrics.build(tokens, (System.nanoTime() - start) / 1e6);
    }

    /**
     * Seeds the engine's generator by (seed, step), so a resumed run needs no saved RNG state. Every task pass of a
     * step calls it first and so draws the same LoRA dropout masks: SAP's probe gradient is the difference of the
     * passes at θ+ρĝ and at θ, and with independent masks it would hold the difference of two masks' gradients
     * (measured with dropout 0.1: two draws of it differ by more than its own size), not θ's effect alone.
     */
    void seedDropout() {
        long seed = config.seed() * 1_000_003L + steps;
        Engine.getEngine(Djl.ENGINE).setRandomSeed((int) seed);
        DropoutMasks.reseed(seed); // LoRA dropout's masks on the CPU come from this stream, not the engine's
    }

    /**
     * ĝ for this step: recomputed every {@code direction-every} steps, else the cached one. With {@code probe-every}
     * P > 1 and no poison filter only the probe steps ask for ĝ ({@link #needsDirection}), so a probe step recomputes
     * it when a multiple of direction-every fell in (step − P, step]: the steps between would have. The rule reads
     * the step count alone, so a resumed run recomputes where an uninterrupted one does.
     */
    List<NDArray> direction(NDManager m, StepMetrics.Builder metrics) {
        int every = config.sap().directionEvery();
        int window = filter == null ? config.sap().probeEvery() : 1;
        if (direction == null || Math.floorDiv(steps, every) != Math.floorDiv(steps - window, every)) {
            Passes.Direction d = Passes.harmfulDirection(this, m);
            metrics.contrastiveLoss(d.loss());
            List<NDArray> fresh = d.unit();
            if (config.sap().variant() == SapConfig.Variant.RANDOM_DIRECTION) {
                fresh = Passes.randomLike(fresh, config.seed() * 1_000_003L + steps, m);
            }
            setDirection(fresh);
            directionLog10Norm = d.log10Norm();
        }
        metrics.direction(directionLog10Norm);
        return direction;
    }

    /**
     * Whether this step uses ĝ: every SAP step does, except one that holds the probes ({@code probe-every}) with no
     * poison filter to feed, which would use it only for the cosine it reports.
     */
    boolean needsDirection() {
        return filter != null || refreshesProbes();
    }

    /** Whether this step refreshes the probes: every step, or every {@code probe-every}-th. */
    boolean refreshesProbes() {
        return steps % config.sap().probeEvery() == 0;
    }

    /**
     * The task micro-batches this step trains on: all of them, or with the poison filter on, those the
     * filter keeps (see {@link #filtered()}).
     */
    List<Batch> filter(List<Batch> task, List<NDArray> direction, NDManager m, StepMetrics.Builder metrics) {
        if (filter == null) {
            return task;
        }
        List<FilteredExample> out = new ArrayList<>();
        List<Batch> kept = filter.apply(this, task, direction, m, out);
        filtered = List.copyOf(out);
        metrics.filtered(out.size());
        return kept;
    }

    /** The examples the poison filter left out of the last step, by their place in its micro-batches. */
    public List<FilteredExample> filtered() {
        return filtered;
    }

    PoisonFilter poisonFilter() {
        return filter;
    }

    /** Replaces the cached direction; the arrays move to this learner's direction manager. */
    void setDirection(List<NDArray> fresh) {
        if (direction != null) {
            direction.forEach(NDArray::close);
        }
        fresh.forEach(a -> {
            NDScope.unregister(a);
            a.attach(directionManager);
        });
        direction = fresh;
    }

    List<NDArray> cachedDirection() {
        return direction;
    }

    List<NDArray> theta() {
        return lora.parameters();
    }

    List<NDArray> probeParams() {
        return probes == null ? List.of() : probes.parameters();
    }

    /** Sets the cosine schedule's length when it is known only from the data (offline runs). */
    public void setScheduleLength(long totalSteps) {
        scheduleLength = totalSteps;
    }

    public long steps() {
        return steps;
    }

    /** After a rollback the step count keeps counting up, so checkpoint ids never repeat. */
    public void setStepsAfterRollback(long current) {
        steps = current;
    }

    void setSteps(long restored) {
        steps = restored;
    }

    public TrainingConfig config() {
        return config;
    }

    public LlamaModel model() {
        return model;
    }

    public LoraAdapter lora() {
        return lora;
    }

    public Probes probes() {
        return probes;
    }

    NDManager manager() {
        return manager;
    }

    AdamW thetaOptimizer() {
        return thetaOptimizer;
    }

    AdamW probeOptimizer() {
        return probeOptimizer;
    }

    double directionLog10Norm() {
        return directionLog10Norm;
    }

    void setDirectionLog10Norm(double n) {
        directionLog10Norm = n;
    }

    @Override
    public void close() {
        if (float64Probe != null) {
            float64Probe.close();
        }
        if (probes != null) {
            probes.close();
            probeOptimizer.close();
        }
        thetaOptimizer.close();
        lora.close();
        manager.close();
    }
}
