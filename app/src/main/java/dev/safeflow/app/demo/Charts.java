package dev.safeflow.app.demo;

import dev.safeflow.avro.CheckpointEvent;
import java.util.List;
import java.util.Locale;

/** Inline SVG: harmful score and utility per checkpoint step, the protected run against the unprotected baseline. */
final class Charts {
    private static final int W = 720;
    private static final int H = 300;
    private static final int PAD = 44;

    private Charts() {
    }

    static String comparison(Snapshot p, Snapshot b) {
        long maxStep = 1;
        for (Snapshot s : List.of(p, b)) {
            for (CheckpointEvent c : s.checkpoints()) {
                maxStep = Math.max(maxStep, c.getStep());
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"comparison\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\""
            + " aria-label=\"harmful score and utility per checkpoint\" font-size=\"11\" font-family=\"sans-serif\">%n", W, H, W, H));
        for (int y = 0; y <= 100; y += 25) {
            double py = yOf(y);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>%n", PAD, W - 10, py, py, PAD - 4, py + 4, y));
        }
        for (long step : new long[] {0, maxStep / 2, maxStep}) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                PAD + (W - PAD - 20) * (double) step / maxStep, H - 12, step));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">training step</text>%n", W / 2, H - 1));
        series(svg, p, "harmful", "#c0392b", "", maxStep, "protected harmful");
        series(svg, p, "utility", "#2471a3", "", maxStep, "protected utility");
        series(svg, b, "harmful", "#c0392b", "6 4", maxStep, "unprotected harmful");
        series(svg, b, "utility", "#2471a3", "6 4", maxStep, "unprotected utility");
        String[][] legend = {{"#c0392b", "", "harmful, protected (auditor + SAP)"}, {"#2471a3", "", "utility, protected"},
            {"#c0392b", "6 4", "harmful, unprotected (SFT on raw)"}, {"#2471a3", "6 4", "utility, unprotected"}};
        for (int i = 0; i < legend.length; i++) {
            int lx = PAD + 10 + (i % 2) * 300;
            int ly = 14 + (i / 2) * 14;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\""
                + " stroke-dasharray=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n", lx, lx + 24, ly - 4, ly - 4, legend[i][0],
                legend[i][1], lx + 30, ly, legend[i][2]));
        }
        return svg.append("</svg>").toString();
    }

    private static void series(StringBuilder svg, Snapshot s, String suite, String color, String dash, long maxStep, String name) {
        StringBuilder points = new StringBuilder();
        for (CheckpointEvent c : DemoReport.sorted(s)) {
            Double v = s.score(c.getCheckpointId(), suite);
            if (v == null) {
                continue;
            }
            double x = PAD + (W - PAD - 20) * (double) c.getStep() / maxStep;
            double y = yOf(v);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s, step %d: %.1f%%</title></circle>%n",
                x, y, color, name, c.getStep(), v));
        }
        if (!points.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                + " stroke-dasharray=\"%s\"/>%n", points.toString().trim(), color, dash));
        }
    }

    private static double yOf(double percent) {
        return H - 24 - (H - 24 - 40) * percent / 100.0;
    }
}
