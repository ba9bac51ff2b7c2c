package dev.safeflow.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a JSONL file of every shape, with bad lines mixed in at fixed strides. Good records with an
 * id field get {@code r-<line>}; the others get content ids, unique because the content holds the line.
 */
final class MixedLines {
    private MixedLines() {
    }

    /** True for the lines {@link #write} makes bad. */
    static boolean bad(int line) {
        return line % 97 == 0 || line % 89 == 0 || line % 83 == 0;
    }

    static Path write(Path file, int lines) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= lines; i++) {
                out.write(line(i));
                out.write('\n');
            }
        }
        return file;
    }

    static String line(int i) {
        if (i % 97 == 0) {
            return "{\"text\": broken " + i;
        }
        if (i % 89 == 0) {
            return "{\"question\":\"unknown shape " + i + "\"}";
        }
        if (i % 83 == 0) {
            return "{\"instruction\":\"empty output " + i + "\",\"output\":\"\"}";
        }
        String q = "Question number " + i + ": what is " + i + " plus " + (i * 7 % 13) + "?";
        return switch (i % 5) {
            case 0 -> "{\"id\":\"r-" + i + "\",\"instruction\":\"" + q + "\",\"input\":\"\",\"output\":\"The answer is " + (i + i * 7 % 13) + ".\"}";
            case 1 -> "{\"id\":\"r-" + i + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be exact.\"},{\"role\":\"user\",\"content\":\""
                + q + "\"},{\"role\":\"assistant\",\"content\":\"It is " + (i + i * 7 % 13) + ".\"}]}";
            case 2 -> "{\"conversations\":[{\"from\":\"human\",\"value\":\"" + q + "\"},{\"from\":\"gpt\",\"value\":\"" + (i + i * 7 % 13) + "\"}]}";
            case 3 -> "{\"prompt\":\"" + q + "\",\"completion\":\"" + (i + i * 7 % 13) + "\"}";
            default -> "{\"text\":\"Line " + i + " of plain pretraining-style text about arithmetic.\"}";
        };
    }
}
