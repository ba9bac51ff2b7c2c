package dev.safeflow.schemas.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One configuration key, declared once: name, type, default, validation and documentation. The
 * {@code --help} of every command and the start-up validation both read from these declarations.
 *
 * @param name         dotted key as written in YAML, e.g. {@code kafka.bootstrap.servers}
 * @param type         how the text value is parsed
 * @param defaultValue the value when nothing sets it (already parsed); null means required
 * @param check        accepts the parsed value, or not
 * @param rule         the check in words, for the error message ("at least 1")
 * @param doc          one sentence for users
 */
public record ConfigKey<T>(String name, Type<T> type, T defaultValue, Predicate<T> check, String rule, String doc) {

    public static <T> ConfigKey<T> of(String name, Type<T> type, T defaultValue, String doc) {
        return new ConfigKey<>(name, type, defaultValue, v -> true, "", doc);
    }

    public ConfigKey<T> validatedBy(Predicate<T> newCheck, String newRule) {
        return new ConfigKey<>(name, type, defaultValue, newCheck, newRule, doc);
    }

    /** Environment variable that overrides this key: {@code SAFEFLOW_} + name in upper case, dots and dashes as underscores. */
    public String envName() {
        return "SAFEFLOW_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** Parses text into a typed value; throws IllegalArgumentException with a user-facing message. */
    public interface Type<T> {
        T parse(String text);

        String describe();

        Type<String> STRING = simple("string", s -> s);
        Type<Integer> INT = simple("integer", s -> Integer.parseInt(s.trim()));
        Type<Long> LONG = simple("integer", s -> Long.parseLong(s.trim()));
        Type<Double> DOUBLE = simple("number", s -> Double.parseDouble(s.trim()));
        Type<Boolean> BOOLEAN = simple("true|false", s -> {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (!t.equals("true") && !t.equals("false")) {
                throw new IllegalArgumentException("not true or false");
            }
            return Boolean.valueOf(t);
        });
        /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, or ISO-8601 ({@code PT30S}). */
        Type<Duration> DURATION = simple("duration like 30s, 5m, 500ms", Type::parseDuration);
        Type<List<String>> LIST = simple("comma-separated list", s -> s.isBlank()
            ? List.of()
            : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList());

        static <T> Type<T> simple(String description, java.util.function.Function<String, T> parser) {
            return new Type<>() {
                @Override
                public T parse(String text) {
                    return parser.apply(text);
                }

                @Override
                public String describe() {
                    return description;
                }
            };
        }

        /** A value from a fixed set, matched case-insensitively. */
        static Type<String> oneOf(String... choices) {
            return simple(String.join("|", choices), s -> {
                for (String c : choices) {
                    if (c.equalsIgnoreCase(s.trim())) {
                        return c;
                    }
                }
                throw new IllegalArgumentException("not one of " + String.join(", ", choices));
            });
        }

        private static Duration parseDuration(String text) {
            String s = text.trim().toLowerCase(Locale.ROOT);
            if (s.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("no unit (ms, s, m, h, d)");
            };
        }
    }
}
