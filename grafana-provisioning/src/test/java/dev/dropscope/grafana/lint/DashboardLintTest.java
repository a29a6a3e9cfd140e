package dev.dropscope.grafana.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.grafana.Module;
import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Target;
import dev.dropscope.grafana.model.Unit;
import dev.dropscope.grafana.model.Variable;
import dev.dropscope.grafana.query.ProvisionedDashboard;
import dev.dropscope.grafana.render.DashboardJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DashboardLintTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "dropscope-fixture.json";

  @Test
  void committed_dashboards_follow_every_rule() {
    Map<String, List<String>> problems = new TreeMap<>();
    for (ProvisionedDashboard d : ProvisionedDashboard.readAll(Module.DASHBOARDS)) {
      List<String> found = DashboardLint.check(d);
      if (!found.isEmpty()) {
        problems.put(d.file(), found);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void the_nine_dashboards_of_the_issue_are_provisioned() {
    assertThat(ProvisionedDashboard.readAll(Module.DASHBOARDS).stream().map(d -> d.uid()))
        .containsExactlyInAnyOrder(
            "dropscope-host",
            "dropscope-airdrops",
            "dropscope-risk",
            "dropscope-capital",
            "dropscope-alerting",
            "dropscope-airdrop-analytics",
            "dropscope-portfolio",
            "dropscope-trading",
            "dropscope-gateway");
  }

  @Test
  void the_fixture_is_clean() {
    assertThat(lint(d -> {})).isEmpty();
  }

  @Nested
  class Dashboards {
    @Test
    void rejects_a_uid_outside_the_dropscope_namespace() {
      assertThat(lint(d -> d.put("uid", "host")))
          .containsExactly(
              FILE
                  + ": uid: expected a uid like dropscope-host (lower case, at most 40"
                  + " characters), found host");
    }

    @Test
    void rejects_a_file_not_named_after_the_uid() {
      assertThat(lint(d -> d.put("uid", "dropscope-other")))
          .containsExactly(
              FILE + ": uid: expected the file to be named dropscope-other.json, found " + FILE);
    }

    @Test
    void rejects_a_missing_description() {
      assertThat(lint(d -> d.remove("description")))
          .containsExactly(FILE + ": dashboard: expected a description, found none");
    }

    @Test
    void rejects_an_old_schema_version() {
      assertThat(lint(d -> d.put("schemaVersion", 27)))
          .containsExactly(FILE + ": schemaVersion: expected 39 or later, found 27");
    }

    @Test
    void rejects_import_placeholders() {
      assertThat(lint(d -> panel(d, 2).set("datasource", prometheusWithUid("${DS_PROMETHEUS}"))))
          .contains(
              FILE
                  + ": datasources: expected fixed datasource uids, found an import placeholder"
                  + " (${DS_...})");
    }

    @Test
    void rejects_a_database_id() {
      assertThat(lint(d -> d.put("id", 12)))
          .containsExactly(
              FILE + ": id: expected null (Grafana assigns the database id), found 12");
    }

    @Test
    void rejects_a_dashboard_without_the_dropscope_tag() {
      assertThat(lint(d -> d.set("tags", JSON.createArrayNode().add("host"))))
          .containsExactly(
              FILE
                  + ": tags: expected the tag dropscope (the dashboards' link menu lists by it),"
                  + " found [host]");
    }
  }

  @Nested
  class Panels {
    @Test
    void rejects_a_panel_without_a_description() {
      assertThat(lint(d -> panel(d, 2).remove("description")))
          .containsExactly(FILE + ": panel 2 \"Claims\": expected a description, found none");
    }

    @Test
    void rejects_a_panel_without_a_unit() {
      assertThat(
              lint(
                  d ->
                      ((ObjectNode) panel(d, 2).path("fieldConfig").path("defaults"))
                          .remove("unit")))
          .containsExactly(
              FILE
                  + ": panel 2 \"Claims\": expected a unit in fieldConfig.defaults.unit, found"
                  + " none");
    }

    @Test
    void rejects_a_unit_grafana_does_not_know() {
      assertThat(
              lint(
                  d ->
                      ((ObjectNode) panel(d, 2).path("fieldConfig").path("defaults"))
                          .put("unit", "percentunits")))
          .singleElement()
          .asString()
          .startsWith(FILE + ": panel 2 \"Claims\": expected a Grafana unit id of [")
          .endsWith("], found percentunits");
    }

    @Test
    void rejects_a_datasource_other_than_the_two_fixed_ones() {
      assertThat(lint(d -> panel(d, 2).set("datasource", prometheusWithUid("prom1"))))
          .containsExactly(
              FILE
                  + ": panel 2 \"Claims\": expected datasource {type: prometheus, uid: prometheus}"
                  + " or {type: grafana-postgresql-datasource, uid: postgres}, found"
                  + " {\"type\":\"prometheus\",\"uid\":\"prom1\"}");
    }

    @Test
    void rejects_duplicate_ids() {
      assertThat(lint(d -> panel(d, 3).put("id", 2)))
          .contains(
              FILE + ": panel 2 \"Daily claims\": expected an id no other panel has, found 2");
    }

    @Test
    void rejects_overlapping_panels() {
      assertThat(lint(d -> panel(d, 3).set("gridPos", panel(d, 2).path("gridPos").deepCopy())))
          .containsExactly(
              FILE
                  + ": panel 3 \"Daily claims\": expected a gridPos no other panel covers, found"
                  + " {\"h\":4,\"w\":4,\"x\":0,\"y\":1}");
    }

    @Test
    void rejects_a_panel_wider_than_the_grid() {
      assertThat(lint(d -> ((ObjectNode) panel(d, 2).path("gridPos")).put("x", 22)))
          .containsExactly(
              FILE
                  + ": panel 2 \"Claims\": expected a gridPos inside the 24 columns, found"
                  + " {\"h\":4,\"w\":4,\"x\":22,\"y\":1}");
    }

    @Test
    void rejects_a_panel_type_outside_the_set() {
      assertThat(lint(d -> panel(d, 2).put("type", "graph")))
          .containsExactly(
              FILE
                  + ": panel 2 \"Claims\": expected a panel type of [bargauge, gauge, row, stat,"
                  + " table, timeseries], found graph");
    }
  }

  @Nested
  class Promql {
    @Test
    void rejects_a_fixed_rate_window() {
      assertThat(lint(d -> expr(d, 2, "sum(rate(airdrops_claims_total[5m]))")))
          .containsExactly(
              FILE
                  + ": panel 2 \"Claims\" target A: expected [$__rate_interval] (or [$__range] for"
                  + " a total), not a fixed window, found [5m]");
    }

    @Test
    void rejects_a_total_over_the_range_in_a_range_query() {
      assertThat(lint(d -> expr(d, 2, "sum(increase(airdrops_claims_total[$__range]))")))
          .containsExactly(
              FILE
                  + ": panel 2 \"Claims\" target A: expected [$__range] only in an instant query"
                  + " (a total over the time range), found it in a range query");
    }

    @Test
    void accepts_a_total_over_the_range_in_an_instant_query() {
      assertThat(
              lint(
                  d -> {
                    expr(d, 2, "sum(increase(airdrops_claims_total[$__range]))");
                    ((ObjectNode) panel(d, 2).path("targets").path(0)).put("instant", true);
                  }))
          .isEmpty();
    }

    @Test
    void ignores_brackets_inside_label_values() {
      assertThat(lint(d -> expr(d, 2, "sum(up{instance=~\"host[0-9]+\"})"))).isEmpty();
    }

    @Test
    void rejects_an_undefined_variable() {
      assertThat(lint(d -> expr(d, 2, "sum(up{instance=~\"$host\"})")))
          .singleElement()
          .asString()
          .startsWith(FILE + ": panel 2 \"Claims\" target A: expected a variable the dashboard")
          .endsWith("found $host");
    }
  }

  @Nested
  class Sql {
    @Test
    void rejects_a_table_outside_the_analytics_schema() {
      assertThat(lint(d -> sql(d, 4, "SELECT * FROM public.claims")))
          .containsExactly(
              FILE
                  + ": panel 4 \"Claim table\" target A: expected tables and views of the"
                  + " analytics schema only, found public.claims");
    }

    @Test
    void rejects_a_time_series_without_time_filter() {
      assertThat(
              lint(
                  d ->
                      sql(
                          d,
                          3,
                          "SELECT $__timeGroupAlias(day, $__interval), sum(attempts)"
                              + " FROM analytics.claim_success_daily GROUP BY 1 ORDER BY 1")))
          .containsExactly(
              FILE
                  + ": panel 3 \"Daily claims\" target A: expected a time series filtered by"
                  + " $__timeFilter(column) or given $__timeFrom() and $__timeTo(), found"
                  + " neither");
    }

    @Test
    void accepts_a_time_series_that_hands_the_range_to_a_function() {
      assertThat(
              lint(
                  d ->
                      sql(
                          d,
                          3,
                          "SELECT \"time\", value_usd FROM analytics.portfolio_value_history("
                              + "$__timeFrom(), $__timeTo(), '$__interval') ORDER BY 1")))
          .isEmpty();
    }

    @Test
    void rejects_a_time_series_given_only_one_end_of_the_range() {
      assertThat(
              lint(
                  d ->
                      sql(
                          d,
                          3,
                          "SELECT \"time\", value_usd FROM analytics.portfolio_value_history("
                              + "$__timeFrom(), now(), '$__interval') ORDER BY 1")))
          .hasSize(1);
    }

    @Test
    void rejects_a_time_series_not_ordered_by_time() {
      assertThat(
              lint(
                  d ->
                      sql(
                          d,
                          3,
                          "SELECT $__timeGroupAlias(day, $__interval), sum(attempts)"
                              + " FROM analytics.claim_success_daily WHERE $__timeFilter(day)"
                              + " GROUP BY 1")))
          .containsExactly(
              FILE
                  + ": panel 3 \"Daily claims\" target A: expected a time series ending with"
                  + " ORDER BY 1, found another ending");
    }

    @Test
    void rejects_the_query_builder() {
      assertThat(
              lint(d -> ((ObjectNode) panel(d, 4).path("targets").path(0)).put("rawQuery", false)))
          .containsExactly(
              FILE
                  + ": panel 4 \"Claim table\" target A: expected raw SQL (rawQuery true, rawSql"
                  + " set), found the builder");
    }
  }

  /** A small valid dashboard: a stat (PromQL), a time series and a table (SQL). */
  private static Dashboard fixture() {
    return new Dashboard(
        "dropscope-fixture",
        "Fixture",
        "A dashboard for the lint's tests.",
        List.of("test"),
        List.of(new Variable("instance", "Instance", "label_values(up, instance)")),
        List.of(
            Row.of(
                "Row",
                Panel.stat(
                    "Claims",
                    Unit.PER_SECOND,
                    "Claims per second.",
                    Target.prom(
                        "sum(rate(airdrops_claims_total{instance=~\"$instance\"}[$__rate_interval]))")),
                Panel.timeseries(
                    "Daily claims",
                    Unit.COUNT,
                    "Claim attempts per day.",
                    Target.sqlSeries(
                        "SELECT $__timeGroupAlias(day, $__interval), sum(attempts)"
                            + " FROM analytics.claim_success_daily WHERE $__timeFilter(day)"
                            + " GROUP BY 1 ORDER BY 1")),
                Panel.table(
                    "Claim table",
                    Unit.NONE,
                    "Claims by protocol.",
                    Target.sqlTable("SELECT * FROM analytics.claim_success_rate")))),
        "now-6h");
  }

  /** The lint's problems with the fixture after {@code change}. */
  private static List<String> lint(Consumer<ObjectNode> change) {
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(DashboardJson.render(fixture()));
      change.accept(json);
      return DashboardLint.check(new ProvisionedDashboard(FILE, json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode panel(ObjectNode dashboard, int id) {
    for (JsonNode p : (ArrayNode) dashboard.path("panels")) {
      if (p.path("id").asInt() == id) {
        return (ObjectNode) p;
      }
    }
    throw new AssertionError("no panel " + id);
  }

  private static ObjectNode prometheusWithUid(String uid) {
    return JSON.createObjectNode().put("type", "prometheus").put("uid", uid);
  }

  private static void expr(ObjectNode dashboard, int id, String expr) {
    ((ObjectNode) panel(dashboard, id).path("targets").path(0)).put("expr", expr);
  }

  private static void sql(ObjectNode dashboard, int id, String sql) {
    ((ObjectNode) panel(dashboard, id).path("targets").path(0)).put("rawSql", sql);
  }
}
