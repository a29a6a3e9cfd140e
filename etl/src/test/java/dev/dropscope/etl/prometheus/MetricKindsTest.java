package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A series' kind: the metadata API's type of its family, else its name's suffix. */
class MetricKindsTest {
  @Test
  void metadata_answers_map_names_to_their_first_type() throws Exception {
    try (InputStream in = ResultParserTest.fixture("metadata.json")) {
      assertThat(MetricKinds.readMetadata(in))
          .containsEntry("http_requests", "counter")
          .containsEntry("rpc_duration_seconds", "histogram")
          .containsEntry("temperature_celsius", "gauge")
          .containsEntry("build_info", "info")
          .hasSize(5);
    }
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "http_requests_total, counter", // OpenMetrics counter family "http_requests"
    "http_requests, counter",
    "rpc_duration_seconds_bucket, histogram",
    "rpc_duration_seconds_count, histogram",
    "go_gc_duration_seconds, summary",
    "go_gc_duration_seconds_sum, summary",
    "temperature_celsius, gauge",
    "build_info, unknown", // info: nothing to say
    "temperature_celsius_total, counter", // a gauge family says nothing of foo_total
  })
  void with_metadata(String metric, String kind) throws Exception {
    try (InputStream in = ResultParserTest.fixture("metadata.json")) {
      assertThat(new MetricKinds(MetricKinds.readMetadata(in)).kind(metric)).isEqualTo(kind);
    }
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "airdrops_claims_total, counter",
    "rpc_seconds_count, counter",
    "rpc_seconds_sum, counter",
    "rpc_seconds_bucket, histogram",
    "node_load1, unknown",
    "total_balance, unknown",
  })
  void without_metadata_from_the_name(String metric, String kind) {
    assertThat(MetricKinds.none().kind(metric)).isEqualTo(kind);
    assertThat(new MetricKinds(Map.of("other", "counter")).kind(metric)).isEqualTo(kind);
  }
}
