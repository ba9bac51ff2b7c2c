package dev.safeflow.auditor.fit;

import dev.safeflow.auditor.screen.Exemplar;
import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.avro.FineTuneRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code safeflow auditor evaluate}: runs labelled records through a cascade in batches, as the topology would. */
public final class Evaluation {
    static final int BATCH = 32;

    private Evaluation() {
    }

    public static List<ScreeningCascade.Result> screen(ScreeningCascade cascade, List<Exemplar> exemplars, Consumer<String> progress) {
        List<ScreeningCascade.Result> results = new ArrayList<>(exemplars.size());
        for (int i = 0; i < exemplars.size(); i += BATCH) {
            List<FineTuneRecord> batch = new ArrayList<>();
            for (int j = i; j < Math.min(exemplars.size(), i + BATCH); j++) {
                batch.add(exemplars.get(j).toRecord("eval-" + j, "eval"));
            }
            results.addAll(cascade.screen(batch));
            progress.accept("screened " + results.size() + "/" + exemplars.size());
        }
        return results;
    }

    public static DetectionReport run(String labels, ScreeningCascade cascade, List<Exemplar> exemplars, int worst,
                                      Consumer<String> progress) {
        List<String> names = cascade.screeners().stream().map(s -> s.name()).toList();
        return DetectionReport.of(labels, names, exemplars, screen(cascade, exemplars, progress), worst);
    }
}
