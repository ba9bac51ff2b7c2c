package dev.safeflow.records;

import dev.safeflow.schemas.identity.SourceName;

/**
 * Where one input record came from: the source and dataset it is ingested for, the input's name
 * (an absolute file path, {@code stdin} or {@code http}) and its line (or element) number there.
 * The source is kept in its {@link SourceName canonical form}, so every ingest path writes the name that
 * block lists and statistics use; a name with no canonical form is refused here, before anything is read.
 */
public record Provenance(String source, String dataset, String input, long line) {
    public Provenance {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a source name is required: pass --source NAME (the team or feed the data comes from)");
        }
        source = SourceName.normalise(source);
        dataset = dataset == null ? "" : dataset;
    }

    public Provenance atLine(long newLine) {
        return new Provenance(source, dataset, input, newLine);
    }
}
