package dev.safeflow.testbed.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * The benchmark's PNG: three panels (harmful score after fine-tuning, after the attack, topic
 * accuracy), one group of bars per poison ratio, one bar per method with a ±sd whisker, and the
 * organism's own value as a dashed line. Drawn with Java2D so no plotting package is needed.
 */
public final class SafetyChart {

    private static final Color[] COLORS = {new Color(0x4e79a7), new Color(0xe15759), new Color(0xf28e2b),
        new Color(0x59a14f), new Color(0x76b7b2), new Color(0xb07aa1)};
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 360;
    private static final int LEGEND_H = 60;

    private SafetyChart() {}

    public static void write(SafetyReport report, String title, Path file) {
        System.setProperty("java.awt.headless", "true");
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
        BufferedImage img = new BufferedImage(3 * PANEL_W, PANEL_H + LEGEND_H + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 12, 20);
        SafetyReport.Row organism = report.row(CellResult.ORGANISM, 0);
        panel(g, 0, "harmful score after fine-tuning (%)", report, methods, ratios, SafetyReport.Row::harmful,
                organism == null ? null : organism.harmful());
        panel(g, PANEL_W, "harmful score after the attack (%)", report, methods, ratios, SafetyReport.Row::attacked,
                organism == null ? null : organism.attacked());
        panel(g, 2 * PANEL_W, "topic accuracy (%)", report, methods, ratios, SafetyReport.Row::topic,
                organism == null ? null : organism.topic());
        legend(g, methods, PANEL_H + 40);
        g.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + file + ": " + e.getMessage(), e);
        }
    }

    private static void panel(Graphics2D g, int x0, String name, SafetyReport report, List<String> methods,
            List<Double> ratios, Function<SafetyReport.Row, SafetyReport.Stat> stat, SafetyReport.Stat organism) {
        int left = x0 + 50;
        int top = 55;
        int w = PANEL_W - 70;
        int h = PANEL_H - 70;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.BLACK);
        g.drawString(name, left, top - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int t = 0; t <= 100; t += 25) {
            int y = top + h - h * t / 100;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + w, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(t), left - 28, y + 4);
        }
        int groupW = w / Math.max(1, ratios.size());
        int barW = Math.max(4, (groupW - 16) / Math.max(1, methods.size()));
        for (int gi = 0; gi < ratios.size(); gi++) {
            int gx = left + gi * groupW + 8;
            for (int mi = 0; mi < methods.size(); mi++) {
                SafetyReport.Row r = report.row(methods.get(mi), ratios.get(gi));
                if (r == null || stat.apply(r).n() == 0) {
                    continue;
                }
                SafetyReport.Stat s = stat.apply(r);
                int bx = gx + mi * barW;
                int bh = (int) Math.round(h * clamp(s.mean()) / 100);
                g.setColor(color(methods.get(mi)));
                g.fillRect(bx, top + h - bh, barW - 2, bh);
                if (!Double.isNaN(s.sd())) {
                    g.setColor(Color.BLACK);
                    int yHi = top + h - (int) Math.round(h * clamp(s.mean() + s.sd()) / 100);
                    int yLo = top + h - (int) Math.round(h * clamp(s.mean() - s.sd()) / 100);
                    int cx = bx + (barW - 2) / 2;
                    g.drawLine(cx, yHi, cx, yLo);
                    g.drawLine(cx - 2, yHi, cx + 2, yHi);
                    g.drawLine(cx - 2, yLo, cx + 2, yLo);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.0f%%", 100 * ratios.get(gi)), gx + groupW / 2 - 16, top + h + 16);
        }
        g.drawString("poison ratio", left + w / 2 - 30, top + h + 32);
        g.setColor(Color.BLACK);
        g.drawLine(left, top + h, left + w, top + h);
        g.drawLine(left, top, left, top + h);
        if (organism != null && organism.n() > 0) {
            int y = top + h - (int) Math.round(h * clamp(organism.mean()) / 100);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(left, y, left + w, y);
            g.setStroke(new BasicStroke(1));
        }
    }

    private static void legend(Graphics2D g, List<String> methods, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = 60;
        for (int i = 0; i < methods.size(); i++) {
            g.setColor(color(methods.get(i)));
            g.fillRect(x, y, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(methods.get(i), x + 20, y + 12);
            x += 30 + g.getFontMetrics().stringWidth(methods.get(i));
        }
        g.setColor(Color.GRAY);
        g.drawString("dashed: the organism before fine-tuning; whiskers: ± sd over seeds", x + 20, y + 12);
    }

    /** One colour per method, whatever else the run holds, so charts of different runs compare. */
    private static Color color(String method) {
        return COLORS[BenchMethod.parse(method).ordinal() % COLORS.length];
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }
}
