package dev.safeflow.auditor.tools;

import dev.safeflow.auditor.screen.EmbeddingModels;
import dev.safeflow.auditor.screen.EmbeddingScreener;
import dev.safeflow.auditor.screen.Exemplar;
import dev.safeflow.auditor.screen.RuleSet;
import dev.safeflow.auditor.screen.RulesScreener;
import dev.safeflow.auditor.screen.Screener;
import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.avro.FineTuneRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision and recall of each screener and of the cascade on the held-out exemplars, which the
 * embedding classifier never trains on. Prints a Markdown table for docs/auditor.md.
 *
 * <p>Run: {@code java -cp <auditor classpath> dev.safeflow.auditor.tools.DetectionQuality [threshold [model]]}
 */
public final class DetectionQuality {
    private DetectionQuality() {
    }

    /** Confusion counts, with harmful as the positive class. */
    public record Score(String screener, int tp, int fp, int fn, int tn, Map<String, int[]> recallByCategory) {
        public double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public static Score evaluate(String name, ScreeningCascade cascade, List<Exemplar> heldOut) {
        List<FineTuneRecord> records = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            records.add(heldOut.get(i).toRecord("heldout-" + i, "eval"));
        }
        List<ScreeningCascade.Result> results = cascade.screen(records);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        Map<String, int[]> byCategory = new TreeMap<>();
        for (int i = 0; i < heldOut.size(); i++) {
            Exemplar e = heldOut.get(i);
            boolean flagged = results.get(i).flagged();
            if (e.harmful()) {
                int[] hitsOfTotal = byCategory.computeIfAbsent(e.category(), c -> new int[2]);
                hitsOfTotal[1]++;
                if (flagged) {
                    tp++;
                    hitsOfTotal[0]++;
                } else {
                    fn++;
                }
            } else if (flagged) {
                fp++;
            } else {
                tn++;
            }
        }
        return new Score(name, tp, fp, fn, tn, byCategory);
    }

    public static void main(String[] args) {
        double threshold = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        String model = args.length > 1 ? args[1] : EmbeddingModels.FULL;
        List<Exemplar> seed = Exemplar.resource(Exemplar.SEED_SET);
        List<Exemplar> heldOut = Exemplar.resource(Exemplar.HELD_OUT_SET);
        long t0 = System.nanoTime();
        try (EmbeddingScreener embedding = EmbeddingScreener.train(seed, threshold, Runtime.getRuntime().availableProcessors(), model)) {
            System.out.printf(Locale.ROOT, "%s trained on %d seed exemplars in %.1f s; held-out set: %d (%d harmful)%n",
                model, seed.size(), (System.nanoTime() - t0) / 1e9, heldOut.size(), heldOut.stream().filter(Exemplar::harmful).count());
            Screener rules = new RulesScreener(RuleSet.defaults(), 0.5);
            List<Score> scores = List.of(
                evaluate("rules", new ScreeningCascade(List.of(rules)), heldOut),
                evaluate("embedding (t=" + threshold + ")", new ScreeningCascade(List.of(embedding)), heldOut),
                evaluate("cascade rules → embedding", new ScreeningCascade(List.of(rules, embedding)), heldOut));
            System.out.println();
            System.out.println("| screener | precision | recall | F1 | TP | FP | FN | TN |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Score s : scores) {
                System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d | %d | %d | %d |%n",
                    s.screener(), s.precision(), s.recall(), s.f1(), s.tp(), s.fp(), s.fn(), s.tn());
            }
            System.out.println();
            System.out.println("Recall by category (harmful caught / harmful):");
            System.out.println("| category | " + String.join(" | ", scores.stream().map(Score::screener).toList()) + " |");
            System.out.println("|---|---|---|---|");
            for (String category : scores.get(0).recallByCategory().keySet()) {
                StringBuilder row = new StringBuilder("| " + category + " |");
                for (Score s : scores) {
                    int[] c = s.recallByCategory().get(category);
                    row.append(' ').append(c[0]).append('/').append(c[1]).append(" |");
                }
                System.out.println(row);
            }
        }
    }
}
