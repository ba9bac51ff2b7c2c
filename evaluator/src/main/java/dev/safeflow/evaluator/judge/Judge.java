package dev.safeflow.evaluator.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * Labels model responses to (harmful) prompts. Built-in: {@link RefusalStringJudge}, {@link GuardModelJudge};
 * others (the testbed's exact judge) are registered with {@code EvaluatorPlugins.withJudge} by whoever wires the
 * command. docs/evaluator.md says how to add one.
 */
public interface Judge extends AutoCloseable {

    /** The name written into {@code SafetyMetric.judge}: testbed, refusal-string, guard-model. */
    String name();

    Verdict judge(PromptResponse exchange);

    /** All verdicts, in order; judges that run a model override this to batch. */
    default List<Verdict> judgeAll(List<PromptResponse> exchanges) {
        List<Verdict> out = new ArrayList<>(exchanges.size());
        for (PromptResponse e : exchanges) {
            out.add(judge(e));
        }
        return out;
    }

    /** Judges holding a model release it here; the default holds nothing. */
    @Override
    default void close() {
    }
}
