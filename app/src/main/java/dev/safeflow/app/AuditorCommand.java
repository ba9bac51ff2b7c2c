package dev.safeflow.app;

import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.auditor.SourceBlocks;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.schemas.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safeflow auditor}: runs the auditor; {@code block} / {@code unblock} decide about a source; {@code fit} / {@code evaluate} fit and measure the screeners. Wiring only. */
@Command(name = "auditor", mixinStandardHelpOptions = true,
    description = {"Screens ft.raw into ft.clean / ft.quarantine (exactly once), with per-source statistics, "
        + "alerts and blocking; serves /stats, /blocked, /reasons and /metrics over HTTP.", ""},
    subcommands = {AuditorCommand.Block.class, AuditorCommand.Unblock.class, AuditorFitCommands.Fit.class,
        AuditorFitCommands.Evaluate.class})
final class AuditorCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "ADDRESS",
        description = "Address of the HTTP endpoint (auditor.http.host, default localhost); 0.0.0.0 for every interface.")
    String host;

    @Mixin
    ConfigOptions config;

    /** Picocli hands over the spec while building the command: the place to list every key in --help. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        ConfigOptions.listKeysInHelp(spec, AuditorConfig.spec());
    }

    @Override
    public Integer call() throws Exception {
        if (host != null) {
            config.overrides.put(AuditorConfig.HTTP.host().name(), host);
        }
        Settings settings = config.load(AuditorConfig.spec());
        try (AuditorApp app = AuditorApp.start(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "auditor-shutdown"));
            System.err.println("safeflow auditor: running" + (app.httpPort() > 0 ? ", HTTP on port " + app.httpPort() : "")
                + "; Ctrl-C stops it");
            return app.awaitStop() ? 2 : 0;
        }
    }

    @Command(name = "block", mixinStandardHelpOptions = true,
        description = "Blocks a source: every record it sends is quarantined with reason blocked-source until unblocked.")
    static final class Block implements Callable<Integer> {
        @Mixin
        ConfigOptions config;
        @Parameters(paramLabel = "SOURCE", description = "Source name as in FineTuneRecord.source.")
        String source;
        @Option(names = "--reason", description = "Why, for the people reading audit.blocked-sources.")
        String reason = "blocked by an operator";

        @Override
        public Integer call() {
            Settings settings = config.load(AuditorConfig.spec());
            SourceBlock b = SourceBlocks.block(settings, source, reason, "cli:" + System.getProperty("user.name"));
            System.out.println("blocked " + b.getSource() + " (" + b.getReason() + ")");
            return 0;
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true,
        description = "Lifts a block: the source's next records are screened normally again.")
    static final class Unblock implements Callable<Integer> {
        @Mixin
        ConfigOptions config;
        @Parameters(paramLabel = "SOURCE", description = "Source name as in FineTuneRecord.source.")
        String source;
        @Option(names = "--reason", description = "Why, for the people reading audit.blocked-sources.")
        String reason = "unblocked by an operator";

        @Override
        public Integer call() {
            Settings settings = config.load(AuditorConfig.spec());
            SourceBlock b = SourceBlocks.unblock(settings, source, reason, "cli:" + System.getProperty("user.name"));
            System.out.println("unblocked " + b.getSource());
            return 0;
        }
    }
}
