package dev.safeflow.auditor.http;

import dev.safeflow.auditor.AuditorMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Renders the auditor's counters and every numeric Kafka Streams metric in the Prometheus text
 * exposition format (0.0.4). Written by hand: a few lines, against a pulling in a metrics library.
 */
final class PrometheusText {
    private PrometheusText() {
    }

    static String render(AuditorMetrics auditor, Map<MetricName, ? extends Metric> kafka) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP safeflow_auditor_records_total Records decided by this instance, by verdict.\n");
        out.append("# TYPE safeflow_auditor_records_total counter\n");
        out.append("safeflow_auditor_records_total{verdict=\"clean\"} ").append(auditor.clean()).append('\n');
        out.append("safeflow_auditor_records_total{verdict=\"quarantined\"} ").append(auditor.quarantined()).append('\n');
        out.append("# HELP safeflow_auditor_quarantine_reasons_total Quarantined records by reason.\n");
        out.append("# TYPE safeflow_auditor_quarantine_reasons_total counter\n");
        auditor.reasons().forEach((reason, n) -> out.append("safeflow_auditor_quarantine_reasons_total{reason=\"")
            .append(escape(reason)).append("\"} ").append(n).append('\n'));
        out.append(auditor.scoreHistograms());

        // Group by family so each gets one TYPE line, as the format requires.
        Map<String, StringBuilder> families = new TreeMap<>();
        kafka.forEach((name, metric) -> {
            if (!(metric.metricValue() instanceof Number value) || Double.isNaN(value.doubleValue())) {
                return;
            }
            String family = "kafka_" + sanitize(name.group()) + "_" + sanitize(name.name());
            StringBuilder lines = families.computeIfAbsent(family, f -> new StringBuilder());
            lines.append(family).append(labels(name.tags())).append(' ').append(format(value.doubleValue())).append('\n');
        });
        families.forEach((family, lines) -> out.append("# TYPE ").append(family).append(" gauge\n").append(lines));
        return out.toString();
    }

    private static String labels(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("{");
        new TreeMap<>(tags).forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(sanitize(k)).append("=\"").append(escape(v)).append('"');
        });
        return b.append('}').toString();
    }

    private static String sanitize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double v) {
        return Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : Double.toString(v);
    }
}
