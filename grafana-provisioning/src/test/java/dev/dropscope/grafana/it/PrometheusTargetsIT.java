package dev.dropscope.grafana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.grafana.Module;
import dev.dropscope.grafana.query.DashboardVariable;
import dev.dropscope.grafana.query.GrafanaMacros;
import dev.dropscope.grafana.query.ProvisionedDashboard;
import dev.dropscope.grafana.query.QueryTarget;
import dev.dropscope.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL query of every committed dashboard runs against a real Prometheus scraping the real
 * exporter fed by the simulator (see {@link MonitoringStack}) and returns data: at least one series
 * with a value that is not NaN. Grafana's variables are expanded as Grafana would with "All"
 * selected and a 1-hour range: {@code $__rate_interval} → 1m, {@code $__range} → 3600s, dashboard
 * variables → {@code .*} (this Prometheus holds nothing but the test's own jobs).
 *
 * <p>Queries are polled until they all have data or the deadline passes; the failure lists each
 * query still without data, expanded, with Prometheus's last answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusTargetsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration RATE_INTERVAL = Duration.ofMinutes(1);
  private static final Duration INTERVAL = Duration.ofSeconds(15);
  private static final Duration RANGE = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Panels that have data only when something is wrong; their queries must run (HTTP 200, a valid
   * result), not return series. Key: dashboard uid / panel title.
   */
  static final Map<String, String> ONLY_WHEN_SOMETHING_IS_WRONG =
      Map.of(
          "dropscope-alerting / Firing and pending alerts",
          "ALERTS has series only while an alert is pending or firing",
          "dropscope-alerting / Alerts over time",
          "ALERTS has series only while an alert is pending or firing");

  private MonitoringStack stack;
  private List<ProvisionedDashboard> dashboards;

  @BeforeAll
  void start(@TempDir Path dir) {
    stack = MonitoringStack.start(dir);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void every_prometheus_query_returns_data() {
    List<QueryTarget> targets =
        ProvisionedDashboard.promqlTargets(Module.DASHBOARDS).stream()
            .filter(t -> !ONLY_WHEN_SOMETHING_IS_WRONG.containsKey(key(t)))
            .toList();
    assertThat(targets).hasSizeGreaterThan(100);

    Map<String, String> missing = poll(targets, PrometheusTargetsIT::hasData);

    assertThat(missing)
        .as(
            "%d of %d PromQL queries returned no data within %s:%n%s%nscrape targets:%n%s",
            missing.size(),
            targets.size(),
            DEADLINE,
            describe(missing),
            stack.prometheus().targets())
        .isEmpty();
  }

  @Test
  void queries_of_panels_that_show_trouble_run() {
    List<QueryTarget> targets =
        ProvisionedDashboard.promqlTargets(Module.DASHBOARDS).stream()
            .filter(t -> ONLY_WHEN_SOMETHING_IS_WRONG.containsKey(key(t)))
            .toList();
    assertThat(targets.stream().map(PrometheusTargetsIT::key).distinct())
        .as("every allow-listed panel exists")
        .containsExactlyInAnyOrderElementsOf(ONLY_WHEN_SOMETHING_IS_WRONG.keySet());

    Map<String, String> failing = poll(targets, answer -> true);

    assertThat(failing).as("queries Prometheus did not run:%n%s", describe(failing)).isEmpty();
  }

  @Test
  void every_variable_query_finds_values() {
    List<QueryTarget> asQueries = new ArrayList<>();
    for (ProvisionedDashboard d : ProvisionedDashboard.readAll(Module.DASHBOARDS)) {
      for (DashboardVariable v : d.variables()) {
        asQueries.add(
            new QueryTarget(
                d.uid(), 0, "$" + v.name(), "variable", v.name(), null, labelValues(v), "", true));
      }
    }
    assertThat(asQueries).isNotEmpty();

    Map<String, String> empty = poll(asQueries, PrometheusTargetsIT::hasData);

    assertThat(empty).as("variables without values:%n%s", describe(empty)).isEmpty();
  }

  /** {@code label_values(METRIC, LABEL)} as the PromQL {@code count by (LABEL) (METRIC)}. */
  private static String labelValues(DashboardVariable v) {
    Matcher m = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)").matcher(v.query());
    assertThat(m.matches()).as("variable %s: %s", v.name(), v.query()).isTrue();
    return "count by (" + m.group(2) + ") (" + m.group(1) + ")";
  }

  /**
   * Queries every target until {@code done} accepts its answer or the deadline passes; returns the
   * targets never accepted, as "where: expanded query" to the last answer.
   */
  private Map<String, String> poll(List<QueryTarget> targets, Predicate<JsonNode> done) {
    Map<QueryTarget, String> waiting = new LinkedHashMap<>();
    targets.forEach(t -> waiting.put(t, "no answer yet"));
    long start = System.nanoTime();
    String lastDone = "none";
    long end = start + DEADLINE.toNanos();
    while (true) {
      for (Map.Entry<QueryTarget, String> e : new ArrayList<>(waiting.entrySet())) {
        QueryTarget t = e.getKey();
        Http.Response r = query(expand(t));
        if (r.status() == 400) {
          throw new AssertionError(
              "Prometheus rejected " + t.where() + ": " + expand(t) + "\n" + r.body());
        }
        if (r.status() == 200 && done.test(data(r.body()))) {
          waiting.remove(t);
          lastDone =
              t.where()
                  + " after "
                  + Duration.ofNanos(System.nanoTime() - start).toSeconds()
                  + " s";
        } else {
          waiting.put(t, "HTTP " + r.status() + ": " + r.body());
        }
      }
      if (waiting.isEmpty() || System.nanoTime() > end) {
        System.out.printf(
            "%d of %d queries done after %d s; the last to be done: %s%n",
            targets.size() - waiting.size(),
            targets.size(),
            Duration.ofNanos(System.nanoTime() - start).toSeconds(),
            lastDone);
        break;
      }
      sleep(POLL);
    }
    Map<String, String> out = new LinkedHashMap<>();
    waiting.forEach((t, last) -> out.put(t.where() + ": " + expand(t), last));
    return out;
  }

  private String expand(QueryTarget t) {
    Map<String, String> variables = new HashMap<>();
    for (ProvisionedDashboard d : dashboards()) {
      if (d.uid().equals(t.dashboardUid())) {
        d.variables()
            .forEach(v -> variables.put(v.name(), v.allValue().isEmpty() ? ".*" : v.allValue()));
      }
    }
    return GrafanaMacros.promql(t.query(), variables, RATE_INTERVAL, INTERVAL, RANGE);
  }

  private List<ProvisionedDashboard> dashboards() {
    if (dashboards == null) {
      dashboards = ProvisionedDashboard.readAll(Module.DASHBOARDS);
    }
    return dashboards;
  }

  private Http.Response query(String promql) {
    try {
      return Http.get(
          stack
              .prometheus()
              .uri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    } catch (UncheckedIOException e) {
      return new Http.Response(0, "", e.getMessage());
    }
  }

  /** The {@code data} of a successful answer; a missing node otherwise. */
  private static JsonNode data(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      return "success".equals(root.path("status").asText())
          ? root.path("data")
          : JSON.missingNode();
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** At least one series whose value is a number (not NaN). */
  private static boolean hasData(JsonNode data) {
    for (JsonNode series : data.path("result")) {
      if (!series.path("value").path(1).asText("NaN").equals("NaN")) {
        return true;
      }
    }
    return false;
  }

  private static String key(QueryTarget t) {
    return t.dashboardUid() + " / " + t.panelTitle();
  }

  private static String describe(Map<String, String> failures) {
    StringBuilder out = new StringBuilder();
    failures.forEach(
        (query, last) ->
            out.append("  ").append(query).append("\n    last answer: ").append(last).append('\n'));
    return out.toString();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
