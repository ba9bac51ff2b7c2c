package dev.safeflow.trainer;

import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.util.List;

/**
 * The in-training poison filter (SAP only; docs/trainer.md): before each update every task example is
 * scored by how much a step along SAP's harmful direction ĝ lowers its loss, and examples whose score is
 * an outlier over a running window are left out of the update. Off by default: docs/testbed.md has what
 * it was measured to do. Declared once, here; the record checks every value against its key's rule.
 *
 * @param enabled score and filter at all
 * @param zThreshold leave out an example whose score lies more than this many robust standard deviations
 *     (1.4826 × the median absolute deviation) above the window's median
 * @param window how many recent example scores the mean and deviation are taken over
 * @param warmup filter nothing until the window holds this many scores
 * @param gradRate the probing radius of the score, gradRate·‖θ‖: larger than SAP's own so a float32 loss
 *     difference resolves it
 */
public record FilterConfig(boolean enabled, double zThreshold, int window, int warmup, double gradRate) {

    public static final ConfigKey<Boolean> ENABLED = ConfigKey.of("trainer.filter.enabled", Type.BOOLEAN, false,
            "Leave out of each SAP update the examples whose loss falls most along the harmful direction");
    public static final ConfigKey<Double> Z_THRESHOLD = ConfigKey.of("trainer.filter.z-threshold", Type.DOUBLE, 3.0,
            "Filter an example whose harmful-alignment score is this many robust deviations (MAD) above the running median")
            .validatedBy(x -> x > 0 && Double.isFinite(x), "positive");
    public static final ConfigKey<Integer> WINDOW = ConfigKey.of("trainer.filter.window", Type.INT, 200,
            "Recent example scores the running mean and deviation are taken over").validatedBy(x -> x >= 2, "at least 2");
    public static final ConfigKey<Integer> WARMUP = ConfigKey.of("trainer.filter.warmup", Type.INT, 30,
            "Filter nothing until the window holds this many scores").validatedBy(x -> x >= 2, "at least 2");
    public static final ConfigKey<Double> GRAD_RATE = ConfigKey.of("trainer.filter.grad-rate", Type.DOUBLE, 1e-2,
            "Probing radius of the score, grad-rate x |theta|").validatedBy(x -> x > 0 && Double.isFinite(x), "positive");

    public static final List<ConfigKey<?>> KEYS = List.of(ENABLED, Z_THRESHOLD, WINDOW, WARMUP, GRAD_RATE);

    /** The filter settings of {@code s}. */
    public static FilterConfig from(Settings s) {
        return new FilterConfig(s.get(ENABLED), s.get(Z_THRESHOLD), s.get(WINDOW), s.get(WARMUP), s.get(GRAD_RATE));
    }

    public static FilterConfig off() {
        return new FilterConfig(false, Z_THRESHOLD.defaultValue(), WINDOW.defaultValue(), WARMUP.defaultValue(),
                GRAD_RATE.defaultValue());
    }

    public FilterConfig {
        check(Z_THRESHOLD, zThreshold);
        check(WINDOW, window);
        check(WARMUP, warmup);
        check(GRAD_RATE, gradRate);
        if (warmup > window) {
            throw new IllegalArgumentException(WARMUP.name() + " (" + warmup + ") must not exceed " + WINDOW.name()
                    + " (" + window + "): the window never holds that many scores");
        }
    }

    private static <T> void check(ConfigKey<T> key, T value) {
        if (!key.check().test(value)) {
            throw new IllegalArgumentException(key.name() + " must be " + key.rule() + ", got " + value);
        }
    }

    public FilterConfig withEnabled(boolean on) {
        return new FilterConfig(on, zThreshold, window, warmup, gradRate);
    }

    public FilterConfig withWindow(int newWindow, int newWarmup) {
        return new FilterConfig(enabled, zThreshold, newWindow, newWarmup, gradRate);
    }

    public FilterConfig withZThreshold(double z) {
        return new FilterConfig(enabled, z, window, warmup, gradRate);
    }
}
