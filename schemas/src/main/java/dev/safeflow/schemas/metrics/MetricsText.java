package dev.safeflow.schemas.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What every service's {@code /metrics} answers: the Prometheus text format (0.0.4) of a registry of the official
 * Prometheus Java client, and the one naming rule, {@code safeflow_<service>_<name>_<unit>}. The client adds the
 * unit's suffix itself: {@code _total} for counters, and the unit given to the builder (seconds, bytes).
 */
public final class MetricsText {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]*[a-z0-9]");
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private MetricsText() {
    }

    /** {@code safeflow_<service>_<name>}, the base name a metric builder takes; both parts lower-case snake case. */
    public static String name(String service, String name) {
        if (!PART.matcher(service).matches() || !PART.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name parts must be lower-case snake case: '" + service + "', '" + name + "'");
        }
        return "safeflow_" + service + "_" + name;
    }

    public static String render(PrometheusRegistry registry) {
        return render(registry.scrape());
    }

    public static String render(MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            WRITER.write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
