package dev.dropscope.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** NDJSON read with one parser for the whole body gives what reading line by line gives. */
class BodyParserTest {
  private final BodyParser parser = new BodyParser();

  private record Outcome(BodyParser.Parsed parsed, List<String> nodes) {}

  private Outcome fast(byte[] body, int max) {
    List<String> nodes = new ArrayList<>();
    BodyParser.Parsed p = parser.parse(body, body.length, true, max, (i, n) -> record(nodes, i, n));
    return new Outcome(p, nodes);
  }

  private Outcome reference(byte[] body, int max) {
    List<String> nodes = new ArrayList<>();
    BodyParser.Parsed p =
        parser.lineByLine(body, body.length, max, (i, n) -> record(nodes, i, n), 0);
    return new Outcome(p, nodes);
  }

  private static void record(List<String> nodes, int index, JsonNode node) {
    assertThat(index).as("nodes arrive in order, once each").isEqualTo(nodes.size());
    nodes.add(node.getNodeType() + " " + node);
  }

  private void agree(String body, int max) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Outcome expected = reference(bytes, max);
    Outcome actual = fast(bytes, max);
    assertThat(actual.parsed())
        .as("body %s", body.replace("\r", "\\r"))
        .isEqualTo(expected.parsed());
    if (expected.parsed() instanceof BodyParser.Parsed.Events) {
      assertThat(actual.nodes()).as("body %s", body).isEqualTo(expected.nodes());
    }
  }

  @Test
  void agrees_with_line_by_line_on_edge_cases() {
    String a = "{\"type\":\"airdrops.price\",\"token\":\"ZK\",\"usd\":0.25}";
    String b = "{\"type\":\"airdrops.task\",\"task\":\"farm\",\"status\":\"success\"}";
    List<String> bodies =
        List.of(
            a + "\n" + b + "\n",
            a + "\n" + b,
            a + "\r\n" + b + "\r\n",
            a + "\r" + b + "\n",
            "{\"type\":\r\"airdrops.price\"}\r\n" + b + "\r",
            a + "\n\n   \n\t\r\n" + b + "\n\n",
            a + " " + b + "\n",
            a + b + "\n",
            "{\"type\":\n\"airdrops.price\"}\n" + a,
            a + "\n{\"type\": \"x\"\n",
            a + "\n" + b + " ]\n",
            a + "\n" + b + " x\n",
            a + "\n[1,2]\n\"text\"\n42\n" + b,
            "  " + a + "\n" + b,
            "\uFEFF" + a + "\n" + b,
            "",
            "\n\n",
            " \t\r\n",
            a + "\n" + "{\"s\":\"a\rb\"}\n",
            a + "\n" + "[".repeat(20) + "]".repeat(20) + "\n",
            a + "\n" + "{\"a\":1}//c\n",
            a + "\n" + "{\"a\":1,\"a\":2}\n",
            a + "\n" + "{\"big\":1e400,\"n\":12345678901234567890}\n");
    for (String body : bodies) {
      agree(body, 10);
      agree(body, 1);
    }
  }

  @Test
  void agrees_with_line_by_line_on_random_mutations() {
    Random rnd = new Random(11);
    String line = "{\"type\":\"airdrops.claim\",\"protocol\":\"zk\",\"amount\":1.5,\"ok\":true}";
    String alphabet = "{}[]\":,\n\r \t1a\\";
    for (int i = 0; i < 3_000; i++) {
      StringBuilder body = new StringBuilder();
      for (int k = 0; k < 1 + i % 4; k++) {
        body.append(line).append('\n');
      }
      for (int k = 0; k <= i % 3; k++) {
        body.setCharAt(rnd.nextInt(body.length()), alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      agree(body.toString(), 1 + i % 5);
    }
  }

  @Test
  void numbers_are_read_as_double_parse_double_reads_them() {
    Random rnd = new Random(5);
    List<String> literals =
        new ArrayList<>(
            List.of(
                "0.1",
                "-0.0",
                "1e400",
                "-1e400",
                "1e-400",
                "4.9e-324",
                "2.2250738585072011e-308",
                "2.2250738585072012e-308",
                "9007199254740993.0",
                "1.7976931348623157e308",
                "1.7976931348623158e308",
                "0.30000000000000004",
                "123456789012345678901234567890.123456789012345678901234567890"));
    for (int i = 0; i < 2_000; i++) {
      literals.add(
          (rnd.nextBoolean() ? "-" : "")
              + rnd.nextLong(1_000_000_000_000L)
              + "."
              + rnd.nextLong(1_000_000_000_000_000L)
              + (rnd.nextBoolean() ? "e" + (rnd.nextInt(640) - 320) : ""));
    }
    StringBuilder body = new StringBuilder();
    for (String l : literals) {
      body.append("{\"v\":").append(l).append("}\n");
    }
    List<Double> read = new ArrayList<>();
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    BodyParser.Parsed p =
        parser.parse(
            bytes, bytes.length, true, 10_000, (i, n) -> read.add(n.get("v").doubleValue()));
    assertThat(p).isEqualTo(new BodyParser.Parsed.Events(literals.size()));
    for (int i = 0; i < literals.size(); i++) {
      assertThat(read.get(i)).as(literals.get(i)).isEqualTo(Double.parseDouble(literals.get(i)));
    }
  }

  @Test
  void only_the_first_length_bytes_are_read() {
    byte[] body = "{\"a\":1}\n{\"b\":2}\n{\"c\":3 garbage".getBytes(StandardCharsets.UTF_8);
    int length = "{\"a\":1}\n{\"b\":2}\n".length();
    List<String> nodes = new ArrayList<>();
    assertThat(parser.parse(body, length, true, 10, (i, n) -> record(nodes, i, n)))
        .isEqualTo(new BodyParser.Parsed.Events(2));
    List<String> one = new ArrayList<>();
    assertThat(parser.parse(body, 7, false, 10, (i, n) -> record(one, i, n)))
        .isEqualTo(new BodyParser.Parsed.Events(1));
    assertThat(one).containsExactly("OBJECT {\"a\":1}");
  }

  @Test
  void bytes_that_are_not_utf8_are_refused_as_line_by_line_refuses_them() {
    byte[] body = "{\"a\":\"xx\"}\n{\"b\":\"yy\"}\n".getBytes(StandardCharsets.UTF_8);
    body[17] = (byte) 0xC3; // a lead byte without its continuation
    Outcome expected = reference(body, 10);
    assertThat(fast(body, 10).parsed()).isEqualTo(expected.parsed());
    assertThat(expected.parsed()).isInstanceOf(BodyParser.Parsed.Malformed.class);
  }
}
