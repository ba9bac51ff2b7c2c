package dev.safeflow.auditor.fit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@link DetectionReport} as Markdown tables for people, or as JSON for machines. */
public final class ReportText {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportText() {
    }

    public static String markdown(DetectionReport r) {
        StringBuilder out = new StringBuilder();
        out.append("labels: ").append(r.labels()).append("; cascade: ").append(String.join(" -> ", r.screeners()))
            .append("; poison is the positive class\n\n");
        out.append("| slice | records | poison | precision | recall | F1 | TP | FP | FN | TN |\n|---|---|---|---|---|---|---|---|---|---|\n");
        row(out, "overall", r.overall());
        out.append("\nBy category:\n\n| category | records | poison | precision | recall | F1 | TP | FP | FN | TN |\n|---|---|---|---|---|---|---|---|---|---|\n");
        r.byCategory().forEach((k, c) -> row(out, k, c));
        out.append("\nBy language:\n\n| language | records | poison | precision | recall | F1 | TP | FP | FN | TN |\n|---|---|---|---|---|---|---|---|---|---|\n");
        r.byLanguage().forEach((k, c) -> row(out, k, c));
        out.append("\nThreshold sweep of ").append(r.screeners().get(0)).append(" alone:\n\n")
            .append("| threshold | precision | recall | F1 | FP | FN |\n|---|---|---|---|---|---|\n");
        for (DetectionReport.SweepPoint p : r.sweep()) {
            Confusion c = p.confusion();
            out.append(String.format(Locale.ROOT, "| %.1f | %.3f | %.3f | %.3f | %d | %d |%n", p.threshold(), c.precision(),
                c.recall(), c.f1(), c.fp(), c.fn()));
        }
        out.append("\nWorst errors:\n\n| kind | where | category | language | score | path | record |\n|---|---|---|---|---|---|---|\n");
        for (DetectionReport.Error e : r.worstErrors()) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.3f | %s | %s |%n", e.kind(), e.origin(), e.category(),
                e.language(), e.score(), String.join(" ", e.path()), e.text().replace("|", "\\|")));
        }
        if (r.worstErrors().isEmpty()) {
            out.append("| none | | | | | | |\n");
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Confusion c) {
        out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | %d | %d | %d | %d |%n", name, c.total(),
            c.tp() + c.fn(), c.precision(), c.recall(), c.f1(), c.tp(), c.fp(), c.fn(), c.tn()));
    }

    public static String json(DetectionReport r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("labels", r.labels());
        out.put("screeners", r.screeners());
        out.put("overall", metrics(r.overall()));
        Map<String, Object> cats = new LinkedHashMap<>();
        r.byCategory().forEach((k, c) -> cats.put(k, metrics(c)));
        out.put("byCategory", cats);
        Map<String, Object> langs = new LinkedHashMap<>();
        r.byLanguage().forEach((k, c) -> langs.put(k, metrics(c)));
        out.put("byLanguage", langs);
        out.put("sweep", r.sweep().stream().map(p -> {
            Map<String, Object> m = metrics(p.confusion());
            m.put("threshold", p.threshold());
            return m;
        }).toList());
        out.put("worstErrors", r.worstErrors());
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of plain values always serialises", e);
        }
    }

    private static Map<String, Object> metrics(Confusion c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", c.precision());
        m.put("recall", c.recall());
        m.put("f1", c.f1());
        m.put("tp", c.tp());
        m.put("fp", c.fp());
        m.put("fn", c.fn());
        m.put("tn", c.tn());
        return m;
    }
}
