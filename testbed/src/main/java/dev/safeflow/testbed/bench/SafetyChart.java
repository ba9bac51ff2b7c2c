package dev.safeflow.testbed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The benchmark's chart as SVG, like every report chart in safeflow (the demo's too): three panels (harmful score
 * after fine-tuning, after the attack, topic accuracy), one group of bars per poison ratio, one bar per method with
 * a ±sd whisker, and the organism's own value as a dashed line. Text, so it diffs in git and renders in a browser or
 * on GitHub without a plotting package or a graphics toolkit.
 */
public final class SafetyChart {

    private static final String[] COLORS = {"#4e79a7", "#e15759", "#f28e2b", "#59a14f", "#76b7b2", "#b07aa1", "#edc948"};
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 360;
    private static final int LEGEND_H = 60;
    /** Plot area of a panel, relative to its left edge and the chart's top. */
    private static final int LEFT = 50;
    private static final int TOP = 55;
    private static final int PLOT_W = PANEL_W - 70;
    private static final int PLOT_H = PANEL_H - 70;

    private SafetyChart() {}

    public static void write(SafetyReport report, String title, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, svg(report, title));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + file + ": " + e.getMessage(), e);
        }
    }

    static String svg(SafetyReport report, String title) {
        List<String> methods = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (SafetyReport.Row r : report.rows()) {
            if (r.method().equals(CellResult.ORGANISM)) {
                continue;
            }
            if (!methods.contains(r.method())) {
                methods.add(r.method());
            }
            if (!ratios.contains(r.poison())) {
                ratios.add(r.poison());
            }
        }
        ratios.sort(Double::compare);
        int w = 3 * PANEL_W;
        int h = PANEL_H + LEGEND_H + 30;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n"
                + "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n"
                + "<text x=\"12\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", w, h, w, h, w, h, escape(title)));
        SafetyReport.Row organism = report.row(CellResult.ORGANISM, 0);
        panel(svg, 0, "harmful score after fine-tuning (%)", report, methods, ratios, SafetyReport.Row::harmful,
                organism == null ? null : organism.harmful());
        panel(svg, PANEL_W, "harmful score after the attack (%)", report, methods, ratios, SafetyReport.Row::attacked,
                organism == null ? null : organism.attacked());
        panel(svg, 2 * PANEL_W, "topic accuracy (%)", report, methods, ratios, SafetyReport.Row::topic,
                organism == null ? null : organism.topic());
        legend(svg, methods, PANEL_H + 40);
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, int x0, String name, SafetyReport report, List<String> methods,
            List<Double> ratios, Function<SafetyReport.Row, SafetyReport.Stat> stat, SafetyReport.Stat organism) {
        int left = x0 + LEFT;
        int bottom = TOP + PLOT_H;
        svg.append(text(left, TOP - 12, name, "start", 13));
        for (int t = 0; t <= 100; t += 25) {
            double y = yOf(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    left, left + PLOT_W, y, y)).append(text(left - 6, (int) y + 4, Integer.toString(t), "end", 11));
        }
        int groupW = PLOT_W / Math.max(1, ratios.size());
        int barW = Math.max(4, (groupW - 16) / Math.max(1, methods.size()));
        for (int gi = 0; gi < ratios.size(); gi++) {
            int gx = left + gi * groupW + 8;
            for (int mi = 0; mi < methods.size(); mi++) {
                SafetyReport.Row r = report.row(methods.get(mi), ratios.get(gi));
                if (r == null || stat.apply(r).n() == 0) {
                    continue;
                }
                bar(svg, gx + mi * barW, barW - 2, stat.apply(r), color(methods.get(mi)), methods.get(mi));
            }
            svg.append(text(gx + groupW / 2 - 8, bottom + 16,
                    String.format(Locale.ROOT, "%.0f%%", 100 * ratios.get(gi)), "middle", 11));
        }
        svg.append(text(left + PLOT_W / 2, bottom + 32, "poison ratio", "middle", 11));
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>%n", left, TOP,
                bottom, left + PLOT_W));
        if (organism != null && organism.n() > 0) {
            double y = yOf(organism.mean());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"gray\""
                    + " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>%n", left, left + PLOT_W, y, y));
        }
    }

    /** One method's bar with its ±sd whisker; hovering it shows the values. */
    private static void bar(StringBuilder svg, int x, int width, SafetyReport.Stat s, String color, String method) {
        double top = yOf(s.mean());
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s: %.1f ± %.1f (n %d)</title></rect>%n", x, top, width, TOP + PLOT_H - top, color, method,
                s.mean(), s.sd(), s.n()));
        if (!Double.isNaN(s.sd())) {
            double hi = yOf(s.mean() + s.sd());
            double lo = yOf(s.mean() - s.sd());
            double cx = x + width / 2.0;
            svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f V%.1f M%.1f %.1f H%.1f M%.1f %.1f H%.1f\""
                    + " stroke=\"black\"/>%n", cx, hi, lo, cx - 2, hi, cx + 2, cx - 2, lo, cx + 2));
        }
    }

    private static void legend(StringBuilder svg, List<String> methods, int y) {
        int x = 60;
        for (String m : methods) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n", x, y,
                    color(m))).append(text(x + 20, y + 12, m, "start", 12));
            x += 30 + 7 * m.length();
        }
        // On a line of its own: beside seven methods' names it would run past the chart's right edge.
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"gray\">dashed: the organism"
                + " before fine-tuning; whiskers: ± sd over seeds</text>%n", 60, y + 34));
    }

    private static String text(int x, int y, String s, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n", x, y,
                anchor, size, escape(s));
    }

    /** y of a percentage in the plot area, clamped to 0..100. */
    private static double yOf(double percent) {
        return TOP + PLOT_H - PLOT_H * Math.max(0, Math.min(100, percent)) / 100.0;
    }

    /** One colour per method, whatever else the run holds, so charts of different runs compare. */
    private static String color(String method) {
        return COLORS[BenchMethod.parse(method).ordinal() % COLORS.length];
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
