package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.dropscope.etl.config.PrometheusConfig;
import dev.dropscope.etl.run.SourceRejectedException;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.testing.FreePort;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP side against a real local HTTPS server standing in for Prometheus: trust from {@code
 * ca_file}, basic and bearer credentials, and how each kind of failure is reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusClientTest {
  Path dir;
  Path caFile;
  HttpsServer server;
  ExecutorService handlers; // one thread per exchange: a slow answer holds up no later test
  URI url;
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> forms = new CopyOnWriteArrayList<>();
  final List<String> headers = new CopyOnWriteArrayList<>();
  volatile int status;
  volatile String body;
  volatile long delayMillis;

  @BeforeAll
  void serve(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path keystore = dir.resolve("server.p12");
    caFile = dir.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "prometheus",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "prometheus",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        caFile.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", this::answer);
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.start();
    url = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterAll
  void stop() {
    server.stop(0);
    handlers.shutdownNow();
  }

  @BeforeEach
  void reset() throws IOException {
    authorizations.clear();
    forms.clear();
    status = 200;
    body =
        new String(ResultParserTest.fixture("matrix.json").readAllBytes(), StandardCharsets.UTF_8);
    delayMillis = 0;
  }

  private void answer(HttpExchange exchange) throws IOException {
    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    String tenant = exchange.getRequestHeaders().getFirst("X-Scope-OrgID");
    if (tenant != null) {
      headers.add(tenant);
    }
    forms.add(
        URLDecoder.decode(
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
            StandardCharsets.UTF_8));
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  PrometheusClient client(Path bearer, String user, Path password, Path ca) {
    return new PrometheusClient(config(url, bearer, user, password, ca, Map.of()));
  }

  static PrometheusConfig config(
      URI url, Path bearer, String user, Path password, Path ca, Map<String, String> headers) {
    return new PrometheusConfig(
        url,
        Duration.ofSeconds(2),
        bearer,
        user,
        password,
        ca,
        null,
        null,
        null,
        null,
        null,
        null,
        headers);
  }

  PrometheusClient client() {
    return client(null, null, null, caFile);
  }

  static int samples(PrometheusClient c) throws Exception {
    int[] n = {0};
    c.query(
        "up[1h]",
        1767225600500L,
        new ResultParser.Handler() {
          @Override
          public void sample(long ts, double v) {
            n[0]++;
          }
        });
    return n[0];
  }

  @Nested
  class Trust {
    @Test
    void a_server_certificate_signed_by_ca_file_is_trusted() throws Exception {
      assertThat(samples(client())).isEqualTo(8);
      assertThat(forms.getFirst())
          .isEqualTo("query=up[1h]&time=1767225600.500&partial_response=false");
    }

    @Test
    void without_ca_file_the_handshake_fails_without_retry_naming_the_key() {
      assertThatThrownBy(() -> samples(client(null, null, null, null)))
          .isInstanceOf(SourceRejectedException.class)
          .hasMessageContaining("TLS with Prometheus at " + url)
          .hasMessageContaining("prometheus.ca_file");
    }
  }

  @Nested
  class Credentials {
    @Test
    void basic_auth_sends_user_and_the_password_file() throws Exception {
      Path password = Files.writeString(dir.resolve("password"), "s3cret:x\n");
      samples(client(null, "etl", password, caFile));
      String expected =
          Base64.getEncoder().encodeToString("etl:s3cret:x".getBytes(StandardCharsets.UTF_8));
      assertThat(authorizations).containsExactly("Basic " + expected);
    }

    @Test
    void a_bearer_token_file_is_read_again_for_every_request() throws Exception {
      Path token = Files.writeString(dir.resolve("token"), "first\n");
      PrometheusClient c = client(token, null, null, caFile);
      samples(c);
      Files.writeString(token, "rotated");
      samples(c);
      assertThat(authorizations).containsExactly("Bearer first", "Bearer rotated");
    }

    @Test
    void configured_headers_go_with_every_request() throws Exception {
      headers.clear();
      samples(
          new PrometheusClient(
              config(url, null, null, null, caFile, Map.of("X-Scope-OrgID", "bots"))));
      assertThat(headers).containsExactly("bots");
    }

    @Test
    void no_credentials_send_no_header() throws Exception {
      samples(client());
      assertThat(authorizations).containsExactly("null");
    }
  }

  @Nested
  class Failures {
    @Test
    void a_bad_query_is_rejected_with_prometheus_message() {
      status = 400;
      body =
          "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:3: parse error: unexpected \\\"(\\\"\"}";
      assertThatThrownBy(() -> samples(client()))
          .isInstanceOf(SourceRejectedException.class)
          .hasMessageContaining(
              "rejected up[1h] (HTTP 400 bad_data: 1:3: parse error: unexpected \"(\")")
          .hasMessageEndingWith("check prometheus.selectors");
    }

    @Test
    void refused_credentials_are_rejected_naming_the_keys() {
      status = 401;
      body = "Unauthorized";
      assertThatThrownBy(() -> samples(client()))
          .isInstanceOf(SourceRejectedException.class)
          .hasMessageContaining("refused the credentials (HTTP 401")
          .hasMessageContaining("password_file");
    }

    @Test
    void a_wrong_path_is_rejected_with_the_url_forms() {
      status = 404;
      body = "404 page not found";
      assertThatThrownBy(() -> samples(client()))
          .isInstanceOf(SourceRejectedException.class)
          .hasMessageContaining("has no /api/v1/query")
          .hasMessageContaining("http://mimir:8080/prometheus");
    }

    @Test
    void a_5xx_is_unavailable() {
      status = 503;
      body = "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}";
      assertThatThrownBy(() -> samples(client()))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("HTTP 503 timeout: query timed out");
    }

    @Test
    void too_many_samples_asks_for_a_shorter_window() {
      status = 422;
      body =
          "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load"
              + " too many samples into memory in query execution\"}";
      assertThatThrownBy(() -> samples(client())).isInstanceOf(TooManySamplesException.class);
    }

    @Test
    void a_silent_server_times_out_as_unavailable() {
      delayMillis = 3_000;
      assertThatThrownBy(() -> samples(client()))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("timed out");
    }

    @Test
    void nobody_listening_is_unavailable() {
      PrometheusClient c =
          new PrometheusClient(
              config(
                  URI.create("http://127.0.0.1:" + FreePort.pick()),
                  null,
                  null,
                  null,
                  null,
                  Map.of()));
      assertThatThrownBy(() -> samples(c))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("is unavailable")
          .hasMessageContaining("ConnectException");
    }

    @Test
    void an_answer_that_breaks_off_is_unavailable_after_handing_out_what_came() throws Exception {
      byte[] answer = body.getBytes(StandardCharsets.UTF_8);
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        Thread half =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try (Socket s = socket.accept()) {
                        s.getInputStream().read(new byte[8192]); // the request
                        OutputStream out = s.getOutputStream();
                        out.write(
                            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                    + answer.length
                                    + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(answer, 0, answer.length * 2 / 3); // then hang up
                        out.flush();
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    });
        PrometheusClient c =
            new PrometheusClient(
                config(
                    URI.create("http://127.0.0.1:" + socket.getLocalPort()),
                    null,
                    null,
                    null,
                    null,
                    Map.of()));
        List<Long> seen = new ArrayList<>();
        assertThatThrownBy(
                () ->
                    c.query(
                        "up[1h]",
                        0,
                        new ResultParser.Handler() {
                          @Override
                          public void sample(long ts, double v) {
                            seen.add(ts);
                          }
                        }))
            .isInstanceOf(SourceUnavailableException.class)
            .hasMessageContaining("is unavailable (/api/v1/query)");
        half.join();
        assertThat(seen).isNotEmpty().hasSizeLessThan(8);
      }
    }
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Processes.Result r = Processes.run(command, "", Duration.ofSeconds(60));
    assertThat(r.exitCode()).as(r.describe()).isZero();
  }
}
