package dev.dropscope.grafana.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GrafanaMacrosTest {
  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-02T12:30:00Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  private static String sql(String sql) {
    return GrafanaMacros.sql(sql, FROM, TO, FIVE_MINUTES);
  }

  @Nested
  class Sql {
    @Test
    void time_filter_is_a_between_on_rfc3339_utc_bounds() {
      assertThat(sql("WHERE $__timeFilter(ts)"))
          .isEqualTo("WHERE ts BETWEEN '2026-11-01T00:00:00Z' AND '2026-11-02T12:30:00Z'");
    }

    @Test
    void time_filter_keeps_fractions_of_seconds_without_trailing_zeros() {
      assertThat(
              GrafanaMacros.sql(
                  "$__timeFilter(ts)",
                  Instant.parse("2026-11-01T00:00:00.250Z"),
                  Instant.parse("2026-11-01T01:00:00.000001Z"),
                  FIVE_MINUTES))
          .isEqualTo("ts BETWEEN '2026-11-01T00:00:00.25Z' AND '2026-11-01T01:00:00.000001Z'");
    }

    @Test
    void time_group_alias_floors_epoch_seconds_to_the_interval() {
      assertThat(sql("SELECT $__timeGroupAlias(ts, $__interval), avg(value_usd)"))
          .isEqualTo("SELECT floor(extract(epoch from ts)/300)*300 AS \"time\", avg(value_usd)");
    }

    @Test
    void time_group_takes_quoted_intervals_and_ignores_the_fill_argument() {
      assertThat(sql("$__timeGroup(day, '1d', 0)"))
          .isEqualTo("floor(extract(epoch from day)/86400)*86400");
    }

    @Test
    void time_group_keeps_sub_second_intervals() {
      assertThat(sql("$__timeGroup(ts, 500ms)")).isEqualTo("floor(extract(epoch from ts)/0.5)*0.5");
    }

    @Test
    void interval_variables_are_grafana_text_and_milliseconds() {
      assertThat(sql("$__interval $__interval_ms")).isEqualTo("5m 300000");
    }

    @Test
    void time_from_and_to_are_quoted_bounds() {
      assertThat(sql("ts > $__timeFrom() AND ts < $__timeTo()"))
          .isEqualTo("ts > '2026-11-01T00:00:00Z' AND ts < '2026-11-02T12:30:00Z'");
    }

    @Test
    void time_and_epoch_alias_a_column_as_time() {
      assertThat(sql("SELECT $__time(ts), $__timeEpoch(ts)"))
          .isEqualTo("SELECT ts AS \"time\", extract(epoch from ts) as \"time\"");
    }

    @Test
    void unix_epoch_filter_compares_seconds() {
      assertThat(sql("$__unixEpochFilter(created)"))
          .isEqualTo("created >= 1793491200 AND created <= 1793622600");
    }

    @Test
    void a_column_argument_may_hold_parentheses_commas_and_quotes() {
      assertThat(sql("$__timeFilter(date_trunc('day', ts))"))
          .isEqualTo(
              "date_trunc('day', ts) BETWEEN '2026-11-01T00:00:00Z' AND '2026-11-02T12:30:00Z'");
    }

    @Test
    void text_without_macros_is_left_alone() {
      String plain = "SELECT protocol, roi FROM analytics.protocol_roi ORDER BY roi DESC";
      assertThat(sql(plain)).isEqualTo(plain);
    }

    @Test
    void rejects_an_unknown_macro() {
      assertThatThrownBy(() -> sql("WHERE $__timeFilterr(ts)"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("unknown Grafana macro $__timeFilterr()");
    }

    @Test
    void rejects_a_time_group_without_interval() {
      assertThatThrownBy(() -> sql("$__timeGroupAlias(ts)"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("$__timeGroupAlias expects (column, interval[, fill]), found 1 arguments");
    }

    @Test
    void rejects_an_interval_it_cannot_read() {
      assertThatThrownBy(() -> sql("$__timeGroup(ts, soon)"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("expected an interval like 5m, 1h or 1d, found 'soon'");
    }

    @Test
    void rejects_an_unclosed_macro() {
      assertThatThrownBy(() -> sql("WHERE $__timeFilter(ts"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("unclosed macro call");
    }
  }

  @Nested
  class Intervals {
    @Test
    void formats_the_largest_whole_unit_truncating_like_grafana() {
      assertThat(GrafanaMacros.formatInterval(Duration.ofSeconds(90))).isEqualTo("1m");
      assertThat(GrafanaMacros.formatInterval(Duration.ofHours(36))).isEqualTo("1d");
      assertThat(GrafanaMacros.formatInterval(Duration.ofDays(400))).isEqualTo("1y");
      assertThat(GrafanaMacros.formatInterval(Duration.ofSeconds(15))).isEqualTo("15s");
      assertThat(GrafanaMacros.formatInterval(Duration.ofMillis(250))).isEqualTo("250ms");
      assertThat(GrafanaMacros.formatInterval(Duration.ZERO)).isEqualTo("1ms");
    }

    @Test
    void picks_grafanas_rounded_interval_for_the_range_and_data_points() {
      Instant to = Instant.parse("2026-11-22T00:00:00Z");
      assertThat(GrafanaMacros.interval(to.minus(Duration.ofDays(30)), to, 1000, Duration.ZERO))
          .isEqualTo(Duration.ofMinutes(30)); // 43.2 minutes a point
      assertThat(GrafanaMacros.interval(to.minus(Duration.ofDays(365)), to, 1000, Duration.ZERO))
          .isEqualTo(Duration.ofHours(6)); // 8.76 hours a point
      assertThat(GrafanaMacros.interval(to.minus(Duration.ofHours(6)), to, 1000, Duration.ZERO))
          .isEqualTo(Duration.ofSeconds(20)); // 21.6 s a point
      assertThat(GrafanaMacros.interval(to.minus(Duration.ofDays(3650)), to, 10, Duration.ZERO))
          .isEqualTo(Duration.ofDays(365));
    }

    @Test
    void the_interval_is_at_least_the_datasources_minimum() {
      Instant to = Instant.parse("2026-11-22T00:00:00Z");
      assertThat(
              GrafanaMacros.interval(
                  to.minus(Duration.ofHours(6)), to, 1000, Duration.ofMinutes(1)))
          .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void parses_every_unit_grafana_accepts() {
      assertThat(GrafanaMacros.parseInterval("100ms")).isEqualTo(Duration.ofMillis(100));
      assertThat(GrafanaMacros.parseInterval("30s")).isEqualTo(Duration.ofSeconds(30));
      assertThat(GrafanaMacros.parseInterval("'5m'")).isEqualTo(Duration.ofMinutes(5));
      assertThat(GrafanaMacros.parseInterval("2h")).isEqualTo(Duration.ofHours(2));
      assertThat(GrafanaMacros.parseInterval("1d")).isEqualTo(Duration.ofDays(1));
      assertThat(GrafanaMacros.parseInterval("1w")).isEqualTo(Duration.ofDays(7));
      assertThat(GrafanaMacros.parseInterval("1y")).isEqualTo(Duration.ofDays(365));
    }
  }

  @Nested
  class Promql {
    private String promql(String expr) {
      return GrafanaMacros.promql(
          expr,
          Map.of("instance", ".*", "job", "dropscope"),
          Duration.ofMinutes(1),
          Duration.ofSeconds(15),
          Duration.ofHours(6));
    }

    @Test
    void expands_rate_interval_and_dashboard_variables() {
      assertThat(
              promql(
                  "sum(rate(x_total{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval]))"))
          .isEqualTo("sum(rate(x_total{job=~\"dropscope\", instance=~\".*\"}[1m]))");
    }

    @Test
    void expands_the_range_in_seconds() {
      assertThat(promql("increase(x_total[$__range]) / $__range_s"))
          .isEqualTo("increase(x_total[21600s]) / 21600");
    }

    @Test
    void expands_braced_and_bracketed_variable_forms() {
      assertThat(promql("up{instance=~\"${instance}\", job=~\"[[job]]\"}[$__interval]"))
          .isEqualTo("up{instance=~\".*\", job=~\"dropscope\"}[15s]");
    }

    @Test
    void rejects_an_unknown_variable() {
      assertThatThrownBy(() -> promql("up{instance=~\"$host\"}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("unknown variable $host in: up{instance=~\"$host\"}");
    }
  }
}
