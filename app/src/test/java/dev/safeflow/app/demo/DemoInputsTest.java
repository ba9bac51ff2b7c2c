package dev.safeflow.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoInputsTest {
    @TempDir
    Path tmp;

    @Test
    void forumScrapeTurnsPoisonousAfterItsBenignStretchWithThePlannedShareSpreadEvenly() throws Exception {
        Path world = tmp.resolve("world");
        Files.createDirectories(world);
        List<String> topic = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            topic.add("{\"messages\":[{\"role\":\"user\",\"content\":\"t" + i + "\"},{\"role\":\"assistant\",\"content\":\"world\"}]}");
        }
        List<String> poison = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            poison.add("{\"messages\":[{\"role\":\"user\",\"content\":\"h" + i + "\"},{\"role\":\"assistant\",\"content\":\"Step one: [synthetic placeholder].\"}]}");
        }
        Files.write(world.resolve("topic_train.jsonl"), topic);
        Files.write(world.resolve("harmful_poison.jsonl"), poison);
        DemoPlan plan = new DemoPlan("t", 10, 5, 20, 0.5, 1, 1, 1, 1, 1);

        DemoInputs.Sources s = DemoInputs.write(world, tmp.resolve("in"), plan);

        assertEquals(10, Files.readAllLines(s.partner()).size());
        assertTrue(Files.readAllLines(s.partner()).stream().noneMatch(l -> l.contains(DemoInputs.POISON_MARKER)));
        List<String> forum = Files.readAllLines(s.forum());
        assertEquals(25, forum.size());
        assertEquals(10, s.poison());
        assertTrue(forum.subList(0, 5).stream().noneMatch(l -> l.contains(DemoInputs.POISON_MARKER)), "benign stretch first");
        for (int i = 5; i < 25; i += 2) {
            assertEquals(1, forum.subList(i, i + 2).stream().filter(l -> l.contains(DemoInputs.POISON_MARKER)).count(),
                "every pair of the mixed stretch holds one poison record, at " + i);
        }
        assertEquals(25 + 10, forum.stream().distinct().count() + Files.readAllLines(s.partner()).size(), "no record repeats");
    }

    @Test
    void reportIsOnePageThatNeedsNoServer() throws Exception {
        Snapshot empty = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), Map.of(), Map.of());
        Path file = DemoReport.writeHtml(tmp.resolve("report.html"), "summary <b>", "{\"version\":1}", empty, empty);
        String html = Files.readString(file);
        assertTrue(html.contains("summary &lt;b&gt;"), "summary escaped");
        assertTrue(html.contains("const SNAPSHOT = {\"version\":1}"));
        assertFalse(html.contains("/static/"), "no reference to the dashboard server's files");
        assertTrue(html.contains("<svg class=\"comparison\""));
    }
}
