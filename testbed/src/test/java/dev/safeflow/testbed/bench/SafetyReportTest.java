package dev.safeflow.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
    void chartIsAnSvgWithThreePanelsOfBarsAtTheirValues(@TempDir Path dir) throws Exception {
        SafetyReport r = SafetyReport.of(List.of(cell("organism", 0, 1, 0, 30, 0), cell("sft", 0, 1, 0, 30, 90),
                cell("sft", 0.2, 1, 80, 90, 60), cell("sap-reference", 0, 1, 0, 20, 88),
                cell("sap-reference", 0.2, 1, 40, 50, 58)));
        Path file = dir.resolve("sub/chart.svg");
        SafetyChart.write(r, "test chart <quick>", file);

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertEquals("1260", svg.getDocumentElement().getAttribute("width"));
        List<Element> sftBars = new ArrayList<>();
        NodeList rects = svg.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element e = (Element) rects.item(i);
            if (e.getTextContent().startsWith("sft: ")) {
                sftBars.add(e);
            }
        }
        assertEquals(6, sftBars.size(), "two poison ratios in each of three panels");
        // The first panel's bar at 20% poison is the harmful score, 80% of the 290-pixel plot, in sft's colour.
        Element harmful = sftBars.get(1);
        assertEquals("sft: 80.0 ± NaN (n 1)", harmful.getTextContent());
        assertEquals(232.0, Double.parseDouble(harmful.getAttribute("height")), 1e-9);
        assertEquals("#4e79a7", harmful.getAttribute("fill"));
    }
}
