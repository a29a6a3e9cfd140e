package dev.dropscope.exporter.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectorRunnerTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
  }

  private static Collector gauge(String collector, String metric, double value) {
    return Collector.of(
        collector,
        () ->
            List.of(
                GaugeSnapshot.builder()
                    .name(metric)
                    .help("test")
                    .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
                    .build()));
  }

  private Collector hanging(String name, AtomicInteger starts) {
    return Collector.of(
        name,
        () -> {
          starts.incrementAndGet();
          release.await();
          return List.of();
        });
  }

  private static double value(MetricSnapshots snapshots, String metric, String collector) {
    for (MetricSnapshot s : snapshots) {
      if (s.getMetadata().getPrometheusName().equals(metric)) {
        for (var dp : ((GaugeSnapshot) s).getDataPoints()) {
          if (collector == null || collector.equals(dp.getLabels().get("collector"))) {
            return dp.getValue();
          }
        }
      }
    }
    throw new AssertionError(metric + "{collector=" + collector + "} not in output");
  }

  private static boolean has(MetricSnapshots snapshots, String metric) {
    return snapshots.stream().anyMatch(s -> s.getMetadata().getPrometheusName().equals(metric));
  }

  @Test
  void successful_collectors_contribute_their_families_and_success_1() {
    var runner =
        new CollectorRunner(
            List.of(gauge("a", "a_value", 1), gauge("b", "b_value", 2)),
            Duration.ofSeconds(1),
            pool);
    MetricSnapshots out = runner.collect();
    assertThat(value(out, "a_value", null)).isEqualTo(1);
    assertThat(value(out, "b_value", null)).isEqualTo(2);
    assertThat(value(out, "dropscope_collector_success", "a")).isEqualTo(1);
    assertThat(value(out, "dropscope_collector_success", "b")).isEqualTo(1);
    assertThat(value(out, "dropscope_collector_duration_seconds", "a")).isGreaterThanOrEqualTo(0);
  }

  @Test
  void a_throwing_collector_reports_success_0_and_the_others_still_publish() {
    Collector broken =
        Collector.of(
            "broken",
            () -> {
              throw new IllegalStateException("boom");
            });
    var runner =
        new CollectorRunner(
            List.of(broken, gauge("ok", "ok_value", 5)), Duration.ofSeconds(1), pool);
    MetricSnapshots out = runner.collect();
    assertThat(value(out, "dropscope_collector_success", "broken")).isZero();
    assertThat(value(out, "dropscope_collector_success", "ok")).isEqualTo(1);
    assertThat(value(out, "ok_value", null)).isEqualTo(5);
    assertThat(runner.lastSuccess()).containsEntry("broken", false).containsEntry("ok", true);
  }

  @Test
  void a_hung_collector_is_cut_off_at_the_budget_and_reports_success_0() {
    AtomicInteger starts = new AtomicInteger();
    var runner =
        new CollectorRunner(
            List.of(hanging("filesystem", starts), gauge("cpu", "cpu_value", 3)),
            Duration.ofSeconds(2), // ample for cpu on a cold JVM; filesystem never returns anyway
            pool);
    long t0 = System.nanoTime();
    MetricSnapshots out = runner.collect();
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(seconds).as("scrape returned after the budget, not after the hang").isLessThan(5);
    assertThat(value(out, "dropscope_collector_success", "filesystem")).isZero();
    assertThat(value(out, "dropscope_collector_success", "cpu")).isEqualTo(1);
    assertThat(value(out, "cpu_value", null)).isEqualTo(3);
  }

  @Test
  void a_hung_collector_is_not_started_again_while_its_previous_run_is_stuck() {
    AtomicInteger starts = new AtomicInteger();
    var runner = new CollectorRunner(List.of(hanging("nfs", starts)), Duration.ofMillis(50), pool);
    runner.collect();
    runner.collect();
    runner.collect();
    assertThat(starts).hasValue(1);
  }

  @Test
  void a_collector_recovers_once_its_hung_run_returns() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch firstRunDone = new CountDownLatch(1);
    Collector flaky =
        Collector.of(
            "flaky",
            () -> {
              if (calls.incrementAndGet() == 1) {
                release.await();
                firstRunDone.countDown();
                return List.of();
              }
              return List.of(
                  GaugeSnapshot.builder()
                      .name("flaky_value")
                      .help("test")
                      .dataPoint(GaugeDataPointSnapshot.builder().value(7).build())
                      .build());
            });
    var runner = new CollectorRunner(List.of(flaky), Duration.ofMillis(100), pool);
    assertThat(value(runner.collect(), "dropscope_collector_success", "flaky")).isZero();
    release.countDown();
    firstRunDone.await();
    // the slot frees itself right after the body returns
    MetricSnapshots out = null;
    for (int i = 0; i < 50 && (out == null || !has(out, "flaky_value")); i++) {
      Thread.sleep(10);
      out = runner.collect();
    }
    assertThat(value(out, "dropscope_collector_success", "flaky")).isEqualTo(1);
    assertThat(value(out, "flaky_value", null)).isEqualTo(7);
  }
}
