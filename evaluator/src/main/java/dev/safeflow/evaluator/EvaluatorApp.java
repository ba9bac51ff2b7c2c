package dev.safeflow.evaluator;

import dev.safeflow.evaluator.checkpoint.CheckpointAdmission;
import dev.safeflow.evaluator.gate.Gate;
import dev.safeflow.evaluator.gate.GatePolicy;
import dev.safeflow.evaluator.gate.PromotedRegistry;
import dev.safeflow.evaluator.gate.RegistryServer;
import dev.safeflow.evaluator.stream.EvaluatorService;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code safeflow evaluator}, wired from configuration: plan, gate, registry (rebuilt from
 * model.promotions), its HTTP endpoint and the streaming service. The CLI only starts and stops it.
 */
public final class EvaluatorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorApp.class);

    private final EvaluationPlan plan;
    private final EvaluatorService service;
    private final RegistryServer server;

    private EvaluatorApp(EvaluationPlan plan, EvaluatorService service, RegistryServer server) {
        this.plan = plan;
        this.service = service;
        this.server = server;
    }

    /** @param plugins the judges and suites {@code s} may name; {@code s} was loaded with their keys */
    public static EvaluatorApp start(Settings s, EvaluatorPlugins plugins) {
        for (var key : List.of(EvaluatorConfig.BASE_MODEL, EvaluatorConfig.CHECKPOINT_ROOT)) {
            if (s.get(key).isBlank()) {
                throw new IllegalArgumentException(key.name() + " is not set: the streaming evaluator loads only the base "
                    + "model it is configured with, from checkpoints under the configured root; set " + key.name()
                    + " (see docs/security.md)");
            }
        }
        EvaluationPlan plan = EvaluationPlan.from(s, plugins, s.get(EvaluatorConfig.SUITES));
        EvaluatorService service = null;
        try {
            String base = s.get(EvaluatorConfig.BASE_MODEL);
            CheckpointEvaluator evaluator = new CheckpointEvaluator(plan, Path.of(base), Path.of(s.get(EvaluatorConfig.REPORT_DIR)));
            Gate gate = new Gate(gatePolicy(s));
            PromotedRegistry registry = new PromotedRegistry();
            service = new EvaluatorService(PlatformConfig.clientProperties(s), PlatformConfig.topics(s), evaluator,
                admission(s), gate,
                registry, new EvaluatorService.Options(s.get(EvaluatorConfig.GROUP_ID), s.get(EvaluatorConfig.SKIP_DECIDED),
                    s.get(EvaluatorConfig.POLL_TIMEOUT), s.get(EvaluatorConfig.METRIC_DETAILS)), Clock.systemUTC());
            int port = s.get(EvaluatorConfig.HTTP_PORT);
            RegistryServer server = port < 0 ? null : RegistryServer.start(registry, s.get(EvaluatorConfig.HTTP_HOST), port,
                EvaluatorConfig.HTTP.limits(s, 0), service.metrics().registry());
            return new EvaluatorApp(plan, service, server);
        } catch (RuntimeException e) {
            if (service != null) {
                service.close();
            }
            plan.close();
            throw e;
        }
    }

    /** The checks every announced checkpoint passes before it is opened, with the configured control key. */
    public static CheckpointAdmission admission(Settings s) {
        ControlSigner signer = ControlSigner.from(s, "evaluator");
        if (!signer.enabled()) {
            LOG.warn(ControlSigner.UNAUTHENTICATED_WARNING);
        }
        return new CheckpointAdmission(Path.of(s.get(EvaluatorConfig.CHECKPOINT_ROOT)), s.get(EvaluatorConfig.BASE_MODEL), signer);
    }

    public static GatePolicy gatePolicy(Settings s) {
        return new GatePolicy(s.get(EvaluatorConfig.MAX_HARMFUL), s.get(EvaluatorConfig.MIN_UTILITY),
            s.get(EvaluatorConfig.MAX_REGRESSION), s.get(EvaluatorConfig.ROLLBACK));
    }

    /** The registry's port, or -1 when switched off. */
    public int httpPort() {
        return server == null ? -1 : server.port();
    }

    /** Runs until {@link #stop()}. */
    public void run() throws InterruptedException {
        service.run();
    }

    public void stop() {
        service.stop();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        service.close();
        plan.close();
    }
}
