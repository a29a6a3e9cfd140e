package dev.dropscope.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.Exporter;
import dev.dropscope.exporter.config.ConfigLoader;
import dev.dropscope.exporter.host.FixtureHostSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/v1/events over real HTTP: token, method and content type are checked first. */
class IngestHttpTest {
  private static final String HEARTBEAT =
      "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\"}";
  private final HttpClient http = HttpClient.newHttpClient();
  private Exporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  private Exporter start(String yaml) {
    exporter =
        Exporter.start(
            new ConfigLoader().parse("server:\n  port: 0\n" + yaml), new FixtureHostSource());
    return exporter;
  }

  private HttpResponse<String> post(String contentType, String authorization, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + exporter.address().getPort() + "/api/v1/events"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void without_a_configured_token_events_are_accepted() throws Exception {
    start("");
    var r = post("application/json", null, HEARTBEAT);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("{\"accepted\":1}");
  }

  @Test
  void with_a_token_file_a_missing_or_wrong_token_is_401_and_the_right_one_202(@TempDir Path dir)
      throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "s3cret-token\n");
    start("ingest:\n  token_file: " + token + "\n");
    assertThat(post("application/json", null, HEARTBEAT).statusCode()).isEqualTo(401);
    assertThat(post("application/json", "Bearer wrong", HEARTBEAT).statusCode()).isEqualTo(401);
    assertThat(post("application/json", "Basic czNjcmV0LXRva2Vu", HEARTBEAT).statusCode())
        .isEqualTo(401);
    var ok = post("application/json", "Bearer s3cret-token", HEARTBEAT);
    assertThat(ok.statusCode()).isEqualTo(202);
  }

  @Test
  void a_401_names_the_scheme_and_never_echoes_the_token(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "s3cret-token");
    start("ingest:\n  token_file: " + token + "\n");
    var r = post("application/json", "Bearer s3cret-tokeX", HEARTBEAT);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"dropscope\"");
    assertThat(r.body()).doesNotContain("s3cret");
  }

  @Test
  void request_durations_are_published_by_status_code() throws Exception {
    start("");
    post("application/json", null, HEARTBEAT);
    post("application/json", null, "{");
    var metrics =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + exporter.address().getPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("dropscope_ingest_request_duration_seconds_count{code=\"202\"} 1")
        .contains("dropscope_ingest_request_duration_seconds_count{code=\"400\"} 1");
  }

  @Test
  void a_missing_content_type_is_415() throws Exception {
    start("");
    assertThat(post(null, null, HEARTBEAT).statusCode()).isEqualTo(415);
  }

  @Test
  void ndjson_is_accepted_with_its_content_type() throws Exception {
    start("");
    var r = post("application/x-ndjson", null, HEARTBEAT + "\n" + HEARTBEAT + "\n");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("{\"accepted\":2}");
  }

  @Test
  void a_body_over_the_configured_limit_is_413() throws Exception {
    start("ingest:\n  max_body_bytes: 1024\n");
    var r = post("application/json", null, "[" + (HEARTBEAT + ",").repeat(40) + HEARTBEAT + "]");
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void get_is_405_with_allow_post() throws Exception {
    start("");
    var r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + exporter.address().getPort() + "/api/v1/events"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
  }
}
