package dev.dropscope.exporter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.config.ComponentConfig;
import dev.dropscope.testing.HealthEndpoint;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Probes against real HTTP servers on 127.0.0.1. The schedule is a {@link ManualTicker}: the test
 * runs each due probe itself, so no test waits for an interval.
 */
class ProbesTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final double NO_JITTER = 0.5;

  private final ManualTicker ticker = new ManualTicker();
  private final HttpClient client = Prober.newClient();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    client.shutdownNow();
  }

  private HealthEndpoint endpoint() {
    HealthEndpoint e = HealthEndpoint.start();
    open.add(e);
    return e;
  }

  private Probes probes(ComponentConfig... components) {
    Probes p =
        new Probes(
            List.of(components),
            new Prober(client, Clock.fixed(NOW, ZoneOffset.UTC)),
            ticker,
            () -> NO_JITTER,
            null);
    open.add(p);
    p.begin();
    return p;
  }

  /** A component with a timeout generous enough for a cold JVM on a loaded machine. */
  private static ComponentConfig component(String name, String url, Duration interval) {
    return new ComponentConfig(name, url, interval, Duration.ofSeconds(4), null, null);
  }

  private static ProbeResult last(Probes probes, String component) {
    return probes.status(component).orElseThrow().last();
  }

  /** The probe samples as Prometheus text lines. */
  private static List<String> samples(Probes probes) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(probes.metrics()));
      return out.toString(StandardCharsets.UTF_8)
          .lines()
          .filter(l -> l.startsWith("dropscope_probe_"))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Nested
  class Schedule {
    @Test
    void every_component_is_due_at_once_and_publishes_nothing_before_its_first_probe() {
      HealthEndpoint up = endpoint();
      Probes probes =
          probes(
              component("trader", up.url(), Duration.ofSeconds(5)),
              component("scheduler", up.url(), Duration.ofSeconds(5)));

      assertThat(ticker.delays()).containsExactly(Duration.ZERO, Duration.ZERO);
      assertThat(probes.names()).containsExactly("trader", "scheduler");
      assertThat(probes.status("trader")).hasValueSatisfying(s -> assertThat(s.pending()).isTrue());
      assertThat(probes.metrics()).isEmpty();
      assertThat(up.requests()).isZero();
    }

    @Test
    void an_unconfigured_component_has_no_probe_status() {
      assertThat(probes().status("nope")).isEmpty();
    }

    @Test
    void a_succeeding_component_is_probed_again_one_interval_later() {
      HealthEndpoint up = endpoint();
      probes(component("trader", up.url(), Duration.ofSeconds(5)));

      ticker.runNext();
      ticker.runNext();

      assertThat(up.requests()).isEqualTo(2);
      assertThat(ticker.delays())
          .containsExactly(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void consecutive_failures_double_the_delay_up_to_8x_and_a_success_resets_it() {
      HealthEndpoint flaky = endpoint().answer(500);
      Probes probes = probes(component("trader", flaky.url(), Duration.ofSeconds(5)));

      for (int i = 0; i < 4; i++) {
        ticker.runNext();
      }
      assertThat(ticker.delays())
          .containsExactly(
              Duration.ZERO,
              Duration.ofSeconds(10),
              Duration.ofSeconds(20),
              Duration.ofSeconds(40),
              Duration.ofSeconds(40));
      assertThat(probes.status("trader").orElseThrow().consecutiveFailures()).isEqualTo(4);

      flaky.answer(200);
      ticker.runNext();

      assertThat(ticker.lastDelay()).isEqualTo(Duration.ofSeconds(5));
      assertThat(probes.status("trader").orElseThrow().consecutiveFailures()).isZero();
      assertThat(samples(probes)).contains("dropscope_probe_success{component=\"trader\"} 1.0");
    }
  }

  @Nested
  class Outcome {
    @Test
    void a_200_is_success_1_with_its_duration_and_time() {
      HealthEndpoint up = endpoint();
      Probes probes = probes(component("trader", up.url(), Duration.ofSeconds(5)));

      ticker.runNext();

      ProbeResult r = last(probes, "trader");
      assertThat(r.success()).isTrue();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.durationSeconds()).isPositive().isLessThan(5);
      assertThat(r.checkedAt()).isEqualTo(NOW);
      assertThat(probes.status("trader").orElseThrow().lastSuccess()).isEqualTo(NOW);
      assertThat(samples(probes))
          .contains(
              "dropscope_probe_success{component=\"trader\"} 1.0",
              "dropscope_probe_last_success_timestamp_seconds{component=\"trader\"} 1.7953488E9")
          .anyMatch(l -> l.startsWith("dropscope_probe_duration_seconds{component=\"trader\"} "));
    }

    @Test
    void a_500_is_success_0_naming_the_status_and_keeps_the_last_success_time() {
      HealthEndpoint flaky = endpoint();
      Probes probes = probes(component("trader", flaky.url(), Duration.ofSeconds(5)));
      ticker.runNext();

      flaky.answer(500);
      ticker.runNext();

      ProbeResult r = last(probes, "trader");
      assertThat(r.success()).isFalse();
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.error()).isEqualTo("status 500, expected 2xx");
      assertThat(samples(probes))
          .contains(
              "dropscope_probe_success{component=\"trader\"} 0.0",
              "dropscope_probe_last_success_timestamp_seconds{component=\"trader\"} 1.7953488E9");
    }

    @Test
    void only_the_expected_statuses_count_as_success() {
      HealthEndpoint ok = endpoint();
      Probes probes =
          probes(
              new ComponentConfig(
                  "gateway",
                  ok.url(),
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(4),
                  List.of("204"),
                  null));

      ticker.runNext();

      assertThat(last(probes, "gateway").error()).isEqualTo("status 200, expected 204");
    }

    @Test
    void a_redirect_is_not_followed_so_3xx_can_be_expected() {
      HealthEndpoint moved = endpoint().answer(302);
      Probes probes =
          probes(
              new ComponentConfig(
                  "web",
                  moved.url(),
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(4),
                  List.of("3xx"),
                  null));

      ticker.runNext();

      assertThat(last(probes, "web").success()).isTrue();
      assertThat(last(probes, "web").statusCode()).isEqualTo(302);
    }

    @Test
    void a_refused_connection_fails_saying_it_cannot_connect() throws IOException {
      int closedPort;
      try (ServerSocket s = new ServerSocket(0)) {
        closedPort = s.getLocalPort();
      }
      Probes probes =
          probes(
              component(
                  "gone", "http://127.0.0.1:" + closedPort + "/health", Duration.ofSeconds(5)));

      ticker.runNext();

      ProbeResult r = last(probes, "gone");
      assertThat(r.success()).isFalse();
      assertThat(r.statusCode()).isZero();
      assertThat(r.error()).isEqualTo("cannot connect (refused or reset)");
      assertThat(samples(probes)).contains("dropscope_probe_success{component=\"gone\"} 0.0");
      assertThat(samples(probes)).noneMatch(l -> l.contains("last_success"));
    }

    @Test
    void configured_headers_and_the_user_agent_are_sent() {
      HealthEndpoint up = endpoint();
      probes(
          new ComponentConfig(
              "trader",
              up.url(),
              Duration.ofSeconds(5),
              Duration.ofSeconds(4),
              null,
              Map.of("Authorization", "Bearer s3cret")));

      ticker.runNext();

      assertThat(up.lastHeaders().getFirst("Authorization")).isEqualTo("Bearer s3cret");
      assertThat(up.lastHeaders().getFirst("User-Agent")).isEqualTo("dropscope-exporter");
    }
  }

  @Nested
  class HungComponent {
    @Test
    void fails_at_its_timeout_while_metrics_answer_with_the_last_result() throws Exception {
      HealthEndpoint slow = endpoint();
      Probes probes =
          probes(
              new ComponentConfig(
                  "slow", slow.url(), Duration.ofSeconds(10), Duration.ofSeconds(3), null, null));
      ticker.runNext();
      slow.hang();

      Thread probing = Thread.ofPlatform().start(ticker::runNext);
      awaitRequests(slow, 2);
      List<String> duringTheHang = samples(probes);
      boolean stillProbing = probing.isAlive();
      probing.join(Duration.ofSeconds(30));

      assertThat(stillProbing).as("the probe was still waiting when metrics answered").isTrue();
      assertThat(duringTheHang).contains("dropscope_probe_success{component=\"slow\"} 1.0");
      assertThat(probing.isAlive()).as("probe gave up").isFalse();
      ProbeResult r = last(probes, "slow");
      assertThat(r.error()).isEqualTo("no response within 3s");
      assertThat(r.durationSeconds()).as("gave up at the timeout").isBetween(2.9, 9.0);
      assertThat(samples(probes)).contains("dropscope_probe_success{component=\"slow\"} 0.0");
    }

    private static void awaitRequests(HealthEndpoint endpoint, int n) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (endpoint.requests() < n) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("endpoint saw " + endpoint.requests() + " requests, not " + n);
        }
        Thread.sleep(5);
      }
    }
  }

  @Nested
  class RealThreads {
    @Test
    void started_probes_run_by_themselves_from_the_start() throws Exception {
      HealthEndpoint up = endpoint();
      Probes probes =
          Probes.start(List.of(ComponentConfig.of("trader", up.url())), Clock.systemUTC());
      open.add(probes);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (probes.status("trader").orElseThrow().pending() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }

      assertThat(last(probes, "trader").success()).isTrue();
    }

    @Test
    void no_components_start_no_probes() {
      Probes none = Probes.start(List.of(), Clock.systemUTC());
      open.add(none);
      assertThat(none.names()).isEmpty();
      assertThat(none.metrics()).isEmpty();
    }
  }
}
