package dev.dropscope.grafana.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Target;
import dev.dropscope.grafana.model.Unit;
import dev.dropscope.grafana.model.ValueMapping;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Panel rate(String title, int width) {
    return Panel.timeseries(
            title, Unit.PER_SECOND, "A rate.", Target.prom("rate(x_total[$__rate_interval])"))
        .withSize(width, 8);
  }

  private static Dashboard dashboard(Row... rows) {
    return new Dashboard(
        "dropscope-test",
        "Test",
        "For the renderer's tests.",
        List.of("test"),
        List.of(),
        List.of(rows),
        "now-6h");
  }

  private static JsonNode render(Row... rows) throws IOException {
    return JSON.readTree(DashboardJson.render(dashboard(rows)));
  }

  private static List<String> places(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      JsonNode g = p.path("gridPos");
      out.add(
          p.path("id").asInt()
              + " "
              + p.path("type").asText()
              + " "
              + g.path("x")
              + ","
              + g.path("y")
              + " "
              + g.path("w")
              + "x"
              + g.path("h"));
    }
    return out;
  }

  @Test
  void lays_rows_full_width_and_wraps_panels_that_do_not_fit() throws IOException {
    JsonNode d =
        render(
            Row.of("First", rate("a", 12), rate("b", 12), rate("c", 8)),
            Row.of("Second", rate("d", 24)));

    assertThat(places(d))
        .containsExactly(
            "1 row 0,0 24x1",
            "2 timeseries 0,1 12x8",
            "3 timeseries 12,1 12x8",
            "4 timeseries 0,9 8x8",
            "5 row 0,17 24x1",
            "6 timeseries 0,18 24x8");
  }

  @Test
  void writes_sorted_keys_two_space_indent_and_a_final_newline() {
    String text = DashboardJson.render(dashboard(Row.of("Row", rate("a", 12))));

    assertThat(text).startsWith("{\n  \"description\": \"For the renderer's tests.\",\n");
    assertThat(text).contains("\"panels\": [],\n", "\"unit\": \"ops\"").doesNotContain(" : ");
    assertThat(text).endsWith("}\n");
  }

  @Test
  void sets_the_fixed_uid_schema_version_and_the_dropscope_tag() throws IOException {
    JsonNode d = render(Row.of("Row", rate("a", 12)));

    assertThat(d.path("uid").asText()).isEqualTo("dropscope-test");
    assertThat(d.path("schemaVersion").asInt()).isEqualTo(DashboardJson.SCHEMA_VERSION);
    assertThat(d.path("id").isNull()).isTrue();
    assertThat(d.path("tags").toString()).isEqualTo("[\"dropscope\",\"test\"]");
  }

  @Test
  void bar_gauges_tables_and_totals_over_the_range_are_instant_queries() throws IOException {
    JsonNode d =
        render(
            Row.of(
                "Row",
                rate("series", 8),
                Panel.bars("bars", Unit.COUNT, "Bars.", Target.prom("up")),
                Panel.stat(
                    "total", Unit.COUNT, "A total.", Target.prom("sum(increase(x[$__range]))"))));

    JsonNode panels = d.path("panels");
    assertThat(panels.path(1).path("targets").path(0).path("instant").asBoolean()).isFalse();
    assertThat(panels.path(2).path("targets").path(0).path("instant").asBoolean()).isTrue();
    assertThat(panels.path(3).path("targets").path(0).path("instant").asBoolean()).isTrue();
    assertThat(panels.path(3).path("options").path("graphMode").asText()).isEqualTo("none");
  }

  @Test
  void panels_of_sql_rows_show_every_row() throws IOException {
    JsonNode d =
        render(
            Row.of(
                "Row",
                Panel.bars(
                    "roi", Unit.RATIO, "ROI.", Target.sqlTable("SELECT protocol, roi FROM t"))));

    JsonNode panel = d.path("panels").path(1);
    assertThat(panel.path("options").path("reduceOptions").path("values").asBoolean()).isTrue();
    assertThat(panel.path("targets").path(0).path("rawQuery").asBoolean()).isTrue();
    assertThat(panel.path("datasource").toString())
        .isEqualTo("{\"type\":\"grafana-postgresql-datasource\",\"uid\":\"postgres\"}");
  }

  @Test
  void value_mappings_keep_their_order() throws IOException {
    JsonNode d =
        render(
            Row.of(
                "Row",
                Panel.stat("up", Unit.NONE, "Up.", Target.prom("up"))
                    .withMappings(ValueMapping.upDown())));

    JsonNode options =
        d.path("panels").path(1).path("fieldConfig").path("defaults").path("mappings").path(0);
    assertThat(options.path("type").asText()).isEqualTo("value");
    assertThat(options.path("options").path("0").path("text").asText()).isEqualTo("down");
    assertThat(options.path("options").path("1").path("index").asInt()).isEqualTo(1);
  }

  @Test
  void refuses_a_panel_that_mixes_datasources() {
    Panel mixed =
        Panel.timeseries(
            "mixed", Unit.COUNT, "Both.", Target.prom("up"), Target.sqlSeries("SELECT 1"));

    assertThatThrownBy(() -> DashboardJson.render(dashboard(Row.of("Row", mixed))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("panel 'mixed' mixes datasources; split it into two panels");
  }
}
