package dev.safeflow.app;

import dev.safeflow.app.demo.DemoPlan;
import dev.safeflow.app.demo.DemoRun;
import dev.safeflow.testbed.world.WorldConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"The whole pipeline on the embedded platform. Two sources, one of which turns",
        "poisonous, go through ingest, the auditor, the SAP trainer (on the bundled model",
        "organism) and the evaluator with its gate; then an unprotected SFT baseline",
        "trains on the same raw stream. Prints a live status line and a summary and",
        "writes report.html. Measured on 2 cores: about 3 minutes, --quick about 1.",
        "docs/demo.md explains the figures."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "A smaller run (about 1 minute on 2 cores).")
    boolean quick;

    @Option(names = "--keep-running", description = "Leave the broker and dashboard up after the summary, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--work-dir", defaultValue = "data/demo", description = "Data directory, emptied at start if empty or made by safeflow (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--model", defaultValue = "models/safeflow-organism-v1", description = "Model organism directory (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--dashboard-port", defaultValue = "8088", description = "Dashboard port; a taken one falls back to a free one (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Override
    public Integer call() throws Exception {
        // Services log every step at INFO; in the demo the status line says it, and warnings still show.
        System.setProperty("org.slf4j.simpleLogger.log.dev.safeflow", "warn");
        // The run sends the services' own prints to its log; the console keeps the status line and the summary.
        PrintStream console = System.out;
        DemoRun demo = new DemoRun(new DemoRun.Options(workDir, model, quick ? DemoPlan.quick() : DemoPlan.full(),
            dashboardPort, WorldConfig.DEFAULT_SEED), console);
        Thread hook = new Thread(demo::close, "safeflow-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoRun.Result result = demo.run();
            console.println();
            console.println(result.summary());
            console.println("report: " + result.report() + "; services' log: " + workDir.resolve("services.log"));
            if (keepRunning) {
                console.println("dashboard still at " + demo.dashboardUrl() + "; Ctrl-C stops it.");
                new CountDownLatch(1).await();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserErrors.UserException("demo failed: " + e.getMessage());
        } finally {
            if (!keepRunning) {
                demo.close();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }
}
