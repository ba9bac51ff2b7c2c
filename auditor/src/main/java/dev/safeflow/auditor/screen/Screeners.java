package dev.safeflow.auditor.screen;

import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.schemas.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the cascade that configuration names, in the order it names them. */
public final class Screeners {
    private Screeners() {
    }

    public static ScreeningCascade fromSettings(Settings settings) {
        List<Screener> stages = new ArrayList<>();
        for (String name : settings.get(AuditorConfig.SCREENERS)) {
            stages.add(switch (name) {
                case RulesScreener.NAME -> new RulesScreener(RuleSet.load(Path.of(settings.get(AuditorConfig.RULES_FILE))),
                    settings.get(AuditorConfig.RULES_THRESHOLD));
                case EmbeddingScreener.NAME -> EmbeddingScreener.train(seed(settings.get(AuditorConfig.EMBEDDING_SEED_FILE)),
                    settings.get(AuditorConfig.EMBEDDING_THRESHOLD), settings.get(AuditorConfig.EMBEDDING_THREADS),
                    settings.get(AuditorConfig.EMBEDDING_MODEL));
                case ProbeScreener.NAME -> new ProbeScreener(0.5);
                default -> throw new IllegalArgumentException("auditor.screeners names unknown screener " + name
                    + ": use rules, embedding or probe");
            });
        }
        return new ScreeningCascade(stages);
    }

    static List<Exemplar> seed(String file) {
        if (file.isEmpty()) {
            return Exemplar.resource(Exemplar.SEED_SET);
        }
        Path path = Path.of(file);
        try (InputStream in = Files.newInputStream(path)) {
            return Exemplar.read(in, file);
        } catch (IOException e) {
            throw new IllegalArgumentException("seed file " + file + " cannot be read (" + e.getMessage()
                + "): fix auditor.embedding.seed-file or leave it empty for the bundled set");
        }
    }
}
