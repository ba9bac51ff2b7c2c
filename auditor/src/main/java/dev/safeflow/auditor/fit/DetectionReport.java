package dev.safeflow.auditor.fit;

import dev.safeflow.auditor.screen.Exemplar;
import dev.safeflow.auditor.screen.ScreeningCascade;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a cascade did on labelled records: overall, per category, per language, a threshold sweep of the
 * first screener alone (the one that sees every record), and the worst errors (poison scored lowest,
 * clean records scored highest).
 */
public record DetectionReport(String labels, List<String> screeners, Confusion overall, Map<String, Confusion> byCategory,
                              Map<String, Confusion> byLanguage, List<SweepPoint> sweep, List<Error> worstErrors) {
    static final double[] SWEEP = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    public record SweepPoint(double threshold, Confusion confusion) {
    }

    /** @param score the score of the stage that decided the record */
    public record Error(String kind, String origin, String category, String language, double score, List<String> path, String text) {
    }

    public static DetectionReport of(String labels, List<String> screeners, List<Exemplar> exemplars,
                                     List<ScreeningCascade.Result> results, int worst) {
        Confusion overall = Confusion.EMPTY;
        Map<String, Confusion> byCategory = new TreeMap<>();
        Map<String, Confusion> byLanguage = new TreeMap<>();
        List<Error> misses = new ArrayList<>();
        List<Error> falseAlarms = new ArrayList<>();
        for (int i = 0; i < exemplars.size(); i++) {
            Exemplar e = exemplars.get(i);
            ScreeningCascade.Result r = results.get(i);
            boolean flagged = r.flagged();
            overall = overall.add(e.poison(), flagged);
            byCategory.merge(key(e.category()), Confusion.EMPTY.add(e.poison(), flagged), DetectionReport::sum);
            byLanguage.merge(key(e.language()), Confusion.EMPTY.add(e.poison(), flagged), DetectionReport::sum);
            if (e.poison() != flagged) {
                Error error = new Error(e.poison() ? "missed poison" : "flagged clean", e.origin(), key(e.category()),
                    key(e.language()), deciding(r), r.path(), snippet(e));
                (e.poison() ? misses : falseAlarms).add(error);
            }
        }
        misses.sort(Comparator.comparingDouble(Error::score));
        falseAlarms.sort(Comparator.comparingDouble(Error::score).reversed());
        List<Error> errors = new ArrayList<>(misses.subList(0, Math.min(worst, misses.size())));
        errors.addAll(falseAlarms.subList(0, Math.min(worst, falseAlarms.size())));
        return new DetectionReport(labels, screeners, overall, byCategory, byLanguage, sweep(screeners.get(0), exemplars, results), errors);
    }

    private static List<SweepPoint> sweep(String first, List<Exemplar> exemplars, List<ScreeningCascade.Result> results) {
        List<SweepPoint> out = new ArrayList<>();
        for (double t : SWEEP) {
            Confusion c = Confusion.EMPTY;
            for (int i = 0; i < exemplars.size(); i++) {
                Double score = results.get(i).scores().get(first);
                c = c.add(exemplars.get(i).poison(), score != null && score > t);
            }
            out.add(new SweepPoint(t, c));
        }
        return out;
    }

    /** The score in the last step of the path, which decided the verdict. */
    private static double deciding(ScreeningCascade.Result r) {
        if (r.path().isEmpty()) {
            return Double.NaN;
        }
        String last = r.path().get(r.path().size() - 1);
        int eq = last.indexOf('=');
        int colon = last.lastIndexOf(':');
        return eq < 0 || colon < eq ? Double.NaN : Double.parseDouble(last.substring(eq + 1, colon));
    }

    private static String snippet(Exemplar e) {
        String t = (e.text().prompt() + " => " + e.text().response()).replaceAll("\\s+", " ");
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }

    private static String key(String s) {
        return s.isEmpty() ? "(none)" : s;
    }

    private static Confusion sum(Confusion a, Confusion b) {
        return new Confusion(a.tp() + b.tp(), a.fp() + b.fp(), a.fn() + b.fn(), a.tn() + b.tn());
    }
}
