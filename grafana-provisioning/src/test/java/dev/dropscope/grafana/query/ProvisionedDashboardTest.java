package dev.dropscope.grafana.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.grafana.Module;
import dev.dropscope.grafana.model.Datasource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed dashboards' queries, listed the way the query tests read them: every SQL target of
 * every dashboard, ready for the PostgreSQL test that runs them once the ETL fills the analytics
 * views.
 */
class ProvisionedDashboardTest {
  /**
   * The analytics views and functions the dashboards read, as agreed with the analytics-sql module.
   */
  private static final Set<String> CONTRACT_VIEWS =
      Set.of(
          "analytics.claim_success_rate",
          "analytics.claim_success_daily",
          "analytics.protocol_roi",
          "analytics.protocol_roi_by_model",
          "analytics.portfolio_metrics",
          "analytics.portfolio_risk",
          "analytics.benchmark_comparison",
          "analytics.airdrop_timing_forecast",
          "analytics.optimization_suggestions",
          "analytics.trading_performance",
          "analytics.alert_history_between",
          "analytics.metric_history",
          "analytics.portfolio_value_history");

  private static final Pattern FROM = Pattern.compile("(?i)\\bfrom\\s+(analytics\\.\\w+)");

  @Test
  void lists_every_sql_target_of_every_dashboard() {
    List<QueryTarget> sql = ProvisionedDashboard.sqlTargets(Module.DASHBOARDS);

    assertThat(sql).hasSize(24);
    assertThat(sql).allMatch(t -> t.datasource() == Datasource.POSTGRES);
    assertThat(sql.stream().map(QueryTarget::dashboardUid).distinct())
        .containsExactlyInAnyOrder(
            "dropscope-airdrop-analytics",
            "dropscope-alerting",
            "dropscope-portfolio",
            "dropscope-trading");
  }

  @Test
  void the_sql_targets_read_exactly_the_contract_views() {
    Set<String> read = new TreeSet<>();
    for (QueryTarget t : ProvisionedDashboard.sqlTargets(Module.DASHBOARDS)) {
      Matcher m = FROM.matcher(t.query());
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    assertThat(read).containsExactlyInAnyOrderElementsOf(CONTRACT_VIEWS);
  }

  @Test
  void every_sql_target_expands_to_plain_sql() {
    Instant to = Instant.parse("2026-11-22T00:00:00Z");
    for (QueryTarget t : ProvisionedDashboard.sqlTargets(Module.DASHBOARDS)) {
      String sql =
          GrafanaMacros.sql(t.query(), to.minus(Duration.ofDays(30)), to, Duration.ofHours(1));
      assertThat(sql).as(t.where()).doesNotContain("$");
    }
  }

  /**
   * A time series groups by Grafana's interval and reads the dashboard's range: with the macros on
   * a view, or by handing both to a function that serves the range from pre-aggregated rows.
   */
  @Test
  void time_series_sql_groups_by_interval_and_filters_on_the_range() {
    List<QueryTarget> series =
        ProvisionedDashboard.sqlTargets(Module.DASHBOARDS).stream()
            .filter(QueryTarget::isTimeSeries)
            .toList();
    assertThat(series)
        .extracting(QueryTarget::panelTitle)
        .containsExactlyInAnyOrder(
            "Claim success by day", "Portfolio value over time", "Equity history");
    assertThat(series)
        .allSatisfy(
            t ->
                assertThat(t.query())
                    .satisfiesAnyOf(
                        q -> assertThat(q).contains("$__timeGroupAlias(", "$__timeFilter("),
                        q -> assertThat(q).contains("$__timeFrom(), $__timeTo(), '$__interval')"))
                    .endsWith("ORDER BY 1"));
  }

  @Test
  void lists_promql_targets_with_their_instant_flag() {
    List<QueryTarget> promql = ProvisionedDashboard.promqlTargets(Module.DASHBOARDS);

    assertThat(promql).hasSizeGreaterThan(150);
    assertThat(promql)
        .filteredOn(t -> t.query().contains("$__range"))
        .isNotEmpty()
        .allMatch(QueryTarget::instant);
  }

  @Test
  void reads_the_panels_of_collapsed_rows_and_the_panel_datasource_of_a_target_without_one()
      throws IOException {
    JsonNode json =
        new ObjectMapper()
            .readTree(
                """
                {"uid": "dropscope-x", "panels": [
                  {"id": 1, "type": "row", "title": "Collapsed", "collapsed": true, "panels": [
                    {"id": 2, "type": "table", "title": "Rows",
                     "datasource": {"type": "grafana-postgresql-datasource", "uid": "postgres"},
                     "targets": [{"refId": "A", "format": "table", "rawSql": "SELECT 1"}]}
                  ]}
                ]}
                """);

    assertThat(new ProvisionedDashboard("dropscope-x.json", json).targets())
        .containsExactly(
            new QueryTarget(
                "dropscope-x",
                2,
                "Rows",
                "table",
                "A",
                Datasource.POSTGRES,
                "SELECT 1",
                "table",
                false));
  }
}
