package dev.dropscope.exporter.probe;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps probe statuses to metric families. A component shows up once its first probe completes:
 *
 * <pre>
 * dropscope_probe_success{component="trader"} 1.0
 * dropscope_probe_duration_seconds{component="trader"} 0.0042
 * dropscope_probe_last_success_timestamp_seconds{component="trader"} 1.7953488E9
 * </pre>
 */
final class ProbeMetrics {
  private ProbeMetrics() {}

  static List<MetricSnapshot> of(List<ProbeStatus> statuses) {
    GaugeSnapshot.Builder success =
        GaugeSnapshot.builder()
            .name("dropscope_probe_success")
            .help(
                "Whether the last probe of a component's health URL got an expected status in time"
                    + " (1) or not (0).");
    GaugeSnapshot.Builder duration =
        GaugeSnapshot.builder()
            .name("dropscope_probe_duration_seconds")
            .help("Time the last probe of a component took, to its response or its failure.");
    GaugeSnapshot.Builder lastSuccess =
        GaugeSnapshot.builder()
            .name("dropscope_probe_last_success_timestamp_seconds")
            .help("When a probe of a component last succeeded, in seconds since the epoch.");
    int probed = 0;
    int succeeded = 0;
    for (ProbeStatus s : statuses) {
      if (s.pending()) {
        continue;
      }
      probed++;
      Labels labels = Labels.of("component", s.component());
      success.dataPoint(point(labels, s.last().success() ? 1 : 0));
      duration.dataPoint(point(labels, s.last().durationSeconds()));
      if (s.lastSuccess() != null) {
        succeeded++;
        lastSuccess.dataPoint(point(labels, s.lastSuccess().toEpochMilli() / 1000.0));
      }
    }
    List<MetricSnapshot> out = new ArrayList<>(3);
    if (probed > 0) {
      out.add(success.build());
      out.add(duration.build());
    }
    if (succeeded > 0) {
      out.add(lastSuccess.build());
    }
    return out;
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }
}
