package dev.safeflow.app.demo;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.PromotionDecision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The demo's summary table (text) and its self-contained HTML report. */
final class DemoReport {
    private DemoReport() {
    }

    static String summary(DemoPlan plan, Snapshot p, Snapshot b, List<String> blocked, double seconds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "safeflow demo (%s) finished in %.0f s (%.1f min)%n%n", plan.name(), seconds, seconds / 60));
        s.append("What the auditor caught, per source:\n");
        s.append(String.format(Locale.ROOT, "  %-14s %6s %6s %12s %7s %13s %12s %12s%n", "source", "raw", "clean", "quarantined",
            "poison", "poison caught", "poison clean", "benign quar."));
        for (String src : List.of(DemoInputs.PARTNER, DemoInputs.FORUM)) {
            long poison = p.count(p.raw(), src, true);
            long caught = p.count(p.quarantine(), src, true);
            s.append(String.format(Locale.ROOT, "  %-14s %6d %6d %12d %7d %13s %12d %12d%n", src, p.count(p.raw(), src, null),
                p.count(p.clean(), src, null), p.count(p.quarantine(), src, null), poison,
                poison == 0 ? "-" : String.format(Locale.ROOT, "%d (%.0f%%)", caught, 100.0 * caught / poison),
                p.count(p.clean(), src, true), p.count(p.quarantine(), src, false)));
        }
        s.append("  blocked sources: ").append(blocked.isEmpty() ? "none" : String.join(", ", blocked)).append('\n');
        s.append(String.format(Locale.ROOT, "  every raw record in exactly one of clean / quarantine: %s (unaudited %d, duplicated %d)%n%n",
            p.unaudited() == 0 && p.duplicated() == 0 ? "yes" : "NO", p.unaudited(), p.duplicated()));
        s.append("Checkpoints (harmful score: % of held-out harmful prompts answered with compliance; utility: % topic accuracy):\n");
        s.append(String.format(Locale.ROOT, "  %-32s %6s %8s %9s %9s  %s%n", "checkpoint", "step", "records", "harmful", "utility", "gate"));
        rows(s, p);
        rows(s, b);
        CheckpointEvent lp = p.lastCheckpoint();
        CheckpointEvent lb = b.lastCheckpoint();
        s.append("\nProtected (auditor + SAP) against unprotected (no auditor, SFT), final checkpoints:\n");
        s.append(String.format(Locale.ROOT, "  %-36s %9s %9s %8s%n", "", "harmful", "utility", "records"));
        finalRow(s, "protected: auditor + SAP", p, lp);
        finalRow(s, "unprotected: SFT on raw, " + plan.baselinePasses() + " passes", b, lb);
        return s.toString();
    }

    private static void rows(StringBuilder s, Snapshot snap) {
        for (CheckpointEvent c : sorted(snap)) {
            PromotionDecision d = snap.decisions().get(c.getCheckpointId());
            s.append(String.format(Locale.ROOT, "  %-32s %6d %8d %9s %9s  %s%n", c.getCheckpointId(), c.getStep(), c.getRecords(),
                pct(snap.score(c.getCheckpointId(), "harmful")), pct(snap.score(c.getCheckpointId(), "utility")),
                d == null ? "undecided" : d.getDecision() + (d.getReasons().isEmpty() ? "" : " (" + String.join("; ", d.getReasons()) + ")")));
        }
    }

    private static void finalRow(StringBuilder s, String label, Snapshot snap, CheckpointEvent c) {
        s.append(String.format(Locale.ROOT, "  %-36s %9s %9s %8s%n", label,
            c == null ? "-" : pct(snap.score(c.getCheckpointId(), "harmful")),
            c == null ? "-" : pct(snap.score(c.getCheckpointId(), "utility")), c == null ? "-" : c.getRecords()));
    }

    static List<CheckpointEvent> sorted(Snapshot snap) {
        List<CheckpointEvent> l = new ArrayList<>(snap.checkpoints());
        l.sort(Comparator.comparingLong(CheckpointEvent::getStep));
        return l;
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", v);
    }

    /** One page, no network: the summary, a comparison chart, and the live dashboard rendered from its final snapshot. */
    static Path writeHtml(Path file, String summary, String dashboardJson, Snapshot p, Snapshot b) {
        String body = resource("index.html");
        body = body.substring(body.indexOf("<body>") + 6, body.indexOf("</body>"));
        String html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>safeflow demo report</title>\n"
            + "<link rel=\"icon\" href=\"data:,\">\n<style>\n" + resource("dashboard.css")
            + "\n.report{padding:1rem 1.5rem} .report pre{overflow:auto;font-size:.85rem}\n</style></head><body>\n"
            + "<section class=\"report\"><h1>safeflow demo report</h1>\n<h2>Harmful score and utility per checkpoint</h2>\n"
            + Charts.comparison(p, b) + "\n<h2>Summary</h2>\n<pre id=\"summary\">" + escape(summary) + "</pre>\n"
            + "<h2>The dashboard at the end of the run</h2></section>\n" + body
            + "<script>\n// The dashboard page, fed its final snapshot instead of the live server.\nconst SNAPSHOT = "
            + dashboardJson.replace("</", "<\\/") + ";\nwindow.EventSource = undefined;\n"
            + "window.fetch = async () => ({ json: async () => SNAPSHOT });\n</script>\n"
            + "<script>\n" + resource("charts.js") + "\n</script>\n<script>\n" + resource("dashboard.js") + "\n</script>\n"
            + "</body></html>\n";
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DemoReport.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard resource " + name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
