package dev.safeflow.schemas.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the Prometheus text exposition format (0.0.4) for every service's {@code /metrics}: one HELP and TYPE
 * line per family, then its samples. By hand: a few lines, against pulling in a metrics library.
 */
public final class PrometheusWriter {

    private final StringBuilder out = new StringBuilder();

    /** Starts a family; every sample of it must follow before the next family starts, as the format requires. */
    public PrometheusWriter family(String name, String type, String help) {
        if (help != null) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        }
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample without labels. */
    public PrometheusWriter sample(String name, Number value) {
        return sample(name, Map.of(), value);
    }

    /** A sample with one label. */
    public PrometheusWriter sample(String name, String label, String labelValue, Number value) {
        return sample(name, Map.of(label, labelValue), value);
    }

    /** A sample; labels are written sorted by name, their values escaped. */
    public PrometheusWriter sample(String name, Map<String, String> labels, Number value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
                out.append(first ? "" : ",").append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
                first = false;
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    /** A metric or label name from any text: lower case, everything but [a-z0-9_] an underscore. */
    public static String sanitize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(Number v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        double d = v.doubleValue();
        return Double.isInfinite(d) ? (d > 0 ? "+Inf" : "-Inf") : Double.isNaN(d) ? "NaN" : Double.toString(d);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
