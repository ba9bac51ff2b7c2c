package dev.safeflow.app;

import dev.safeflow.app.dashboard.DashboardConfig;
import dev.safeflow.app.dashboard.DashboardServer;
import dev.safeflow.schemas.config.Settings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = {"Serves a web page that watches the topics live: quarantine rate per source, blocked sources,",
        "recent quarantined records, training loss and safety scores per checkpoint, gate decisions.",
        "Runs until Ctrl-C. Keys: dashboard.port, dashboard.host, dashboard.max-points, dashboard.max-records."})
final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (dashboard.port, default 8088); 0 picks a free one.")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Listen address (dashboard.host, default localhost); 0.0.0.0 for every interface.")
    String host;

    @Mixin
    ConfigOptions config;

    /** Picocli hands over the spec while building the command: every key goes into --help. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        ConfigOptions.listKeysInHelp(spec, DashboardConfig.spec());
    }

    @Override
    public Integer call() throws Exception {
        if (port != null) {
            config.overrides.put(DashboardConfig.PORT.name(), String.valueOf(port));
        }
        if (host != null) {
            config.overrides.put(DashboardConfig.HOST.name(), host);
        }
        Settings settings = config.load(DashboardConfig.spec());
        DashboardServer dashboard = DashboardServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            stopped.countDown();
        }, "safeflow-dashboard-shutdown"));
        System.out.println("dashboard at " + dashboard.url() + " (Ctrl-C stops it)");
        stopped.await();
        return 0;
    }
}
