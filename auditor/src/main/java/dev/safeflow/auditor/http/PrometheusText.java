package dev.safeflow.auditor.http;

import dev.safeflow.auditor.AuditorMetrics;
import dev.safeflow.schemas.metrics.MetricsText;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The auditor's {@code /metrics}: its own registry, plus every numeric Kafka Streams metric as a gauge named
 * {@code kafka_<group>_<name>} (Kafka's own series, passed through, so they keep Kafka's names).
 */
final class PrometheusText {
    private PrometheusText() {
    }

    static String render(AuditorMetrics auditor, Map<MetricName, ? extends Metric> kafka) {
        List<MetricSnapshot> all = new ArrayList<>();
        auditor.registry().scrape().forEach(all::add);
        all.addAll(kafkaGauges(kafka));
        return MetricsText.render(new MetricSnapshots(all));
    }

    private static List<MetricSnapshot> kafkaGauges(Map<MetricName, ? extends Metric> kafka) {
        // One snapshot per family, so each gets one TYPE line; a family's points must differ in their labels.
        Map<String, Map<Labels, Double>> families = new TreeMap<>();
        kafka.forEach((name, metric) -> {
            if (!(metric.metricValue() instanceof Number value) || Double.isNaN(value.doubleValue())) {
                return;
            }
            String family = "kafka_" + sanitize(name.group()) + "_" + sanitize(name.name());
            Map<String, String> tags = new TreeMap<>();
            name.tags().forEach((k, v) -> tags.put(sanitize(k), v));
            Labels labels = Labels.of(new ArrayList<>(tags.keySet()), new ArrayList<>(tags.values()));
            families.computeIfAbsent(family, f -> new LinkedHashMap<>()).putIfAbsent(labels, value.doubleValue());
        });
        List<MetricSnapshot> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        families.forEach((family, points) -> {
            // The client treats x and x_total as one name (the counter suffix); Kafka's x-total gauges keep theirs,
            // and a second family that would read as the same name is left out rather than failing the scrape.
            if (!taken.add(PrometheusNaming.prometheusName(family))) {
                return;
            }
            GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(family);
            points.forEach((labels, value) -> g.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
            out.add(g.build());
        });
        return out;
    }

    private static String sanitize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
