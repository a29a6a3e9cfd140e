package dev.dropscope.exporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.PrometheusServer;
import dev.dropscope.testing.QueryResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real exporter jar scraped every second by a real Prometheus: the standard host queries of
 * node_exporter dashboards return data with sane values. Rate windows are 10 s and the suite first
 * waits until a window holds ten scrapes: a rate over a window that is not yet full is extrapolated
 * from too short a span (a CPU half idle would read 50 % busy).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusScrapeIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String UPTIME =
      "node_time_seconds{job=\"dropscope\"} - node_boot_time_seconds{job=\"dropscope\"}";

  private ExporterProcess exporter;
  private PrometheusServer prometheus;

  @BeforeAll
  void start(@TempDir Path dir) {
    exporter = ExporterProcess.start(dir);
    prometheus =
        PrometheusServer.builder()
            .scrapeInterval(Duration.ofSeconds(1))
            .scrape("dropscope", exporter.address())
            .start(dir.resolve("prometheus"));
    prometheus.awaitQuery(
        "count_over_time(up{job=\"dropscope\"}[10s]) >= 10", r -> !r.isEmpty(), DEADLINE);
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void prometheus_scrapes_the_exporter_successfully() {
    QueryResult up = data("up{job=\"dropscope\"}");

    assertThat(up.single().value()).as(up.body()).isEqualTo(1.0);
  }

  @Test
  void every_collector_reports_success() {
    QueryResult success = data("dropscope_collector_success{job=\"dropscope\"}");

    assertThat(success.samples())
        .as(success.body())
        .allSatisfy(
            s -> assertThat(s.value()).as("collector %s", s.label("collector")).isEqualTo(1.0));
  }

  @Test
  void cpu_busy_percent_is_between_0_and_100() {
    QueryResult busy =
        data("100 * (1 - avg(rate(node_cpu_seconds_total{job=\"dropscope\",mode=\"idle\"}[10s])))");

    assertThat(busy.single().value()).as(busy.body()).isBetween(0.0, 100.0);
  }

  @Test
  void memory_available_ratio_is_above_0_and_at_most_1() {
    QueryResult ratio =
        data(
            "node_memory_MemAvailable_bytes{job=\"dropscope\"}"
                + " / node_memory_MemTotal_bytes{job=\"dropscope\"}");

    assertThat(ratio.single().value()).as(ratio.body()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
  }

  @Test
  void root_filesystem_used_percent_is_between_0_and_100() {
    QueryResult used =
        data(
            "100 - 100 * node_filesystem_avail_bytes{job=\"dropscope\",mountpoint=\"/\"}"
                + " / node_filesystem_size_bytes{job=\"dropscope\",mountpoint=\"/\"}");

    assertThat(used.samples())
        .as(used.body())
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.value()).isBetween(0.0, 100.0));
  }

  @Test
  void network_receive_rate_is_never_negative_on_any_device() {
    QueryResult rate = data("rate(node_network_receive_bytes_total{job=\"dropscope\"}[10s])");

    assertThat(rate.samples())
        .as(rate.body())
        .isNotEmpty()
        .allSatisfy(
            s ->
                assertThat(s.value()).as("device %s", s.label("device")).isGreaterThanOrEqualTo(0));
  }

  @Test
  void loopback_receive_rate_is_positive_because_the_scrapes_cross_it() {
    QueryResult rate =
        data("rate(node_network_receive_bytes_total{job=\"dropscope\",device=\"lo\"}[10s])");

    assertThat(rate.single().value()).as(rate.body()).isGreaterThan(0.0);
  }

  @Test
  void load_per_cpu_is_not_negative() {
    // count(...) alone has no labels and would match nothing; keep job and instance to divide.
    QueryResult load =
        data(
            "node_load1{job=\"dropscope\"}"
                + " / count without (cpu, mode)"
                + " (node_cpu_seconds_total{job=\"dropscope\",mode=\"idle\"})");

    assertThat(load.single().value()).as(load.body()).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void uptime_is_positive() {
    QueryResult uptime = data(UPTIME);

    assertThat(uptime.single().value()).as(uptime.body()).isGreaterThan(0.0);
  }

  @Test
  void uptime_agrees_with_the_kernel_within_a_minute() throws IOException {
    Path procUptime = Path.of("/proc/uptime");
    assumeTrue(Files.isReadable(procUptime), "needs Linux /proc/uptime");
    QueryResult uptime = data(UPTIME);
    double kernel = Double.parseDouble(Files.readString(procUptime).split(" ")[0]);

    assertThat(uptime.single().value()).as(uptime.body()).isCloseTo(kernel, within(60.0));
  }

  @Test
  void prometheus_reads_the_openmetrics_exposition() {
    // Prometheus asks for OpenMetrics first; only that format can declare a metric type "info".
    JsonNode metadata =
        prometheus.api("/api/v1/targets/metadata", Map.of("metric", "dropscope_build"));

    assertThat(metadata.findValuesAsText("type")).as(metadata.toString()).containsExactly("info");
  }

  private QueryResult data(String promql) {
    return prometheus.awaitQuery(promql, r -> !r.isEmpty(), DEADLINE);
  }
}
