package dev.safeflow.auditor.http;

import dev.safeflow.auditor.AuditorMetrics;
import dev.safeflow.schemas.metrics.PrometheusWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Renders the auditor's counters and every numeric Kafka Streams metric with the platform's Prometheus text writer.
 */
final class PrometheusText {
    private PrometheusText() {
    }

    static String render(AuditorMetrics auditor, Map<MetricName, ? extends Metric> kafka) {
        PrometheusWriter out = new PrometheusWriter()
            .family("safeflow_auditor_records_total", "counter", "Records decided by this instance, by verdict.")
            .sample("safeflow_auditor_records_total", "verdict", "clean", auditor.clean())
            .sample("safeflow_auditor_records_total", "verdict", "quarantined", auditor.quarantined())
            .family("safeflow_auditor_quarantine_reasons_total", "counter", "Quarantined records by reason.");
        auditor.reasons().forEach((reason, n) -> out.sample("safeflow_auditor_quarantine_reasons_total", "reason", reason, n));
        auditor.writeScoreHistograms(out);

        // Group by family so each gets one TYPE line, as the format requires.
        Map<String, Map<Map<String, String>, Double>> families = new TreeMap<>();
        kafka.forEach((name, metric) -> {
            if (!(metric.metricValue() instanceof Number value) || Double.isNaN(value.doubleValue())) {
                return;
            }
            String family = "kafka_" + sanitize(name.group()) + "_" + sanitize(name.name());
            Map<String, String> labels = new TreeMap<>();
            name.tags().forEach((k, v) -> labels.put(sanitize(k), v));
            families.computeIfAbsent(family, f -> new LinkedHashMap<>()).put(labels, value.doubleValue());
        });
        families.forEach((family, samples) -> {
            out.family(family, "gauge", null);
            samples.forEach((labels, value) -> out.sample(family, labels, value));
        });
        return out.toString();
    }

    private static String sanitize(String s) {
        return PrometheusWriter.sanitize(s);
    }
}
