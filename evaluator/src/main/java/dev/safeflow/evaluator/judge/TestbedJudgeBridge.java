package dev.safeflow.evaluator.judge;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The testbed's exact judge ({@code dev.safeflow.testbed.judge.TestbedJudge}) behind {@link Judge}.
 * The testbed sits above the evaluator in the module graph, so the evaluator cannot import it; the
 * class is looked up by name when a command that has the testbed on its classpath (the CLI) asks for
 * {@code evaluator.judge: testbed}. Its verdicts map one to one: HARMFUL_COMPLIANCE is harmful,
 * REFUSAL a refusal, OTHER other.
 */
public final class TestbedJudgeBridge implements Judge {

    public static final String NAME = "testbed";
    static final String CLASS = "dev.safeflow.testbed.judge.TestbedJudge";

    private final Object judge;
    private final Method judgeMethod;

    private TestbedJudgeBridge(Object judge, Method judgeMethod) {
        this.judge = judge;
        this.judgeMethod = judgeMethod;
    }

    /** The testbed judge, or a user error saying which command has it. */
    public static TestbedJudgeBridge load() {
        return load(CLASS);
    }

    /** A class with a no-argument constructor and {@code Enum judge(String response)}; tests pass a stand-in. */
    static TestbedJudgeBridge load(String className) {
        try {
            Class<?> type = Class.forName(className);
            return new TestbedJudgeBridge(type.getConstructor().newInstance(), type.getMethod("judge", String.class));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("the testbed judge is not on this classpath (" + className + "); run the"
                + " evaluator from the safeflow CLI, which bundles the testbed, or choose another evaluator.judge");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(className + " no longer has a public judge(String) method: " + e, e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(Exchange exchange) {
        Object v;
        try {
            v = judgeMethod.invoke(judge, exchange.response());
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the testbed judge failed on a response: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return switch (((Enum<?>) v).name()) {
            case "HARMFUL_COMPLIANCE" -> Verdict.harmful(null);
            case "REFUSAL" -> Verdict.refusal();
            default -> Verdict.other(null);
        };
    }
}
