package dev.dropscope.exporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.FreePort;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * clients/python/dropscope_client.py, run by the real python3: its demo against the real exporter
 * jar moves the metrics, refusals raise with the exporter's errors, and the retry behaviour holds
 * against a stand-in server that answers 503 (the exporter does so only when its disk fails).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonClientIT {
  private static final Path CLIENT =
      Path.of("..", "clients", "python", "dropscope_client.py").toAbsolutePath().normalize();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private ExporterProcess exporter;

  @BeforeAll
  void start(@TempDir Path dir) {
    Binaries.python3();
    this.dir = dir;
    exporter = AllPacksExporter.start(dir);
  }

  @AfterAll
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void demo_sends_a_heartbeat_and_a_claim_and_the_airdrops_metrics_move() {
    Processes.Result run =
        Processes.run(
            List.of(
                Binaries.python3().toString(),
                CLIENT.toString(),
                "--url",
                "http://" + exporter.address(),
                "--token-file",
                AllPacksExporter.tokenFile(dir).toString()),
            "",
            TIMEOUT);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout())
        .as(run.describe())
        .isEqualTo("heartbeat: {\"accepted\": 1}\nclaim: {\"accepted\": 1}\n");
    Http.Response metrics = Http.get(exporter.uri("/metrics"));
    assertThat(metrics.body())
        .contains(
            "airdrops_component_up{component=\"python-client-demo\"} 1.0",
            "airdrops_claims_total{protocol=\"zksync\",status=\"success\"} 1.0",
            "airdrops_claimed_value_usd_total{protocol=\"zksync\",token=\"ZK\"} 319.31");
  }

  @Test
  void refused_batch_raises_DropscopeRejected_with_the_exporters_errors() throws Exception {
    Processes.Result run =
        python(
            """
            client = DropscopeClient(sys.argv[2], token=sys.argv[3])
            try:
                client.send_batch([
                    {"type": "airdrops.heartbeat", "component": "scheduler"},
                    {"type": "airdrops.claim", "protocol": "zksync", "wallet": "0xa", "token": "ZK", "status": "ok"},
                ])
            except DropscopeRejected as e:
                print(json.dumps({"status": e.status, "errors": e.errors}))
                print(e)
            """,
            "http://" + exporter.address(),
            AllPacksExporter.TOKEN);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    String[] lines = run.stdout().split("\n", 2);
    JsonNode rejected = JSON.readTree(lines[0]);
    assertThat(rejected.path("status").asInt()).isEqualTo(400);
    assertThat(rejected.path("errors").toString())
        .isEqualTo(
            "[{\"index\":1,\"field\":\"status\",\"message\":\"not an allowed value\","
                + "\"expected\":\"one of success|failed\",\"found\":\"'ok'\"}]");
    assertThat(lines[1])
        .as("the exception's message")
        .contains(
            "HTTP 400",
            "event 1, field status: not an allowed value; expected one of success|failed,"
                + " found 'ok'");
  }

  @Test
  void wrong_token_raises_DropscopeRejected_with_status_401_without_retrying() {
    Processes.Result run =
        python(
            """
            client = DropscopeClient(sys.argv[2], token="wrong")
            try:
                client.send({"type": "airdrops.heartbeat", "component": "scheduler"})
            except DropscopeRejected as e:
                print(e.status, e)
            """,
            "http://" + exporter.address());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout().strip()).isEqualTo("401 HTTP 401: missing or wrong bearer token");
    assertThat(Http.get(exporter.uri("/metrics")).body())
        .as("one refused request: no retry")
        .contains("dropscope_events_rejected_total{reason=\"unauthorized\",type=\"unknown\"} 1.0");
  }

  @Test
  void retries_503_with_backoff_and_returns_the_answer_that_follows() throws IOException {
    try (StandIn standIn = new StandIn(503, 503, 202)) {
      Processes.Result run =
          python(
              """
              client = DropscopeClient(sys.argv[2], backoff=0.05)
              print(json.dumps(client.send({"type": "airdrops.heartbeat", "component": "scheduler"})))
              """,
              standIn.url());

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.stdout().strip()).isEqualTo("{\"accepted\": 1}");
      assertThat(standIn.requests).hasSize(3);
    }
  }

  @Test
  void send_batch_posts_ndjson_with_the_bearer_token() throws IOException {
    try (StandIn standIn = new StandIn(202)) {
      Processes.Result run =
          python(
              """
              client = DropscopeClient(sys.argv[2], token="s3cret")
              client.send_batch([{"type": "airdrops.price", "token": "ZK", "usd": 0.21},
                                 {"type": "airdrops.price", "token": "ETH", "usd": 3300.25}])
              """,
              standIn.url());

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(standIn.requests)
          .containsExactly(
              new Request(
                  "application/x-ndjson",
                  "Bearer s3cret",
                  "{\"type\":\"airdrops.price\",\"token\":\"ZK\",\"usd\":0.21}\n"
                      + "{\"type\":\"airdrops.price\",\"token\":\"ETH\",\"usd\":3300.25}\n"));
    }
  }

  @Test
  void gives_up_with_DropscopeUnavailable_when_nothing_listens() {
    Processes.Result run =
        python(
            """
            client = DropscopeClient(sys.argv[2], retries=2, backoff=0.01)
            try:
                client.send({"type": "airdrops.heartbeat", "component": "scheduler"})
            except DropscopeUnavailable as e:
                print(e)
            """,
            "http://127.0.0.1:" + FreePort.pick());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("failed 3 times", "refused");
  }

  /** Runs {@code script} with the client importable; its arguments start at sys.argv[2]. */
  private static Processes.Result python(String script, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Binaries.python3().toString());
    command.add("-B"); // no __pycache__ next to the client
    command.add("-c");
    command.add(
        """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        from dropscope_client import DropscopeClient, DropscopeRejected, DropscopeUnavailable
        """
            + script);
    command.add(CLIENT.getParent().toString());
    command.addAll(List.of(args));
    return Processes.run(command, "", TIMEOUT);
  }

  /** What the stand-in server was sent. */
  record Request(String contentType, String authorization, String body) {}

  /** A server on loopback answering {@code /api/v1/events} with the given statuses in turn. */
  private static final class StandIn implements AutoCloseable {
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    StandIn(Integer... statuses) throws IOException {
      Queue<Integer> answers = new ConcurrentLinkedQueue<>(List.of(statuses));
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/api/v1/events",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(
                new Request(
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(body, StandardCharsets.UTF_8)));
            Integer status = answers.poll();
            int code = status != null ? status : 500;
            byte[] answer =
                (code == 202
                        ? "{\"accepted\":1}"
                        : "{\"accepted\":0,\"error\":\"the journal could not make the events durable\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
