package dev.dropscope.grafana.it;

import com.sun.net.httpserver.HttpServer;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.FreePort;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.ManagedProcess;
import dev.dropscope.testing.Processes;
import dev.dropscope.testing.PrometheusServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the Prometheus dashboards read, running for real: the exporter jar on all three built-in
 * packs, fed by two simulators; Alertmanager 0.25 notifying a local webhook; and Prometheus 2.42
 * scraping the exporter, Alertmanager and itself every second, with the committed rule files of
 * {@code alert-rules/generated/prometheus/} loaded.
 *
 * <p>The simulators: one replays 7 days of journaled events (claims, interactions, portfolio
 * snapshots, trades, transactions) over about 30 s, so that counters of rare events such as claims
 * rise while Prometheus watches; the other replays the last 15 minutes of every event at 10x (about
 * 100 s) and then keeps running live, so gauges, histograms and frequent counters move throughout.
 *
 * <p>What a healthy simulated bot rarely does is done once on purpose, so that the panels showing
 * trouble are tested on real series too: a component error, an agent error and an event the
 * exporter refuses are posted at the start, and a new alert goes to Alertmanager every 10 s, so
 * that notifications are sent (to the webhook) while the test runs.
 */
final class MonitoringStack implements AutoCloseable {
  private static final Path REPO =
      Path.of(System.getProperty("dropscope.repo.root", "..")).toAbsolutePath().normalize();
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final List<AutoCloseable> open = new ArrayList<>();
  private PrometheusServer prometheus;
  private ExporterProcess exporter;
  private String alertmanager;

  private MonitoringStack() {}

  static MonitoringStack start(Path dir) {
    MonitoringStack stack = new MonitoringStack();
    try {
      stack.startAll(dir);
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  PrometheusServer prometheus() {
    return prometheus;
  }

  private void startAll(Path dir) {
    HttpServer webhook = webhook();
    open.add(() -> webhook.stop(0));
    alertmanager = startAlertmanager(dir, webhook.getAddress().getPort());
    exporter = ExporterProcess.start(dir, "--config", exporterConfig(dir).toString());
    open.add(exporter);
    PrometheusServer.Builder b =
        PrometheusServer.builder()
            .scrape("dropscope", exporter.address())
            .scrape("alertmanager", alertmanager)
            .scrapeSelf("prometheus")
            .alertmanager(alertmanager);
    ruleFiles().forEach(b::ruleFile);
    prometheus = b.start(dir.resolve("prometheus"));
    open.add(prometheus);
    open.add(
        simulate(dir, "simulate-backlog", "--history 7d --speed 20000 --duration 0s --seed 42"));
    open.add(simulate(dir, "simulate-live", "--history 15m --speed 10 --seed 7"));
    postTrouble();
    ScheduledExecutorService alerts = Executors.newSingleThreadScheduledExecutor();
    open.add(alerts::shutdownNow);
    AtomicInteger n = new AtomicInteger();
    alerts.scheduleAtFixedRate(
        () -> postAlert("DashboardTest" + n.incrementAndGet()), 0, 10, TimeUnit.SECONDS);
  }

  /** A component error, an agent error, and an event the exporter refuses (400, invalid). */
  private void postTrouble() {
    post(
        "{\"type\": \"airdrops.error\", \"component\": \"claimer\", \"kind\": \"rpc_timeout\"}",
        202);
    post(
        "{\"type\": \"trading.agent_error\", \"agent\": \"momentum\", \"kind\": \"timeout\"}", 202);
    post("{\"type\": \"airdrops.claim\", \"protocol\": \"zksync\"}", 400);
  }

  private void post(String event, int expected) {
    Http.Response r = Http.post(exporter.uri("/api/v1/events"), "application/json", event);
    if (r.status() != expected) {
      throw new AssertionError(
          "POST " + event + " answered " + r.status() + ", expected " + expected + ": " + r.body());
    }
  }

  /** Sends one alert straight to Alertmanager; a new name makes a new group, so a notification. */
  private void postAlert(String alertname) {
    String body =
        "[{\"labels\": {\"alertname\": \""
            + alertname
            + "\", \"severity\": \"info\"}, \"annotations\": {\"summary\": \"dashboard test\"}}]";
    try {
      Http.post(URI.create("http://" + alertmanager + "/api/v2/alerts"), "application/json", body);
    } catch (UncheckedIOException e) {
      // Alertmanager is stopping at the end of the test
    }
  }

  /** Runs {@code dropscope-exporter simulate} on all three packs with {@code flags}. */
  private ManagedProcess simulate(Path dir, String name, String flags) {
    List<String> command = new ArrayList<>();
    command.add(Processes.java().toString());
    command.addAll(ExporterProcess.jvmOptions());
    command.addAll(List.of("-jar", System.getProperty("dropscope.exporter.jar"), "simulate"));
    command.addAll(List.of("--target", "http://" + exporter.address()));
    command.addAll(List.of("--packs", "airdrops,trading,gateway"));
    command.addAll(List.of(flags.split(" ")));
    return Processes.start(name, command, dir);
  }

  /** A webhook receiver that answers 200 to every notification. */
  private static HttpServer webhook() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              exchange.sendResponseHeaders(200, -1);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String startAlertmanager(Path dir, int webhookPort) {
    int port = FreePort.pick();
    Path config = dir.resolve("alertmanager.yml");
    write(
        config,
        """
        route:
          receiver: webhook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: webhook
            webhook_configs:
              - url: http://127.0.0.1:%d/alerts
        """
            .formatted(webhookPort));
    Path data = dir.resolve("alertmanager-data");
    write(data.resolve(".keep"), "");
    ManagedProcess process =
        Processes.start(
            "alertmanager",
            List.of(
                Binaries.alertmanager().toString(),
                "--config.file=" + config,
                "--storage.path=" + data,
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="),
            dir);
    open.add(process);
    process.awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/-/ready"), STARTUP);
    return "127.0.0.1:" + port;
  }

  /** All three packs; a probe of Alertmanager's health URL, so the probe panels have data. */
  private Path exporterConfig(Path dir) {
    Path file = dir.resolve("exporter.yml");
    write(
        file,
        """
        packs:
          builtin: [airdrops, trading, gateway]
        journal:
          dir: %s
        components:
          - name: alertmanager
            url: http://%s/-/healthy
            interval: 1s
            timeout: 500ms
        """
            .formatted(dir.resolve("journal"), alertmanager));
    return file;
  }

  private static List<Path> ruleFiles() {
    Path dir = REPO.resolve("alert-rules/generated/prometheus");
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".rules.yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the rule files in " + dir, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Stops everything, the last started first. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop everything", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
