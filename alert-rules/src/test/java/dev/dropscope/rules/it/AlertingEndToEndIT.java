package dev.dropscope.rules.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.exporter.config.StrictYaml;
import dev.dropscope.rules.alertmanager.AlertmanagerWriter;
import dev.dropscope.rules.alertmanager.ChannelsCompiler;
import dev.dropscope.rules.alertmanager.ChannelsSpec;
import dev.dropscope.rules.generate.Generator;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.PrometheusServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alerting path, for real: the exporter jar receives a breach (the risk manager opens its
 * circuit breaker, a component goes silent), Prometheus 2.42 running the committed rule files fires
 * the alerts, Alertmanager 0.25 on a generated configuration notifies a webhook receiver (this
 * test's HTTP server) with the alerts' labels, and once the breach ends the resolved notification
 * follows.
 */
class AlertingEndToEndIT {
  private static final Duration FIRING = Duration.ofMinutes(4);
  private static final Duration RESOLVED = Duration.ofMinutes(1);

  @Test
  void a_breach_is_notified_firing_then_resolved(@TempDir Path dir) throws IOException {
    try (WebhookReceiver webhook = WebhookReceiver.start();
        AlertmanagerProcess alertmanager =
            AlertmanagerProcess.start(alertmanagerConfig(dir, webhook), dir);
        ExporterProcess exporter =
            ExporterProcess.start(dir, "--config", exporterConfig(dir).toString());
        PrometheusServer prometheus = prometheus(dir, exporter, alertmanager)) {
      String instance = exporter.address();

      // the breach: the circuit breaker opens at critical risk; the scheduler says hello, then
      // falls silent
      post(exporter, "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\"}");
      post(
          exporter, "{\"type\":\"airdrops.risk\",\"level\":\"critical\",\"circuit_breaker\":true}");

      JsonNode breaker =
          webhook.await(
              "AirdropsCircuitBreakerActive firing",
              firing("AirdropsCircuitBreakerActive"),
              FIRING,
              () -> alertsOf(prometheus));
      assertThat(labels(breaker))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "alertname", "AirdropsCircuitBreakerActive",
                  "severity", "critical",
                  "priority", "critical",
                  "pack", "airdrops",
                  "instance", instance,
                  "job", "dropscope"));
      assertThat(breaker.path("annotations").path("summary").asText())
          .isEqualTo("The risk manager's circuit breaker is open on " + instance);
      assertThat(breaker.path("annotations").path("runbook_url").asText())
          .endsWith("docs/runbooks.md#airdropscircuitbreakeractive");

      JsonNode down =
          webhook.await(
              "AirdropsComponentDown firing",
              firing("AirdropsComponentDown"),
              FIRING,
              () -> alertsOf(prometheus));
      assertThat(labels(down))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "alertname", "AirdropsComponentDown",
                  "component", "scheduler",
                  "severity", "critical",
                  "priority", "critical",
                  "pack", "airdrops",
                  "instance", instance,
                  "job", "dropscope"));

      // the breach ends: the breaker closes, the scheduler is back
      post(exporter, "{\"type\":\"airdrops.risk\",\"level\":\"low\",\"circuit_breaker\":false}");
      post(exporter, "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\"}");

      JsonNode breakerResolved =
          webhook.await(
              "AirdropsCircuitBreakerActive resolved",
              resolved("AirdropsCircuitBreakerActive"),
              RESOLVED,
              () -> alertsOf(prometheus));
      assertThat(labels(breakerResolved)).isEqualTo(labels(breaker));
      JsonNode downResolved =
          webhook.await(
              "AirdropsComponentDown resolved",
              resolved("AirdropsComponentDown"),
              RESOLVED,
              () -> alertsOf(prometheus));
      assertThat(labels(downResolved)).isEqualTo(labels(down));
      assertThat(downResolved.path("endsAt").asText()).isNotBlank();
    }
  }

  /** The channels spec of the test: everything to the test's webhook, no waiting. */
  private static Path alertmanagerConfig(Path dir, WebhookReceiver webhook) {
    String channels =
        """
        channels:
          test-webhook: {type: webhook, url: '%s'}
        routing:
          group_by: [alertname, instance]
          group_wait: 1s
          group_interval: 1s
          default: {channels: [test-webhook], repeat_interval: 1h}
          severities:
            critical: {channels: [test-webhook], repeat_interval: 1h}
            warning: {channels: [test-webhook], repeat_interval: 1h}
            info: {channels: [test-webhook], repeat_interval: 1h}
        """
            .formatted(webhook.url());
    Map<String, String> files =
        AlertmanagerWriter.files(
            ChannelsCompiler.compile(
                "it-channels.yml", new StrictYaml().read(channels, ChannelsSpec.class)),
            "it-channels.yml");
    Generator.write(dir, files);
    return dir.resolve("alertmanager/alertmanager.yml");
  }

  /**
   * The exporter on the airdrops pack, declaring a component silent after 2 s without heartbeat.
   */
  private static Path exporterConfig(Path dir) {
    Path file = dir.resolve("exporter.yml");
    try {
      Files.writeString(
          file,
          """
          packs:
            builtin: [airdrops]
          ingest:
            silence_after: 2s
          journal:
            dir: %s
          """
              .formatted(dir.resolve("journal")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static PrometheusServer prometheus(
      Path dir, ExporterProcess exporter, AlertmanagerProcess am) {
    PrometheusServer.Builder b =
        PrometheusServer.builder()
            .scrape("dropscope", exporter.address())
            .alertmanager(am.address());
    Bundle.files(Bundle.GENERATED.resolve("prometheus"), ".rules.yml").forEach(b::ruleFile);
    return b.start(dir.resolve("prometheus"));
  }

  private static void post(ExporterProcess exporter, String event) {
    HttpRequest request =
        HttpRequest.newBuilder(exporter.uri("/api/v1/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event))
            .timeout(Duration.ofSeconds(10))
            .build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("POST %s answered %s", event, r.body()).isBetween(200, 299);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Predicate<JsonNode> firing(String alertname) {
    return a ->
        a.path("status").asText().equals("firing")
            && a.path("labels").path("alertname").asText().equals(alertname);
  }

  private static Predicate<JsonNode> resolved(String alertname) {
    return a ->
        a.path("status").asText().equals("resolved")
            && a.path("labels").path("alertname").asText().equals(alertname);
  }

  private static Map<String, String> labels(JsonNode alert) {
    Map<String, String> out = new java.util.TreeMap<>();
    alert.path("labels").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static String alertsOf(PrometheusServer prometheus) {
    try {
      return "Prometheus alerts: " + Http.get(prometheus.uri("/api/v1/alerts")).body();
    } catch (UncheckedIOException e) {
      return "Prometheus alerts: unavailable (" + e.getMessage() + ")";
    }
  }
}
