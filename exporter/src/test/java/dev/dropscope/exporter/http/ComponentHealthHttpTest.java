package dev.dropscope.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.exporter.Exporter;
import dev.dropscope.exporter.config.ConfigLoader;
import dev.dropscope.exporter.config.ExporterConfig;
import dev.dropscope.exporter.host.FixtureHostSource;
import dev.dropscope.testing.HealthEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/components/{name}}, {@code /health/components} and the {@code components} part of
 * {@code /health}, over real HTTP: heartbeats posted to the ingest API, probes against real local
 * health endpoints.
 */
class ComponentHealthHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private Exporter start(String yaml) {
    ExporterConfig config = new ConfigLoader().parse("server:\n  port: 0\n" + yaml);
    Exporter exporter = Exporter.start(config, new FixtureHostSource());
    open.add(exporter);
    return exporter;
  }

  private HealthEndpoint endpoint() {
    HealthEndpoint e = HealthEndpoint.start();
    open.add(e);
    return e;
  }

  /** A components section probing {@code url} as {@code name}. */
  private static String probing(String name, String url, String interval, String timeout) {
    return "components:\n  - name: "
        + name
        + "\n    url: "
        + url
        + "\n    interval: "
        + interval
        + "\n    timeout: "
        + timeout
        + "\n";
  }

  private URI uri(Exporter e, String path) {
    return URI.create("http://127.0.0.1:" + e.address().getPort() + path);
  }

  private HttpResponse<String> get(Exporter e, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(e, path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void heartbeat(Exporter e, String json) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(uri(e, "/api/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("ingest answered %s", r.body()).isEqualTo(202);
  }

  /** GETs {@code path} until {@code done} holds, for up to 30 s; fails with the last response. */
  private HttpResponse<String> await(Exporter e, String path, Predicate<HttpResponse<String>> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> last = get(e, path);
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "GET " + path + " never got there; last: " + last.statusCode() + " " + last.body());
      }
      Thread.sleep(20);
      last = get(e, path);
    }
    return last;
  }

  /** Whether the component's first probe has completed. */
  private static Predicate<HttpResponse<String>> probed() {
    return r -> r.body().contains("\"last_checked\"");
  }

  private static JsonNode body(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Nested
  class FromHeartbeats {
    @Test
    void a_component_that_sent_an_up_heartbeat_is_200_up() throws Exception {
      Exporter e = start("");
      heartbeat(e, "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\"}");

      var r = get(e, "/health/components/scheduler");

      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode c = body(r);
      assertThat(c.path("status").asText()).isEqualTo("up");
      assertThat(c.path("heartbeat").path("status").asText()).isEqualTo("up");
      assertThat(c.path("heartbeat").path("silent").asBoolean()).isFalse();
      assertThat(Instant.parse(c.path("heartbeat").path("last_seen").asText()))
          .isBefore(Instant.now().plusSeconds(1));
      assertThat(c.has("probe")).as("no probe configured").isFalse();
    }

    @Test
    void a_degraded_heartbeat_is_503_degraded() throws Exception {
      Exporter e = start("");
      heartbeat(
          e,
          "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\",\"status\":\"degraded\"}");

      var r = get(e, "/health/components/scheduler");

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(body(r).path("status").asText()).isEqualTo("degraded");
    }

    @Test
    void a_component_silent_beyond_silence_after_is_503_down() throws Exception {
      Exporter e = start("ingest:\n  silence_after: 1m\n");
      String tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10)).toString();
      heartbeat(
          e,
          "{\"type\":\"airdrops.heartbeat\",\"component\":\"claimer\",\"ts\":\""
              + tenMinutesAgo
              + "\"}");

      var r = get(e, "/health/components/claimer");

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(body(r).path("status").asText()).isEqualTo("down");
      assertThat(body(r).path("heartbeat").path("silent").asBoolean()).isTrue();
    }

    @Test
    void a_component_nobody_knows_is_404() throws Exception {
      Exporter e = start("");

      var r = get(e, "/health/components/ghost");

      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(body(r).path("error").asText())
          .isEqualTo(
              "no component named 'ghost': it has sent no heartbeat and has no probe configured");
    }
  }

  @Nested
  class FromProbes {
    @Test
    void a_passing_probe_is_200_up_with_its_figures() throws Exception {
      HealthEndpoint trader = endpoint();
      Exporter e = start(probing("trader", trader.url(), "30s", "10s"));

      var r = await(e, "/health/components/trader", probed());

      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode probe = body(r).path("probe");
      assertThat(body(r).path("status").asText()).isEqualTo("up");
      assertThat(probe.path("success").asBoolean()).isTrue();
      assertThat(probe.path("url").asText()).isEqualTo(trader.url());
      assertThat(probe.path("status_code").asInt()).isEqualTo(200);
      assertThat(probe.path("duration_seconds").asDouble()).isPositive();
      assertThat(probe.path("consecutive_failures").asInt()).isZero();
      assertThat(probe.has("error")).isFalse();
    }

    @Test
    void a_failing_probe_is_503_down_even_when_heartbeats_say_up() throws Exception {
      HealthEndpoint trader = endpoint().answer(500);
      Exporter e = start(probing("trader", trader.url(), "30s", "10s"));
      heartbeat(e, "{\"type\":\"airdrops.heartbeat\",\"component\":\"trader\"}");

      var r = await(e, "/health/components/trader", probed());

      assertThat(r.statusCode()).isEqualTo(503);
      JsonNode c = body(r);
      assertThat(c.path("status").asText()).isEqualTo("down");
      assertThat(c.path("heartbeat").path("status").asText()).isEqualTo("up");
      assertThat(c.path("probe").path("success").asBoolean()).isFalse();
      assertThat(c.path("probe").path("error").asText()).isEqualTo("status 500, expected 2xx");
    }

    @Test
    void probe_results_are_published_as_metrics() throws Exception {
      HealthEndpoint up = endpoint();
      HealthEndpoint down = endpoint().answer(503);
      Exporter e =
          start(
              probing("trader", up.url(), "30s", "10s")
                  + "  - name: gateway\n    url: "
                  + down.url()
                  + "\n    timeout: 10s\n    interval: 30s\n");

      var r =
          await(
              e,
              "/metrics",
              m ->
                  m.body().contains("dropscope_probe_success{component=\"trader\"}")
                      && m.body().contains("dropscope_probe_success{component=\"gateway\"}"));

      assertThat(r.body())
          .contains("dropscope_probe_success{component=\"trader\"} 1.0")
          .contains("dropscope_probe_success{component=\"gateway\"} 0.0")
          .contains("dropscope_probe_duration_seconds{component=\"trader\"} ")
          .contains("dropscope_probe_last_success_timestamp_seconds{component=\"trader\"} ")
          .doesNotContain("dropscope_probe_last_success_timestamp_seconds{component=\"gateway\"}")
          .contains("dropscope_collector_success{collector=\"probe\"} 1.0");
    }

    @Test
    void a_hung_component_never_slows_the_scrape() throws Exception {
      HealthEndpoint slow = endpoint().hang();
      Exporter e = start(probing("slow", slow.url(), "1m", "30s"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (slow.requests() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(slow.requests()).as("the probe reached the component").isEqualTo(1);

      long t0 = System.nanoTime();
      var r = get(e, "/metrics");
      double seconds = (System.nanoTime() - t0) / 1e9;

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(seconds).as("seconds to scrape beside a probe hung for 30s").isLessThan(10);
      assertThat(r.body())
          .contains("dropscope_collector_success{collector=\"probe\"} 1.0")
          .doesNotContain("dropscope_probe_success{component=\"slow\"}");
      var pending = get(e, "/health/components/slow");
      assertThat(pending.statusCode()).isEqualTo(503);
      assertThat(body(pending).path("probe").path("pending").asBoolean()).isTrue();
    }
  }

  @Nested
  class Overview {
    @Test
    void health_includes_every_component_and_takes_the_worst() throws Exception {
      HealthEndpoint trader = endpoint();
      Exporter e = start(probing("trader", trader.url(), "30s", "10s"));
      heartbeat(e, "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\"}");
      heartbeat(
          e, "{\"type\":\"airdrops.heartbeat\",\"component\":\"claimer\",\"status\":\"degraded\"}");
      await(e, "/health/components/trader", probed());

      var r = get(e, "/health");

      assertThat(r.statusCode()).isEqualTo(503);
      JsonNode part = body(r).path("parts").path("components");
      assertThat(part.path("status").asText()).isEqualTo("degraded");
      assertThat(part.path("components").path("trader").path("status").asText()).isEqualTo("up");
      assertThat(part.path("components").path("scheduler").path("status").asText()).isEqualTo("up");
      assertThat(part.path("components").path("claimer").path("status").asText())
          .isEqualTo("degraded");
    }

    @Test
    void health_components_lists_them_all_with_the_same_verdict() throws Exception {
      Exporter e = start("");
      heartbeat(e, "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\"}");
      heartbeat(
          e, "{\"type\":\"airdrops.heartbeat\",\"component\":\"claimer\",\"status\":\"down\"}");

      for (String path : List.of("/health/components", "/health/components/")) {
        var r = get(e, path);
        assertThat(r.statusCode()).as(path).isEqualTo(503);
        assertThat(body(r).path("status").asText()).isEqualTo("down");
        assertThat(body(r).path("components").fieldNames())
            .toIterable()
            .containsExactly("claimer", "scheduler");
      }
    }

    @Test
    void with_no_components_at_all_the_part_is_up() throws Exception {
      Exporter e = start("");

      var all = get(e, "/health/components");
      var health = get(e, "/health");

      assertThat(all.statusCode()).isEqualTo(200);
      assertThat(all.body()).isEqualTo("{\"status\":\"up\",\"components\":{}}");
      assertThat(body(health).path("parts").path("components").path("status").asText())
          .isEqualTo("up");
    }

    @Test
    void other_health_parts_are_still_served_by_name() throws Exception {
      Exporter e = start("");

      assertThat(get(e, "/health/system").statusCode()).isEqualTo(200);
      assertThat(get(e, "/health/componentsx").statusCode()).isEqualTo(404);
      assertThat(get(e, "/health/componentsx").body())
          .contains("no health part named 'componentsx'");
    }
  }
}
