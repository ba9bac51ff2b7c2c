package dev.safeflow.schemas.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusWriterTest {

    @Test
    void aFamilyIsHelpAndTypeThenItsSamplesWithSortedEscapedLabels() {
        String text = new PrometheusWriter()
            .family("safeflow_x_total", "counter", "Things, by kind.")
            .sample("safeflow_x_total", "kind", "a \"quoted\"\nvalue", 3L)
            .sample("safeflow_x_total", Map.of("z", "1", "a", "2"), 4)
            .family("kafka_y", "gauge", null)
            .sample("kafka_y", 0.5)
            .sample("kafka_y", Double.POSITIVE_INFINITY)
            .toString();

        assertEquals("""
            # HELP safeflow_x_total Things, by kind.
            # TYPE safeflow_x_total counter
            safeflow_x_total{kind="a \\"quoted\\"\\nvalue"} 3
            safeflow_x_total{a="2",z="1"} 4
            # TYPE kafka_y gauge
            kafka_y 0.5
            kafka_y +Inf
            """, text);
    }

    @Test
    void anyTextBecomesAValidName() {
        assertEquals("stream_thread_metrics_poll_rate", PrometheusWriter.sanitize("Stream-Thread-Metrics.poll-rate"));
    }
}
