package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.grafana.query.GrafanaMacros;
import dev.dropscope.grafana.query.ProvisionedDashboard;
import dev.dropscope.grafana.query.QueryTarget;
import dev.dropscope.testing.FreePort;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole product on one machine, without Docker: {@code local-stack.sh up} with three days of
 * simulated history and live traffic; an exchange disconnect posted to the exporter fires an alert
 * that Alertmanager delivers to a webhook; {@code sync} loads Prometheus and the journal into the
 * embedded PostgreSQL; the analytics views have rows, every SQL query of the dashboards answers as
 * the read-only role Grafana uses; {@code report} writes an HTML file whose charts draw in headless
 * Chromium; {@code down} leaves nothing running. The tests run in order on one stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
  private static final Path SCRIPT = Repo.COMPOSE.resolve("local-stack.sh");
  private static final Path ETL_JAR = Path.of(System.getProperty("dropscope.etl.jar"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ALERT_DELIVERED = Duration.ofMinutes(4);

  /**
   * Dashboard queries that may answer with no rows on a fresh stack, and why. Everything else must
   * return at least one row.
   */
  private static final Map<String, String> MAY_BE_EMPTY =
      Map.of(
          "Portfolio against benchmarks",
          "needs days of ETH and BTC prices in Prometheus; a fresh stack has minutes",
          "Next airdrop windows",
          "needs past claim seasons, weeks apart; three days of history have one");

  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private Path state;
  private WebhookSink webhook;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * When the webhook got the firing alert: Prometheus wrote its first firing ALERTS sample then.
   */
  private Instant firingSeen = Instant.now();

  @BeforeAll
  void up() throws IOException {
    state = Files.createTempDirectory("e2e-stack-");
    webhook = new WebhookSink();
    Path alertmanager = state.resolve("e2e-alertmanager.yml");
    Files.writeString(
        alertmanager,
        """
        # every alert to the test's webhook, at once
        route:
          receiver: e2e
          group_by: [alertname, exchange]
          group_wait: 1s
          group_interval: 5s
          repeat_interval: 1h
        receivers:
          - name: e2e
            webhook_configs:
              - url: %s
                send_resolved: false
        """
            .formatted(webhook.url()));
    for (String part : List.of("PROMETHEUS", "ALERTMANAGER", "EXPORTER", "ETL_METRICS")) {
      ports.put("DROPSCOPE_" + part + "_PORT", FreePort.pick());
    }
    Processes.Result up =
        script(
            Duration.ofMinutes(5),
            Map.of("DROPSCOPE_ALERTMANAGER_CONFIG", alertmanager.toString()),
            "up");
    assertThat(up.exitCode()).as(up.describe()).isZero();
  }

  @AfterAll
  void downAnyway() throws IOException {
    if (webhook != null) {
      webhook.close();
    }
    if (state != null && script(Duration.ofMinutes(3), Map.of(), "down").exitCode() == 0) {
      try (Stream<Path> tree = Files.walk(state)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  @Order(1)
  void an_exchange_disconnect_reaches_the_webhook_as_a_firing_alert() throws Exception {
    String token = Files.readString(state.resolve("secrets/ingest_token")).strip();
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(exporter() + "/api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"type\": \"trading.connection\", \"exchange\": \"e2e-exchange\","
                            + " \"connected\": false}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

    long end = System.nanoTime() + ALERT_DELIVERED.toNanos();
    while (System.nanoTime() < end) {
      for (String body : webhook.bodies()) {
        for (JsonNode alert : JSON.readTree(body).path("alerts")) {
          if (alert.path("labels").path("alertname").asText().equals("TradingExchangeDisconnected")
              && alert.path("labels").path("exchange").asText().equals("e2e-exchange")) {
            assertThat(alert.path("status").asText()).isEqualTo("firing");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
            firingSeen = Instant.now();
            return;
          }
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(
        "no TradingExchangeDisconnected for e2e-exchange reached the webhook within "
            + ALERT_DELIVERED
            + "; it got "
            + webhook.bodies());
  }

  @Test
  @Order(2)
  void sync_loads_prometheus_and_the_journal() throws Exception {
    // the firing samples must be older than the sync's lag (5 s): one more rule evaluation (15 s)
    Duration wait = Duration.between(Instant.now(), firingSeen.plusSeconds(25));
    if (!wait.isNegative()) {
      Thread.sleep(wait);
    }
    Path config = state.resolve("e2e-etl.yml");
    Files.writeString(
        config,
        """
        prometheus:
          lag: 5s
          initial_lookback: 1h
        reader:
          password_file: %s
        """
            .formatted(state.resolve("secrets/reader_password")));
    Processes.Result sync =
        Processes.run(
            List.of(
                javaBin(),
                "-jar",
                ETL_JAR.toString(),
                "sync",
                "--config",
                config.toString(),
                "--data-dir",
                state.resolve("etl/postgres").toString(),
                "--journal",
                state.resolve("exporter/journal").toString(),
                "--prometheus",
                "http://127.0.0.1:" + ports.get("DROPSCOPE_PROMETHEUS_PORT")),
            "",
            Duration.ofMinutes(5));
    assertThat(sync.exitCode()).as(sync.describe()).isZero();

    try (Connection c = reader()) {
      assertThat(count(c, "SELECT count(*) FROM analytics.metric_samples")).isPositive();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM analytics.metric_samples WHERE metric = 'ALERTS'"
                      + " AND labels ->> 'alertname' = 'TradingExchangeDisconnected'"))
          .as("the alert's ALERTS series is loaded")
          .isPositive();
      for (String view :
          List.of(
              "claim_success_rate",
              "claim_success_daily",
              "protocol_roi",
              "protocol_roi_by_model",
              "portfolio_value",
              "portfolio_metrics",
              "portfolio_risk",
              "optimization_suggestions",
              "trading_performance",
              "alert_history")) {
        assertThat(count(c, "SELECT count(*) FROM analytics." + view)).as(view).isPositive();
      }
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM analytics.alert_history"
                      + " WHERE alertname = 'TradingExchangeDisconnected'"))
          .as("the alert is in the alert history")
          .isPositive();
    }
  }

  @Test
  @Order(3)
  void every_dashboard_sql_query_answers_as_the_reader_role() throws Exception {
    Instant to = Instant.now();
    Instant from = to.minus(Duration.ofDays(4));
    Duration interval = Duration.ofMinutes(5); // what Grafana picks for 4 days at ~1,000 points
    List<QueryTarget> targets =
        ProvisionedDashboard.sqlTargets(Repo.path("grafana-provisioning/dashboards"));
    assertThat(targets).hasSizeGreaterThan(10);
    List<String> empty = new ArrayList<>();
    try (Connection c = reader();
        Statement s = c.createStatement()) {
      for (QueryTarget t : targets) {
        String sql = GrafanaMacros.sql(t.query(), from, to, interval);
        List<Instant> times = new ArrayList<>();
        int rows = 0;
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            rows++;
            if (t.isTimeSeries()) {
              times.add(time(rs.getObject("time")));
            }
          }
        } catch (SQLException e) {
          throw new AssertionError(t.where() + " failed: " + e.getMessage() + "\n" + sql, e);
        }
        if (t.isTimeSeries()) {
          assertThat(times).as(t.where() + " is ordered by time").isSorted();
        }
        if (rows == 0 && !MAY_BE_EMPTY.containsKey(t.panelTitle())) {
          empty.add(t.where() + "\n" + sql);
        }
      }
    }
    assertThat(empty).as("queries that returned no rows").isEmpty();
  }

  @Test
  @Order(4)
  void report_writes_an_html_file_whose_charts_draw() throws Exception {
    Path html = state.resolve("report.html");
    Processes.Result report =
        Processes.run(
            List.of(
                javaBin(),
                "-jar",
                ETL_JAR.toString(),
                "report",
                "--format",
                "html",
                "--out",
                html.toString(),
                "--data-dir",
                state.resolve("etl/postgres").toString()),
            "",
            Duration.ofMinutes(2));
    assertThat(report.exitCode()).as(report.describe()).isZero();
    assertThat(Files.readString(html)).contains("<canvas data-chart=\"portfolio_value\"");

    Process chromium =
        new ProcessBuilder(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--user-data-dir=" + state.resolve("chromium"),
                "--virtual-time-budget=5000",
                "--dump-dom",
                html.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(dom).contains("data-charts-drawn=\"4\"");
  }

  @Test
  @Order(5)
  void down_leaves_nothing_running() throws Exception {
    long postgres =
        Long.parseLong(
            Files.readAllLines(state.resolve("etl/postgres/postmaster.pid")).getFirst().strip());
    Processes.Result down = script(Duration.ofMinutes(3), Map.of(), "down");
    assertThat(down.exitCode()).as(down.describe()).isZero();
    assertThat(ProcessHandle.of(postgres).map(ProcessHandle::isAlive).orElse(false))
        .as("the embedded PostgreSQL is stopped")
        .isFalse();
    List<String> left = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            p ->
                p.info()
                    .commandLine()
                    .filter(cmd -> cmd.contains(state.toString()))
                    .ifPresent(left::add));
    assertThat(left).as("processes still naming " + state).isEmpty();
  }

  /** Grafana's time column: epoch seconds ($__timeGroupAlias) or a timestamp. */
  private static Instant time(Object value) {
    return switch (value) {
      case Number n -> Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
      case java.sql.Timestamp t -> t.toInstant();
      default -> throw new AssertionError("a time column of type " + value.getClass());
    };
  }

  private Connection reader() throws IOException, SQLException {
    List<String> pid = Files.readAllLines(state.resolve("etl/postgres/postmaster.pid"));
    String url = "jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres";
    return DriverManager.getConnection(
        url,
        "dropscope_reader",
        Files.readString(state.resolve("secrets/reader_password")).strip());
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String exporter() {
    return "http://127.0.0.1:" + ports.get("DROPSCOPE_EXPORTER_PORT");
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private Processes.Result script(Duration timeout, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("env", "DROPSCOPE_LOCAL_STACK_DIR=" + state));
    ports.forEach((name, port) -> command.add(name + "=" + port));
    env.forEach((name, value) -> command.add(name + "=" + value));
    command.add("DROPSCOPE_DEMO_HISTORY=3d");
    command.add("DROPSCOPE_ETL_INTERVAL=1m");
    command.add("bash");
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    return Processes.run(command, "", timeout);
  }
}
