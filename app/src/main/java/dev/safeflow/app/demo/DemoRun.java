package dev.safeflow.app.demo;

import dev.safeflow.app.WorkDirs;
import dev.safeflow.app.dashboard.DashboardServer;
import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.EmbeddedPlatform;
import dev.safeflow.ingest.FileIngester;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import dev.safeflow.testbed.world.WorldWriter;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingMethod;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The demo, end to end: embedded platform, testbed world, auditor + SAP trainer + evaluator in this process,
 * two sources through the file ingester, then the unprotected SFT baseline on every raw record, a summary and
 * an HTML report. Every service is started through the same entry points its standalone command uses
 * ({@code AuditorApp.start}, {@code TrainingSession.open} + {@code StreamingTrainer}, {@code EvaluatorApp.start},
 * {@code FileIngester}, {@code DashboardServer.start}); this class only wires them.
 */
public final class DemoRun {
    static final String PROTECTED = "safeflow.";
    static final String BASELINE = "safeflow-baseline.";

    /** @param dashboardPort 8088 by default; taken ports fall back to a free one */
    public record Options(Path workDir, Path model, DemoPlan plan, int dashboardPort, long seed) {
    }

    /** What the run produced: the protected and baseline tallies, wall time, and where the report is. */
    public record Result(Snapshot protectedRun, Snapshot baseline, List<String> blocked, double seconds, Path report,
                         String summary) {
    }

    private final Options options;
    private final PrintStream out;
    private final List<AutoCloseable> open = new ArrayList<>();
    private DashboardServer dashboard;
    private final PrintStream console = System.out;
    private PrintStream servicesLog;
    private EmbeddedPlatform platform;

