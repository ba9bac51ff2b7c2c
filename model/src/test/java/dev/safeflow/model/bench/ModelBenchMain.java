package dev.safeflow.model.bench;

/**
 * Command-line twin of {@code safeflow bench model} for {@code scripts/bench_model.py}:
 * {@code ModelBenchMain [batch seqLen steps [threads]]}; threads default to
 * {@code -Dai.djl.pytorch.num_threads}, else one per core.
 */
public final class ModelBenchMain {

    private ModelBenchMain() {}

    public static void main(String[] args) {
        ModelBench.Config s = ModelBench.Config.small();
        ModelBench.Config c = args.length < 3 ? s : new ModelBench.Config(s.hidden(), s.layers(), s.heads(),
                s.kvHeads(), s.intermediate(), s.vocab(), Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                s.warmup(), Integer.parseInt(args[2]), s.loraRank());
        if (args.length > 3) {
            dev.safeflow.model.Djl.setThreads(Integer.parseInt(args[3]));
        }
        System.out.println(ModelBench.run(c).toText());
    }
}
