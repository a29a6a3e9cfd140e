package dev.dropscope.exporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.Processes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bodies against the real jar: each gets a 4xx, never a 5xx, and afterwards the exposition
 * still parses with promtool, whatever label values arrived.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileIngestIT {
  private static final String CLAIM =
      "{\"type\":\"airdrops.claim\",\"protocol\":\"zksync\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"success\"";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path dir;
  private ExporterProcess exporter;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("hostile-ingest");
    Binaries.promtool();
    exporter = ExporterProcess.start(dir, "--journal", dir.resolve("journal").toString());
  }

  @AfterAll
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  static List<Arguments> hostileBodies() {
    String deep = "[".repeat(200) + "]".repeat(200);
    return List.of(
        Arguments.of("malformed JSON", "application/json", bytes("{\"type\":"), 400),
        Arguments.of("not an object", "application/json", bytes("42"), 400),
        Arguments.of(
            "unknown type", "application/json", bytes("{\"type\":\"airdrops.nope\"}"), 400),
        Arguments.of("no type", "application/json", bytes("{\"protocol\":\"x\"}"), 400),
        Arguments.of(
            "wrong field type",
            "application/json",
            bytes(CLAIM + ",\"value_usd\":\"a lot\"}"),
            400),
        Arguments.of("NaN literal", "application/json", bytes(CLAIM + ",\"value_usd\":NaN}"), 400),
        Arguments.of(
            "Infinity literal", "application/json", bytes(CLAIM + ",\"value_usd\":Infinity}"), 400),
        Arguments.of(
            "overflow to infinity",
            "application/json",
            bytes(CLAIM + ",\"value_usd\":1e400}"),
            400),
        Arguments.of("negative amount", "application/json", bytes(CLAIM + ",\"fee_usd\":-1}"), 400),
        Arguments.of(
            "enum violated",
            "application/json",
            bytes(CLAIM.replace("success", "maybe") + "}"),
            400),
        Arguments.of(
            "label value too long",
            "application/json",
            bytes(CLAIM.replace("zksync", "z".repeat(300)) + "}"),
            400),
        Arguments.of(
            "2 MB string",
            "application/json",
            bytes(CLAIM + ",\"note\":\"" + "x".repeat(2 << 20) + "\"}"),
            400),
        Arguments.of(
            "deep nesting", "application/json", bytes(CLAIM + ",\"x\":" + deep + "}"), 400),
        Arguments.of(
            "huge number literal",
            "application/json",
            bytes(CLAIM + ",\"value_usd\":" + "9".repeat(500) + "}"),
            400),
        Arguments.of("invalid UTF-8", "application/json", invalidUtf8(), 400),
        Arguments.of(
            "ts in the far future",
            "application/json",
            bytes(CLAIM + ",\"ts\":\"2999-01-01T00:00:00Z\"}"),
            400),
        Arguments.of("bad ts", "application/json", bytes(CLAIM + ",\"ts\":\"yesterday\"}"), 400),
        Arguments.of(
            "ndjson with a bad line", "application/x-ndjson", bytes(CLAIM + "}\n{oops}\n"), 400),
        Arguments.of("too many events", "application/json", bytes(manyEvents(10_001)), 413),
        Arguments.of("body over the limit", "application/json", new byte[9 << 20], 413),
        Arguments.of("wrong content type", "text/plain", bytes(CLAIM + "}"), 415),
        Arguments.of("empty body", "application/json", new byte[0], 400));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("hostileBodies")
  void hostile_body_gets_its_4xx_never_a_5xx(
      String what, String contentType, byte[] body, int expected) throws Exception {
    HttpResponse<String> r = post(contentType, body);
    assertThat(r.statusCode()).as("%s: %s", what, r.body()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "label value {0}")
  @MethodSource("oddLabelValues")
  void odd_label_values_are_accepted_and_the_exposition_still_parses(String value)
      throws Exception {
    String escaped =
        value
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\t", "\\t")
            .replace("\u0001", "\\u0001");
    HttpResponse<String> r =
        post("application/json", bytes(CLAIM.replace("zksync", escaped) + "}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

    Http.Response metrics = Http.get(exporter.uri("/metrics"));
    assertThat(metrics.status()).isEqualTo(200);
    Processes.Result lint =
        Processes.run(
            List.of(Binaries.promtool().toString(), "check", "metrics"),
            metrics.body(),
            Duration.ofSeconds(30));
    // 0: clean, 3: lint remarks only (node_exporter's camelCase names); 1 would mean unparseable.
    assertThat(lint.exitCode()).as(lint.describe()).isIn(0, 3);
  }

  static List<String> oddLabelValues() {
    return List.of(
        "quote\"inside",
        "back\\slash",
        "new\nline",
        "tab\tbed",
        "ünïcødé",
        "emoji 🚀",
        "{curly}",
        "=,; ",
        "\u0001ctl");
  }

  private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(exporter.uri("/api/v1/events"))
            .header("Content-Type", contentType)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] invalidUtf8() {
    byte[] head = bytes(CLAIM + ",\"note\":\"");
    byte[] tail = bytes("\"}");
    byte[] out = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    out[head.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
    out[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, out, head.length + 2, tail.length);
    return out;
  }

  private static String manyEvents(int n) {
    return IntStream.range(0, n).mapToObj(i -> "{}").collect(Collectors.joining(",", "[", "]"));
  }
}
