package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The streaming reader of query answers, on fixture answers as Prometheus writes them. */
class ResultParserTest {
  record Point(String series, long ts, double value) {}

  /** Records what the parser hands out, in order. */
  static final class Recorder implements ResultParser.Handler {
    final List<String> series = new ArrayList<>();
    final List<Point> points = new ArrayList<>();
    final List<SortedMap<String, String>> labels = new ArrayList<>();

    @Override
    public void series(String metric, SortedMap<String, String> l) {
      series.add(metric);
      labels.add(new TreeMap<>(l));
    }

    @Override
    public void sample(long ts, double value) {
      points.add(new Point(series.getLast(), ts, value));
    }
  }

  static InputStream fixture(String name) {
    InputStream in = ResultParserTest.class.getResourceAsStream("/prometheus/" + name);
    assertThat(in).as(name).isNotNull();
    return in;
  }

  static Recorder parse(String name) throws Exception {
    Recorder r = new Recorder();
    try (InputStream in = fixture(name)) {
      ResultParser.parse(in, r);
    }
    return r;
  }

  @Nested
  class Matrix {
    @Test
    void timestamps_come_out_exact_to_the_millisecond() throws Exception {
      assertThat(parse("matrix.json").points)
          .extracting(Point::ts)
          .containsExactly(
              1767225600000L,
              1767225600001L,
              1767225600999L,
              1767225601100L,
              1767225601120L,
              1767225615123L,
              1767225630500L,
              1767225600123L);
    }

    @Test
    void values_include_nan_and_both_infinities() throws Exception {
      assertThat(parse("matrix.json").points)
          .extracting(Point::value)
          .containsExactly(
              1.0,
              2.5,
              1e21,
              -0.000001,
              Double.NaN,
              Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY,
              0.0);
    }

    @Test
    void labels_keep_quotes_backslashes_newlines_and_unicode_and_lose_the_name() throws Exception {
      Recorder r = parse("matrix.json");
      assertThat(r.series).containsExactly("airdrops_claims_total", "up");
      assertThat(r.labels.getFirst())
          .containsExactlyEntriesOf(
              new TreeMap<>(
                  Map.of(
                      "note", "café ✓ {x=\"1\"}",
                      "protocol", "zk\"sync\\era",
                      "wallet", "0xAbC\nline")));
      assertThat(r.labels.get(1)).isEmpty();
    }

    @Test
    void the_summary_counts_series_and_samples_and_keeps_warnings() throws Exception {
      try (InputStream in = fixture("matrix.json")) {
        ResultParser.Summary s = ResultParser.parse(in, ResultParser.IGNORE);
        assertThat(s.resultType()).isEqualTo("matrix");
        assertThat(s.series()).isEqualTo(2);
        assertThat(s.samples()).isEqualTo(8);
        assertThat(s.warnings()).containsExactly("this is a warning");
      }
    }
  }

  @Test
  void a_vector_gives_one_sample_per_series_whatever_the_key_order() throws Exception {
    Recorder r = parse("vector.json");
    assertThat(r.series).containsExactly((String) null);
    assertThat(r.labels.getFirst()).containsEntry("__stat__", "count").containsEntry("job", "node");
    assertThat(r.points).containsExactly(new Point(null, 1767229200000L, 240));
  }

  @Test
  void a_series_answer_gives_label_sets_without_samples() throws Exception {
    Recorder r = parse("series.json");
    assertThat(r.series).containsExactly("up", "up", "node_load1");
    assertThat(r.labels.get(1)).containsEntry("instance", "b:9100");
    assertThat(r.points).isEmpty();
  }

  @Test
  void native_histograms_are_skipped_and_counted() throws Exception {
    try (InputStream in = fixture("native-histogram.json")) {
      Recorder r = new Recorder();
      ResultParser.Summary s = ResultParser.parse(in, r);
      assertThat(s.histograms()).isEqualTo(2);
      assertThat(r.points).containsExactly(new Point("rpc_total", 1767225600000L, 7));
    }
  }

  @Test
  void a_partial_answer_is_marked() throws Exception {
    try (InputStream in = fixture("partial.json")) {
      assertThat(ResultParser.parse(in, ResultParser.IGNORE).partial()).isTrue();
    }
    try (InputStream in = fixture("matrix.json")) {
      assertThat(ResultParser.parse(in, ResultParser.IGNORE).partial()).isFalse();
    }
  }

  @Test
  void an_error_answer_gives_its_type_and_message() {
    assertThatThrownBy(() -> parse("error-bad-data.json"))
        .isInstanceOfSatisfying(
            ApiErrorException.class, e -> assertThat(e.errorType()).isEqualTo("bad_data"))
        .hasMessageContaining("parse error: unexpected \"(\"");
  }

  @Test
  void an_error_body_is_summarised_for_messages_even_when_it_is_not_json() {
    assertThat(
            ResultParser.error(
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"t\"}"
                    .getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new PrometheusClient.ApiError("timeout", "t"));
    assertThat(
            ResultParser.error(
                    "<html>\n  502 Bad   Gateway</html>".getBytes(StandardCharsets.UTF_8))
                .message())
        .isEqualTo("<html> 502 Bad Gateway</html>");
  }

  @Test
  void points_before_their_labels_are_refused_with_the_reason() {
    assertThatThrownBy(() -> parse("values-first.json"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("labels first");
  }

  @Test
  void a_truncated_answer_fails_as_an_io_error() {
    byte[] whole =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"1\"],[2,"
            .getBytes(StandardCharsets.UTF_8);
    Recorder r = new Recorder();
    assertThatThrownBy(() -> ResultParser.parse(new ByteArrayInputStream(whole), r))
        .isInstanceOf(IOException.class);
    assertThat(r.points).hasSize(1); // what came before the break was handed out as it came
  }

  @Test
  void a_value_that_is_not_a_number_is_refused() {
    byte[] body =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"0x1p3\"]]}]}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ResultParser.parse(new ByteArrayInputStream(body), new Recorder()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a sample value: '0x1p3'");
  }
}
