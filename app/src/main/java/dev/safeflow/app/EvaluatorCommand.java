package dev.safeflow.app;

import dev.safeflow.evaluator.EvaluatorApp;
import dev.safeflow.evaluator.EvaluatorConfig;
import dev.safeflow.evaluator.EvaluatorPlugins;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.SafeflowTopic;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluator", mixinStandardHelpOptions = true,
    description = {"Streams model.checkpoints: verifies each checkpoint's manifest, runs the suites,",
        "publishes SafetyMetrics to safety.metrics and decisions to model.promotions",
        "(alerts on rejection), and serves promoted checkpoints at GET /promoted and its metrics at GET /metrics.",
        "Runs until Ctrl-C. Configuration keys: docs/evaluator.md."})
final class EvaluatorCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "ADDRESS",
        description = "Address of GET /promoted and /metrics (evaluator.http.host, default localhost); 0.0.0.0 for every interface.")
    String host;

    @Mixin
    ConfigOptions config;

    /** Picocli hands over the spec while building the command: every key goes into --help. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        ConfigOptions.listKeysInHelp(spec, EvaluatorConfig.spec(Wiring.evaluatorPlugins()));
    }

    @Override
    public Integer call() throws Exception {
        if (host != null) {
            config.overrides.put(EvaluatorConfig.HTTP_HOST.name(), host);
        }
        EvaluatorPlugins plugins = Wiring.evaluatorPlugins();
        Settings settings = config.load(EvaluatorConfig.spec(plugins));
        EvaluatorApp app = EvaluatorApp.start(settings, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "safeflow-evaluator-shutdown"));
        System.out.println("evaluator consuming " + PlatformConfig.catalog(settings).name(SafeflowTopic.MODEL_CHECKPOINTS)
            + (app.httpPort() < 0 ? "" : "; promoted checkpoints at http://localhost:" + app.httpPort() + "/promoted")
            + "; Ctrl-C stops it.");
        try (app) {
            app.run();
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
