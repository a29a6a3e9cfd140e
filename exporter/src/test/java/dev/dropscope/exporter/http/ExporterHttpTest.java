package dev.dropscope.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.exporter.Exporter;
import dev.dropscope.exporter.config.CollectorsConfig;
import dev.dropscope.exporter.config.ConfigLoader;
import dev.dropscope.exporter.config.ExporterConfig;
import dev.dropscope.exporter.host.FixtureHostSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The exporter over real HTTP, reading a fixture host. */
class ExporterHttpTest {
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

  private Exporter start(String yaml, FixtureHostSource host) {
    ExporterConfig config = new ConfigLoader().parse("server:\n  port: 0\n" + yaml);
    Exporter exporter = Exporter.start(config, host);
    open.add(exporter);
    return exporter;
  }

  private HttpResponse<byte[]> get(Exporter e, String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.address().getPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Nested
  class Metrics {
    @Test
    void serves_node_families_in_prometheus_text_by_default() throws Exception {
      var r = get(start("", new FixtureHostSource()), "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(text(r))
          .contains("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 98000.0")
          .contains("node_memory_MemTotal_bytes 1.7179869184E10")
          .contains("dropscope_collector_success{collector=\"filesystem\"} 1.0")
          .contains("dropscope_build_info{");
    }

    @Test
    void serves_openmetrics_when_the_scraper_asks_for_it() throws Exception {
      var r =
          get(
              start("", new FixtureHostSource()),
              "/metrics",
              "Accept",
              "application/openmetrics-text; version=1.0.0");
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
      assertThat(text(r)).contains("# TYPE node_cpu_seconds counter").endsWith("# EOF\n");
    }

    @Test
    void compresses_with_gzip_when_the_scraper_accepts_it() throws Exception {
      var r = get(start("", new FixtureHostSource()), "/metrics", "Accept-Encoding", "gzip");
      assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
      try (var in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .contains("node_load1 0.52");
      }
    }

    @Test
    void a_hung_collector_does_not_block_the_scrape_beyond_its_budget() throws Exception {
      FixtureHostSource host = new FixtureHostSource().hangFilesystems();
      try {
        // ample for the healthy collectors on a cold JVM; the hung one never returns anyway
        Exporter e = start("collectors:\n  timeout: 2s\n", host);
        long t0 = System.nanoTime();
        var r = get(e, "/metrics");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds to answer").isLessThan(5);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r))
            .contains("dropscope_collector_success{collector=\"filesystem\"} 0.0")
            .contains("dropscope_collector_success{collector=\"cpu\"} 1.0")
            .doesNotContain("node_filesystem_size_bytes{");
        assertThat(CollectorsConfig.defaults().timeout()).isLessThan(Duration.ofSeconds(10));
      } finally {
        host.release();
      }
    }

    @Test
    void clients_that_send_headers_slowly_do_not_starve_scrapes() throws Exception {
      Exporter e = start("", new FixtureHostSource());
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 64; i++) {
          Socket s = new Socket("127.0.0.1", e.address().getPort());
          OutputStream out = s.getOutputStream();
          out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          slow.add(s);
        }
        long t0 = System.nanoTime();
        var r = get(e, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1e9)
            .as("seconds to answer beside 64 stalled clients")
            .isLessThan(5);
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Nested
  class Health {
    @Test
    void is_200_up_with_every_part_when_the_host_is_within_thresholds() throws Exception {
      var r = get(start("", new FixtureHostSource()), "/health");
      JsonNode body = JSON.readTree(r.body());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(body.path("status").asText()).isEqualTo("up");
      assertThat(body.path("parts").path("system").path("status").asText()).isEqualTo("up");
      assertThat(body.path("parts").path("collectors").path("status").asText()).isEqualTo("up");
    }

    @Test
    void system_is_503_degraded_when_memory_is_over_its_threshold() throws Exception {
      Exporter e =
          start(
              "health:\n  system:\n    memory_used_ratio: 0.8\n",
              new FixtureHostSource().memoryUsed(0.85));
      var r = get(e, "/health/system");
      JsonNode body = JSON.readTree(r.body());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(body.path("status").asText()).isEqualTo("degraded");
      assertThat(body.path("memory_used_ratio").asDouble()).isEqualTo(0.85);
      assertThat(body.path("thresholds").path("memory_used_ratio").asDouble()).isEqualTo(0.8);
      assertThat(get(e, "/health").statusCode()).isEqualTo(503);
    }

    @Test
    void system_reports_the_fullest_writable_filesystem() throws Exception {
      JsonNode body =
          JSON.readTree(get(start("", new FixtureHostSource()), "/health/system").body());
      assertThat(body.path("disk_fullest_mountpoint").asText()).isEqualTo("/");
      assertThat(body.path("disk_used_ratio").asDouble()).isEqualTo(0.65);
    }

    @Test
    void collectors_part_is_degraded_after_a_scrape_where_one_failed() throws Exception {
      FixtureHostSource host = new FixtureHostSource().hangFilesystems();
      try {
        // ample for the healthy collectors on a cold JVM, so only the hung one fails
        Exporter e = start("collectors:\n  timeout: 2s\n", host);
        get(e, "/metrics");
        JsonNode body = JSON.readTree(get(e, "/health/collectors").body());
        assertThat(body.path("status").asText()).isEqualTo("degraded");
        assertThat(body.path("failing").toString()).isEqualTo("[\"filesystem\"]");
      } finally {
        host.release();
      }
    }

    @Test
    void a_system_check_that_hangs_is_reported_down_within_the_budget() throws Exception {
      FixtureHostSource host = new FixtureHostSource().hangFilesystems();
      try {
        var r = get(start("collectors:\n  timeout: 200ms\n", host), "/health/system");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("error").asText())
            .isEqualTo("check overran its time budget");
      } finally {
        host.release();
      }
    }

    @Test
    void unknown_part_is_404() throws Exception {
      var r = get(start("", new FixtureHostSource()), "/health/nope");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(text(r)).contains("no health part named 'nope'");
    }
  }

  @Nested
  class Routing {
    @Test
    void liveness_answers_ok() throws Exception {
      var r = get(start("", new FixtureHostSource()), "/-/healthy");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(text(r)).isEqualTo("OK\n");
    }

    @Test
    void unknown_path_is_404_even_when_it_starts_like_a_known_one() throws Exception {
      Exporter e = start("", new FixtureHostSource());
      assertThat(get(e, "/metricsx").statusCode()).isEqualTo(404);
      assertThat(get(e, "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void post_to_a_read_only_endpoint_is_405() throws Exception {
      Exporter e = start("", new FixtureHostSource());
      var r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + e.address().getPort() + "/health"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void a_busy_port_is_reported_with_the_address() throws IOException {
      Exporter first = start("", new FixtureHostSource());
      ExporterConfig same =
          new ConfigLoader().parse("server:\n  port: " + first.address().getPort() + "\n");
      try {
        Exporter.start(same, new FixtureHostSource()).close();
        throw new AssertionError("second exporter on the same port started");
      } catch (java.io.UncheckedIOException expected) {
        assertThat(expected.getMessage())
            .startsWith("cannot listen on 127.0.0.1:" + first.address().getPort())
            .endsWith("pick another port with --port or server.port");
      }
    }
  }
}
