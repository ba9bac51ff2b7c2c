package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees on the terminal is safeflow's output: engine chatter stays off it. */
class QuietTerminalTest {

    private static final String LIBTORCH_WARNING = "[W1201 23:03:04.672638212 LegacyTypeDispatch.h:74] Warning: "
        + "AutoNonVariableTypeMode is deprecated and will be removed in 1.10 release. (function operator())\n";

    /** The CLI as shipped (its own simplelogger.properties, not the tests'), in a fresh JVM. */
    @Test
    void generatePrintsNoEngineChatterOnStderr() throws Exception {
        String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
            .collect(Collectors.joining(File.pathSeparator));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dai.djl.offline=true", "-cp", classpath, "dev.safeflow.app.Main", "generate", "--model",
            ModelCommandsTest.MODEL.toString(), "--prompt", "hello", "--max-new-tokens", "3").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), err);
        assertTrue(!out.isBlank(), "generate printed nothing");
        assertEquals("", err, "stderr should hold nothing but safeflow's own warnings");
    }

    /** The launcher's filter moves libtorch's C++ warnings to the engine log and passes everything else. */
    @Test
    void launcherFilterMovesLibtorchWarningsToTheEngineLog(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("perl"), "perl is not installed; the launcher then leaves stderr unfiltered");
        Path log = dir.resolve("engine.log");
        Path script = Path.of("src", "main", "sh", "engine-log-filter.pl").toAbsolutePath();
        Process p = new ProcessBuilder("perl", script.toString(), log.toString()).redirectErrorStream(false).start();
        String input = "ingest 10%\r" + LIBTORCH_WARNING + "safeflow: WARN a real warning\nprogress 20%\r";
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String passed = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals("ingest 10%\rsafeflow: WARN a real warning\nprogress 20%\r", passed);
        assertEquals(LIBTORCH_WARNING, Files.readString(log));
    }

    private static boolean onPath(String command) throws IOException {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
