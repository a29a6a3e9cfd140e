package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** PromQL text the ETL writes. */
class PromQlTest {
  @Test
  void strings_escape_backslashes_quotes_and_line_breaks() {
    assertThat(PromQl.escape("a\\b\"c\nd\te")).isEqualTo("a\\\\b\\\"c\\nd\\te");
  }

  @Test
  void a_braces_only_selector_is_narrowed_to_one_name() {
    assertThat(PromQl.withName("{__name__=~\"airdrops_.*\", job=\"x\"}", "airdrops_claims_total"))
        .isEqualTo("{__name__=\"airdrops_claims_total\", __name__=~\"airdrops_.*\", job=\"x\"}");
  }

  @Test
  void a_selector_with_a_name_already_names_one_metric() {
    assertThat(PromQl.withName(" up{job=\"x\"} ", "up")).isEqualTo("up{job=\"x\"}");
    assertThat(PromQl.withName("up", "up")).isEqualTo("up");
  }

  @Test
  void a_series_selector_names_every_label() {
    SeriesKey key = new SeriesKey("m", new TreeMap<>(Map.of("b", "x\"y", "a", "1")));
    assertThat(key.selector()).isEqualTo("{__name__=\"m\", a=\"1\", b=\"x\\\"y\"}");
    assertThat(key).hasToString("m{a=\"1\", b=\"x\\\"y\"}");
  }

  @Test
  void reconcile_asks_for_all_four_statistics_in_one_query() {
    String q = Reconciler.expression("up", 3_600_000, true);
    assertThat(q)
        .isEqualTo(
            "label_replace(count_over_time(up[3599999ms]), \"__stat__\", \"count\", \"\", \"\")"
                + " or label_replace(sum_over_time(up[3599999ms]), \"__stat__\", \"sum\", \"\", \"\")"
                + " or label_replace(min_over_time(up[3599999ms]), \"__stat__\", \"min\", \"\", \"\")"
                + " or label_replace(max_over_time(up[3599999ms]), \"__stat__\", \"max\", \"\", \"\")");
    assertThat(Reconciler.expression("up", 60_000, false)).contains("up[60000ms]");
  }
}