    public DemoRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the demo; leaves the platform and dashboard up until {@link #close()}. */
    public Result run() throws Exception {
        long started = System.nanoTime();
        Path work = options.workDir().toAbsolutePath();
        if (!Files.isRegularFile(options.model().resolve("config.json"))) {
            throw new IllegalArgumentException("the model organism is missing: " + options.model().toAbsolutePath()
                + " has no config.json; run from the repository root or pass --model DIR");
        }
        WorkDirs.reset(work);
        // The services print their own progress (trainer steps, checkpoints); it goes to a log, the console gets the status line.
        servicesLog = new PrintStream(Files.newOutputStream(work.resolve("services.log")), true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(servicesLog);
        out.println("starting the embedded broker and schema registry in " + work + " ...");
        platform = EmbeddedPlatform.start(work.resolve("platform"), 0, 0);
        Path world = work.resolve("world");
        WorldWriter.write(new World(WorldConfig.defaults(options.seed())), world);
        DemoInputs.Sources inputs = DemoInputs.write(world, work.resolve("input"), options.plan());
        DemoSettings prot = new DemoSettings(platform.bootstrapServers(), platform.registryUrl(), PROTECTED, work, world,
            options.model(), options.plan());
        DemoSettings base = new DemoSettings(platform.bootstrapServers(), platform.registryUrl(), BASELINE, work, world,
            options.model(), options.plan()).set(TrainerConfig.METHOD, TrainingMethod.SFT.id()).set(TrainerConfig.STOP_WHEN_CAUGHT_UP, true)
            .set(TrainerConfig.CHECKPOINT_EVERY_STEPS, options.plan().checkpointEvery() * options.plan().baselinePasses())
            .set(TrainerConfig.TOTAL_STEPS, options.plan().expectedSteps(options.plan().baselinePasses()));
        createTopics(prot.platform());
        createTopics(base.platform());
        dashboard = startDashboard(prot.platform());
        out.println("dashboard: " + dashboard.url());

        Settings ps = prot.platform();
        Topics topics = PlatformConfig.topics(ps);
        TopicTally tally = closing(new TopicTally(PlatformConfig.clientProperties(ps), topics));
        AuditorApp auditor = closing(AuditorApp.start(prot.auditor()));
        DemoService trainer = closing(DemoService.trainer(prot.trainer(), options.model()));
        DemoService evaluator = closing(DemoService.evaluator(prot.evaluator()));
        out.printf("auditor, SAP trainer and evaluator running; streaming %s (%d records) and %s (%d records, %d poison"
                + " after the first %d) at %.0f records/s each%n", DemoInputs.PARTNER, options.plan().partnerRecords(),
            DemoInputs.FORUM, options.plan().forumRecords(), inputs.poison(), options.plan().forumBenign(),
            options.plan().ratePerSource());

        Thread partner = ingest(prot.ingest(), DemoInputs.PARTNER, inputs.partner());
        Thread forum = ingest(prot.ingest(), DemoInputs.FORUM, inputs.forum());
        StatusLine status = new StatusLine(out, tally);
        int expected = options.plan().partnerRecords() + options.plan().forumRecords();
        await("the ingest of both sources", Duration.ofMinutes(10), status, () -> !partner.isAlive() && !forum.isAlive());
        await("the auditor to screen every record", Duration.ofMinutes(5), status,
            () -> tally.snapshot().raw().size() >= expected && tally.snapshot().unaudited() == 0);
        // The trainer trains a partial micro-batch after trainer.batch.timeout; give it that, then let it checkpoint.
        Thread.sleep(4_000);
        trainer.stop();
        await("the evaluator to decide on every checkpoint", Duration.ofMinutes(10), status, () -> tally.snapshot().allDecided());
        evaluator.stop();
        auditor.close();
        Snapshot protectedRun = tally.snapshot();
        List<String> blocked = dashboard.state().snapshot().blockedSources().stream()
            .filter(b -> b.blocked()).map(b -> b.source()).toList();
        status.finish();

        out.println("unprotected baseline: SFT on all " + protectedRun.raw().size() + " raw records, auditor bypassed, "
            + options.plan().baselinePasses() + " passes ...");
        Snapshot baseline = baseline(base, protectedRun, topics, status);

        double seconds = (System.nanoTime() - started) / 1e9;
        String summary = DemoReport.summary(options.plan(), protectedRun, baseline, blocked, seconds);
        Path report = DemoReport.writeHtml(work.resolve("report.html"), summary, dashboard.state().toJson(),
            protectedRun, baseline);
        return new Result(protectedRun, baseline, blocked, seconds, report, summary);
    }

    /** Copies every raw record, unscreened, to the baseline's clean stream and trains SFT on it until caught up. */
    private Snapshot baseline(DemoSettings base, Snapshot protectedRun, Topics topics, StatusLine status) throws Exception {
        Settings bs = base.platform();
        Topics baseTopics = PlatformConfig.topics(bs);
        TopicTally tally = closing(new TopicTally(PlatformConfig.clientProperties(bs), baseTopics));
        try (KafkaProducer<String, AuditedRecord> producer = new KafkaProducer<>(PlatformConfig.clientProperties(bs),
                baseTopics.clean().keySerde().serializer(), baseTopics.clean().valueSerde().serializer());
             RawReader reader = new RawReader(PlatformConfig.clientProperties(bs), topics)) {
            List<FineTuneRecord> raw = reader.readAll();
            for (int pass = 0; pass < options.plan().baselinePasses(); pass++) {
                List<FineTuneRecord> order = new ArrayList<>(raw);
                java.util.Collections.shuffle(order, new java.util.Random(options.seed() + pass));
                for (FineTuneRecord r : order) {
                    producer.send(new ProducerRecord<>(baseTopics.clean().name(), r.getId(), AuditedRecord.newBuilder()
                        .setRecord(r).setVerdict(Verdict.CLEAN).setAuditorVersion("bypassed")
                        .setAuditedAt(java.time.Instant.now()).build()));
                }
            }
        }
        DemoService evaluator = closing(DemoService.evaluator(base.evaluator()));
        DemoService trainer = closing(DemoService.trainer(base.trainer(), options.model()));
        StatusLine baseStatus = new StatusLine(out, tally);
        await("the baseline trainer to train on every record", Duration.ofMinutes(10), baseStatus, () -> !trainer.alive());
        trainer.stop();
        await("the evaluator to decide on every baseline checkpoint", Duration.ofMinutes(10), baseStatus,
            () -> tally.snapshot().allDecided());
        evaluator.stop();
        baseStatus.finish();
        return tally.snapshot();
    }

    private Thread ingest(Settings s, String source, Path file) {
        Thread t = new Thread(() -> {
            FileIngester.Options o = FileIngester.Options.from(s, source, "demo", "messages", options.plan().ratePerSource(), true);
            try (FileIngester ingester = new FileIngester(PlatformConfig.clientProperties(s), PlatformConfig.topics(s), o)) {
                ingester.ingest(file.toString(), System.in, FileIngester.Listener.NONE);
            } catch (Exception e) {
                out.println("safeflow demo: ingest of " + source + " failed: " + e.getMessage());
            }
        }, "safeflow-demo-ingest-" + source);
        t.start();
        return t;
    }

    private void await(String what, Duration limit, StatusLine status, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo gave up waiting for " + what + " after " + limit.toMinutes()
                    + " minutes; see " + options.workDir() + " for the services' data");
            }
            status.print();
            Thread.sleep(1_000);
        }
        status.print();
    }

    private DashboardServer startDashboard(Settings s) {
        try {
            return DashboardServer.start(s, options.dashboardPort());
        } catch (UncheckedIOException e) {
            out.println("port " + options.dashboardPort() + " is taken; the dashboard takes a free one");
            return DashboardServer.start(s, 0);
        }
    }

    private static void createTopics(Settings s) throws InterruptedException {
        try (Admin admin = Admin.create(PlatformConfig.clientProperties(s))) {
            TopicAdmin.createAll(admin, PlatformConfig.catalog(s));
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        open.add(c);
        return c;
    }

    /** The dashboard's URL while the run keeps it up. */
    public java.net.URI dashboardUrl() {
        return dashboard == null ? null : dashboard.url();
    }

    /** Stops everything still running, newest first, then the dashboard and the platform. */
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                out.println("safeflow demo: closing " + open.get(i).getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        open.clear();
        if (dashboard != null) {
            dashboard.close();
            dashboard = null;
        }
        if (platform != null) {
            platform.close();
            platform = null;
        }
        if (servicesLog != null) {
            System.setOut(console);
            servicesLog.close();
            servicesLog = null;
        }
    }
}
