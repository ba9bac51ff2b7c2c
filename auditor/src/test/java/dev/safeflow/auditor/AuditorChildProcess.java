package dev.safeflow.auditor;

import dev.safeflow.schemas.config.ConfigLoader;
import java.util.LinkedHashMap;
import java.util.Map;

/** The auditor in a JVM of its own, so a test can kill it with SIGKILL. Arguments are {@code key=value} settings. */
public final class AuditorChildProcess {
    private AuditorChildProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        AuditorApp app = AuditorApp.start(ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), overrides));
        app.awaitStop();
    }
}
