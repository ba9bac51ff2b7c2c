package dev.safeflow.evaluator.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a suite's per-sample verdicts as JSONL ({@code <dir>/<name>/<suite>.jsonl}), one object per
 * prompt, so a score can be audited line by line. Written to a temporary file and renamed, so a
 * replay replaces the report whole.
 */
public final class JsonlReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlReport() {
    }

    /** @return the report file */
    public static Path write(Path dir, String name, SuiteResult result) {
        Path folder = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        Path file = folder.resolve(result.suite() + ".jsonl");
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, result.suite(), ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
                for (Sample s : result.samples()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("suite", result.suite());
                    line.put("judge", result.judge());
                    line.put("prompt", s.prompt());
                    line.put("response", s.response());
                    line.put("verdict", s.verdict());
                    line.put("category", s.category());
                    w.write(JSON.writeValueAsString(line));
                    w.newLine();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evaluation report " + file + ": " + e.getMessage()
                + "; check that evaluator.report-dir is writable", e);
        }
    }
}
