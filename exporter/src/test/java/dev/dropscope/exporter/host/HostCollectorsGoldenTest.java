package dev.dropscope.exporter.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.collect.Collector;
import dev.dropscope.exporter.config.HostConfig;
import dev.dropscope.testing.Golden;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Host readings map to node_exporter's exposition exactly; compared with committed golden files.
 */
class HostCollectorsGoldenTest {

  private static MetricSnapshots collectAll(HostConfig config) throws Exception {
    List<MetricSnapshot> all = new ArrayList<>();
    for (Collector c : HostCollectors.create(config, new FixtureHostSource())) {
      all.addAll(c.collect());
    }
    return new MetricSnapshots(all);
  }

  @Test
  void fixture_host_maps_to_golden_prometheus_text() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, collectAll(HostConfig.defaults()));
    Golden.assertMatches("golden/host.prom", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void fixture_host_maps_to_golden_openmetrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsTextFormatWriter.create().write(out, collectAll(HostConfig.defaults()));
    Golden.assertMatches("golden/host.openmetrics", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void pseudo_and_container_filesystems_are_excluded_by_default() throws Exception {
    String text = prometheusText(collectAll(HostConfig.defaults()));
    assertThat(text)
        .contains("mountpoint=\"/\"")
        .contains("mountpoint=\"/mnt/my data\"")
        .contains("mountpoint=\"/run\"")
        .doesNotContain("mountpoint=\"/proc\"")
        .doesNotContain("/var/lib/docker");
  }

  @Test
  void partitions_and_loop_devices_are_excluded_from_diskstats_by_default() throws Exception {
    String text = prometheusText(collectAll(HostConfig.defaults()));
    assertThat(text)
        .contains("node_disk_reads_completed_total{device=\"vda\"} 120345.0")
        .doesNotContain("device=\"vda1\"")
        .doesNotContain("device=\"loop0\"");
  }

  @Test
  void only_the_configured_collectors_run() throws Exception {
    HostConfig onlyCpu = new HostConfig(true, List.of("cpu", "time"), null, null, null);
    assertThat(HostCollectors.create(onlyCpu, new FixtureHostSource()))
        .extracting(Collector::name)
        .containsExactly("cpu", "time");
  }

  @Test
  void disabled_host_metrics_have_no_collectors() {
    HostConfig off = new HostConfig(false, null, null, null, null);
    assertThat(HostCollectors.create(off, new FixtureHostSource())).isEmpty();
  }

  private static String prometheusText(MetricSnapshots snapshots) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8);
  }
}
