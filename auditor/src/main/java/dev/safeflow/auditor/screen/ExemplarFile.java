package dev.safeflow.auditor.screen;

import dev.safeflow.records.RecordFile;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.input.InputSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads labelled files: one record per line in any shape ingest accepts (messages, ShareGPT, Alpaca,
 * prompt/completion, text; mapped by {@code records}) plus {@code label} (poison or clean; harmful and
 * benign are read as the same) and optional {@code category} and {@code language}. A bad line stops the
 * read with one sentence naming the file, the line and the fix.
 */
public final class ExemplarFile {
    public static final String SEED_SET = "/dev/safeflow/auditor/exemplars/train.jsonl";
    public static final String HELD_OUT_SET = "/dev/safeflow/auditor/heldout-exemplars.jsonl";
    public static final String HELD_OUT_MULTILINGUAL = "/dev/safeflow/auditor/exemplars/heldout-multilingual.jsonl";
    /** Names that {@link #open} resolves to the bundled sets, for commands run without a file of one's own. */
    public static final Map<String, String> BUNDLED = Map.of("bundled:train", SEED_SET,
        "bundled:heldout", HELD_OUT_SET, "bundled:heldout-multilingual", HELD_OUT_MULTILINGUAL);

    private ExemplarFile() {
    }

    /** A file path, or one of the {@link #BUNDLED} names. */
    public static List<Exemplar> open(String fileOrBundled) {
        String resource = BUNDLED.get(fileOrBundled);
        return resource != null ? resource(resource) : read(Path.of(fileOrBundled));
    }

    /** The bytes {@link #open} reads, for the artifact's hash of what it was fitted on. */
    public static byte[] bytes(String fileOrBundled) throws IOException {
        String resource = BUNDLED.get(fileOrBundled);
        if (resource == null) {
            return Files.readAllBytes(Path.of(fileOrBundled));
        }
        try (InputStream in = ExemplarFile.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    public static List<Exemplar> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("labelled file " + file + " does not exist: pass a JSONL file of records with a label field");
        }
        return read(RecordFile.of(file, RecordShape.AUTO, "labels"), file.toString());
    }

    public static List<Exemplar> resource(String name) {
        try (InputStream in = ExemplarFile.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("bundled exemplars " + name + " are missing from the jar");
            }
            // records reads a stream only as stdin; the bundled files are ours and tested, so a line error names the resource.
            return read(RecordFile.of(InputSource.STDIN, in, RecordShape.AUTO, dev.safeflow.records.FieldNames.standard(), "labels"), name);
        } catch (IOException e) {
            throw new IllegalStateException("bundled exemplars " + name + " are unreadable", e);
        }
    }

    private static List<Exemplar> read(RecordFile file, String origin) {
        List<Exemplar> out = new ArrayList<>();
        file.forEach(line -> {
            String where = origin + " line " + line.number() + ": ";
            if (line instanceof RecordFile.Failed failed) {
                throw new IllegalArgumentException(failed.message().replace(file.name(), origin)
                    + "; fix the record (messages, conversations, instruction+output, prompt+completion or text) or remove the line");
            }
            RecordFile.Mapped m = (RecordFile.Mapped) line;
            String label = text(m.field("label"));
            boolean poison = switch (label) {
                case "poison", "harmful" -> true;
                case "clean", "benign" -> false;
                default -> throw new IllegalArgumentException(where + "label is '" + label + "'; set \"label\" to poison or clean");
            };
            out.add(new Exemplar(m.record().getMessages(), poison, text(m.field("category")), text(m.field("language")),
                origin + ":" + line.number()));
        });
        if (out.isEmpty()) {
            throw new IllegalArgumentException(origin + " holds no records: write one JSON object per line with a label field");
        }
        return out;
    }

    private static String text(String field) {
        return field == null ? "" : field.trim().toLowerCase(Locale.ROOT);
    }
}
