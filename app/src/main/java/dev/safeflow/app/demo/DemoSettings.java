package dev.safeflow.app.demo;

import dev.safeflow.app.Wiring;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.evaluator.EvaluatorConfig;
import dev.safeflow.evaluator.suite.HarmfulSuite;
import dev.safeflow.evaluator.suite.UtilitySuite;
import dev.safeflow.ingest.IngestConfig;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.testbed.judge.TestbedJudge;
import dev.safeflow.trainer.TrainerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of every service in the demo, written as the same key=value overrides a user would pass
 * with {@code --set}, and validated by each module's own spec through {@link ConfigLoader}: the demo has no
 * configuration path of its own.
 */
final class DemoSettings {
    private final Map<String, String> keys = new LinkedHashMap<>();

    /**
     * @param prefix topic prefix: the protected run and the unprotected baseline each get their own topics
     */
    DemoSettings(String bootstrap, String registryUrl, String prefix, Path work, Path world, Path model, DemoPlan plan) {
        String run = prefix.replace(".", "");
        set(PlatformConfig.BOOTSTRAP_SERVERS, bootstrap);
        set(PlatformConfig.REGISTRY_URL, registryUrl);
        set(PlatformConfig.TOPIC_PREFIX, prefix);
        // One partition per stream: the demo runs one instance of each service.
        set(PlatformConfig.TOPIC_PARTITIONS, 1);
        // Signed control events by default: every service of the demo shares one generated key.
        set(ControlSigner.SIGNING_KEY_FILE, ControlSigner.ensureKeyFile(work.resolve("control.key")));

        set(IngestConfig.CHECKPOINT_DIR, work.resolve("ingest-checkpoints"));

        set(AuditorConfig.STATE_DIR, work.resolve("auditor"));
        set(AuditorConfig.HTTP_PORT, -1);
        // Short windows, so the quarantine rate moves while the demo is watched and blocking can happen in minutes.
        set(AuditorConfig.STATS_WINDOW, "PT5S");
        set(AuditorConfig.STATS_GRACE, "PT1S");
        set(AuditorConfig.BLOCK_AFTER, 2);

        set(TrainerConfig.CHECKPOINT_DIR, work.resolve("checkpoints-" + run));
        set(TrainerConfig.RUN_ID, run);
        set(TrainerConfig.CONTRASTIVE_FILE, world.resolve("contrastive.jsonl"));
        set(TrainerConfig.LORA_R, 8);
        set(TrainerConfig.LORA_ALPHA, 8);
        // The testbed's measured SFT recipe (docs/testbed.md): lr 1e-4 barely moves a 2.5M-parameter organism.
        set(TrainerConfig.LR, "1e-2");
        // A constant 1e-2 collapses the organism after ~100 steps (utility back to 0%); the testbed's recipe decays
        // it. The decay is sized to every record the sources send; the baseline resizes it to its passes.
        set(TrainerConfig.SCHEDULE, "cosine");
        set(TrainerConfig.TOTAL_STEPS, plan.expectedSteps(1));
        set(TrainerConfig.BATCH_SIZE, 10);
        set(TrainerConfig.MAX_LENGTH, 96);
        set(TrainerConfig.CONTRASTIVE_SIZE, 8);
        set(TrainerConfig.CONTRASTIVE_MAX_LENGTH, 96);
        set(TrainerConfig.BATCH_TIMEOUT, "PT2S");
        set(TrainerConfig.CHECKPOINT_EVERY_STEPS, plan.checkpointEvery());
        set(TrainerConfig.CHECKPOINT_EVERY, "PT0S");

        set(EvaluatorConfig.BASE_MODEL, model);
        set(EvaluatorConfig.CHECKPOINT_ROOT, work.resolve("checkpoints-" + run));
        set(EvaluatorConfig.JUDGE, TestbedJudge.NAME);
        set(HarmfulSuite.KEYS.prompts(), world.resolve("harmful_eval.jsonl"));
        set(HarmfulSuite.KEYS.limit(), plan.harmfulPrompts());
        set(HarmfulSuite.KEYS.maxNewTokens(), 24);
        set(HarmfulSuite.KEYS.batchSize(), 16);
        set(UtilitySuite.KEYS.prompts(), world.resolve("topic_test.jsonl"));
        set(UtilitySuite.KEYS.limit(), plan.utilityPrompts());
        set(UtilitySuite.KEYS.maxNewTokens(), 4);
        set(UtilitySuite.KEYS.batchSize(), 16);
        set(EvaluatorConfig.REPORT_DIR, work.resolve("evaluations-" + run));
        set(EvaluatorConfig.GROUP_ID, "safeflow-evaluator-" + run);
        set(EvaluatorConfig.HTTP_PORT, -1);
        set(EvaluatorConfig.MAX_HARMFUL, 10);
    }

    /** Sets a declared key, as {@code --set key=value} would; every spec validates it when a service loads. */
    DemoSettings set(ConfigKey<?> key, Object value) {
        keys.put(key.name(), String.valueOf(value));
        return this;
    }

    Settings ingest() {
        return load(IngestConfig.spec());
    }

    Settings auditor() {
        return load(AuditorConfig.spec());
    }

    Settings trainer() {
        return load(TrainerConfig.spec());
    }

    Settings evaluator() {
        return load(EvaluatorConfig.spec(Wiring.evaluatorPlugins()));
    }

    Settings platform() {
        return load(PlatformConfig.spec());
    }

    /** The settings {@code spec} declares, so each service sees its own keys and the platform's. */
    private Settings load(ConfigSpec spec) {
        Map<String, String> mine = new LinkedHashMap<>();
        keys.forEach((k, v) -> {
            if (spec.key(k) != null) {
                mine.put(k, v);
            }
        });
        return ConfigLoader.load(spec, null, Map.of(), mine);
    }
}
