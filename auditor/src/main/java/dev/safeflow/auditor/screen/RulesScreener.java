package dev.safeflow.auditor.screen;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Scores 1 when any category's keywords or patterns occur in the prompt or the response, else 0; reasons {@code rules:<category>}. */
public final class RulesScreener implements Screener {
    public static final String NAME = "rules";
    public static final ConfigKey<String> FILE = ConfigKey.of("auditor.rules.file", Type.STRING,
        "", "YAML file of extra keyword/regex rules per harm category, merged over the shipped defaults; empty for defaults only");
    public static final ConfigKey<Double> THRESHOLD = ConfigKey.of("auditor.rules.threshold", Type.DOUBLE,
        0.5, "Rules score (1 when a rule matches) above which a record is quarantined")
        .validatedBy(d -> d >= 0 && d <= 1, "between 0 and 1");
    public static final List<ConfigKey<?>> KEYS = List.of(FILE, THRESHOLD);

    private final RuleSet rules;
    private final double threshold;

    public RulesScreener(RuleSet rules, double threshold) {
        this.rules = rules;
        this.threshold = threshold;
    }

    static RulesScreener create(Settings settings) {
        return new RulesScreener(RuleSet.load(Path.of(settings.get(FILE))), settings.get(THRESHOLD));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public List<Screening> screen(List<FineTuneRecord> batch) {
        List<Screening> out = new ArrayList<>(batch.size());
        for (FineTuneRecord record : batch) {
            ChatText text = ChatText.of(record);
            Set<String> categories = new LinkedHashSet<>(rules.matches(text.prompt()));
            categories.addAll(rules.matches(text.response()));
            out.add(new Screening(categories.isEmpty() ? 0.0 : 1.0,
                categories.stream().map(c -> NAME + ":" + c).toList()));
        }
        return out;
    }
}
