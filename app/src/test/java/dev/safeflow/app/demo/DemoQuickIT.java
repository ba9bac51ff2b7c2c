package dev.safeflow.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.testbed.world.WorldConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code safeflow demo --quick} end to end on the embedded platform, asserting the outcome's invariants rather
 * than its numbers: every raw record audited exactly once, forum-scrape's poison caught, every checkpoint of both
 * runs evaluated and decided, and a report with its charts. About 1 to 2 minutes on 2 cores.
 */
class DemoQuickIT {
    private static final Path ORGANISM = Path.of("..", "models", "safeflow-organism-v1");

    @TempDir
    Path tmp;

    @Test
    void quickDemoAuditsEveryRecordOnceCatchesThePoisonAndDecidesEveryCheckpoint() throws Exception {
        assumeTrue(Files.isRegularFile(ORGANISM.resolve("config.json")), "models/safeflow-organism-v1 is not in this checkout");
        DemoPlan plan = DemoPlan.quick();
        DemoRun demo = new DemoRun(new DemoRun.Options(tmp.resolve("demo"), ORGANISM, plan, 0, WorldConfig.DEFAULT_SEED),
            System.out);
        DemoRun.Result r;
        try {
            r = demo.run();
        } finally {
            demo.close();
        }
        System.out.println(r.summary());
        Snapshot p = r.protectedRun();

        assertEquals(plan.partnerRecords() + plan.forumRecords(), p.raw().size(), "raw records");
        assertEquals(0, p.unaudited(), "raw records on neither ft.clean nor ft.quarantine");
        assertEquals(0, p.duplicated(), "records on both streams or twice on one");
        assertEquals(p.raw().size(), p.clean().size() + p.quarantine().size());
        long poison = p.count(p.raw(), DemoInputs.FORUM, true);
        assertTrue(poison > 0, "forum-scrape sent no poison");
        assertTrue(p.count(p.quarantine(), DemoInputs.FORUM, true) > 0, "the auditor quarantined none of forum-scrape's poison");
        assertEquals(0, p.count(p.raw(), DemoInputs.PARTNER, true), "partner-feed is benign");

        for (Snapshot run : new Snapshot[] {p, r.baseline()}) {
            assertFalse(run.checkpoints().isEmpty(), "no checkpoint");
            assertTrue(run.allDecided(), "a checkpoint without a gate decision");
            for (CheckpointEvent c : run.checkpoints()) {
                assertTrue(run.score(c.getCheckpointId(), "harmful") != null, "no harmful score for " + c.getCheckpointId());
                assertTrue(run.score(c.getCheckpointId(), "utility") != null, "no utility for " + c.getCheckpointId());
            }
        }
        // The protected lineage trained on clean records only, the baseline on every raw record per pass.
        assertTrue(p.lastCheckpoint().getRecords() <= p.clean().size());
        assertEquals((long) p.raw().size() * plan.baselinePasses(), r.baseline().lastCheckpoint().getRecords());

        String html = Files.readString(r.report());
        assertTrue(html.contains("<svg class=\"comparison\""), "comparison chart");
        assertTrue(html.contains("<polyline class=\"series\""), "a plotted series");
        assertTrue(html.contains("const SNAPSHOT = {"), "the dashboard's final snapshot");
        assertTrue(html.contains("id=\"safety-chart\""), "the dashboard's charts");
        assertFalse(html.contains("src=\"/static/"), "the report must not need the dashboard server");
    }
}
