package dev.safeflow.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyReportTest {

    static CellResult cell(String method, double poison, long seed, double harmful, double attacked, double topic) {
        return cell(method, poison, seed, harmful, attacked, topic, "fp");
    }

    static CellResult cell(String method, double poison, long seed, double harmful, double attacked, double topic,
            String fingerprint) {
        return new CellResult(method, poison, seed, "eval", harmful, 0, 0, 0, topic, attacked, 300, 12.5, 41, Double.NaN,
                fingerprint);
    }

    @Test
    void rowsAverageOverSeedsWithSampleStandardDeviation() {
        SafetyReport r = SafetyReport.of(List.of(cell("sft", 0.2, 1, 70, 80, 50), cell("sft", 0.2, 2, 80, 90, 60),
                cell("sft", 0.1, 1, 40, 50, 70)));
        SafetyReport.Row two = r.row("sft", 0.2);
        assertEquals(75, two.harmful().mean(), 1e-9);
        assertEquals(Math.sqrt(50), two.harmful().sd(), 1e-9);
        assertEquals(2, two.seeds());
        assertTrue(Double.isNaN(r.row("sft", 0.1).harmful().sd()), "one seed has no sd");
        assertTrue(r.toMarkdown().contains("| sft | 0.20 | 2 | 75.0 ± 7.1 | 85.0 ± 7.1 | 55.0 ± 7.1 | 13 | 41 |"),
                r.toMarkdown());
        assertTrue(r.toMarkdown().contains("| sft | 0.10 | 1 | 40.0 | 50.0 | 70.0 |"), r.toMarkdown());
    }

    @Test
    void runsWithoutAttackShowADashNotNaN() {
        SafetyReport r = SafetyReport.of(List.of(cell("sft", 0.2, 1, 70, Double.NaN, 50)));
        assertEquals(0, r.row("sft", 0.2).attacked().n());
        assertTrue(r.toMarkdown().contains("| 70.0 | – |"), r.toMarkdown());
    }

    @Test
    void csvFilesHaveOneLinePerCellAndPerRow(@TempDir Path dir) throws Exception {
        SafetyReport r = SafetyReport.of(List.of(cell("organism", 0, 1, 0, 30, 0), cell("sft", 0.2, 1, 70, 80, 50),
                cell("sft", 0.2, 2, 80, 90, 60)));
        r.writeCsv(dir);
        List<String> cells = Files.readAllLines(dir.resolve("cells.csv"));
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals(4, cells.size());
        assertEquals(3, summary.size());
        assertTrue(cells.get(0).startsWith("method,poison,seed,split,harmful"), cells.get(0));
        assertTrue(summary.get(2).startsWith("sft,0.200,2,75.000,7.071,85.000,7.071,55.000"), summary.get(2));
    }

    @Test
    void chartIsAPngWithThreePanelsOfBars(@TempDir Path dir) throws Exception {
        SafetyReport r = SafetyReport.of(List.of(cell("organism", 0, 1, 0, 30, 0), cell("sft", 0, 1, 0, 30, 90),
                cell("sft", 0.2, 1, 80, 90, 60), cell("sap-reference", 0, 1, 0, 20, 88),
                cell("sap-reference", 0.2, 1, 40, 50, 58)));
        Path png = dir.resolve("sub/chart.png");
        SafetyChart.write(r, "test chart", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1260, img.getWidth());
        // The sft bar at 20% poison in the first panel is 80% high: the pixel at half its height is its colour.
        int barX = 50 + 175 + 8 + 2;
        int y = 55 + 290 - 290 * 40 / 100;
        assertEquals(0x4e79a7, img.getRGB(barX, y) & 0xffffff, "sft bar colour at (" + barX + "," + y + ")");
        assertTrue((img.getRGB(barX, 55 + 290 - 290 * 90 / 100) & 0xffffff) != 0x4e79a7, "the bar stops at its value");
    }
}
