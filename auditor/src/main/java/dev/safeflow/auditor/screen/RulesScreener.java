package dev.safeflow.auditor.screen;

import dev.safeflow.avro.FineTuneRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Scores 1 when any category's keywords or patterns occur in the prompt or the response, else 0; reasons {@code rules:<category>}. */
public final class RulesScreener implements Screener {
    public static final String NAME = "rules";

    private final RuleSet rules;
    private final double threshold;

    public RulesScreener(RuleSet rules, double threshold) {
        this.rules = rules;
        this.threshold = threshold;
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
