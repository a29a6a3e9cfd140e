package dev.dropscope.grafana.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.grafana.model.Datasource;
import dev.dropscope.grafana.model.Unit;
import dev.dropscope.grafana.query.ProvisionedDashboard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every provisioned dashboard JSON follows, checked on the file Grafana loads. Each
 * problem is one line naming the file, the place, what was expected and what was found:
 *
 * <pre>
 * dropscope-host.json: panel 3 "CPU busy": expected a unit in fieldConfig.defaults.unit, found none
 * </pre>
 *
 * <ul>
 *   <li>the dashboard has a uid {@code dropscope-NAME} matching its file name, a title, a
 *       description, the {@code dropscope} tag, schemaVersion {@value #MIN_SCHEMA_VERSION} or
 *       later, no database id, and no {@code ${DS_...}} import placeholders;
 *   <li>panel ids are unique, every panel has a grid position inside the 24 columns and none
 *       overlaps another;
 *   <li>every panel but a row has a title, a description, a known unit, one of the two fixed
 *       datasources (the same on the panel and its targets) and at least one query;
 *   <li>PromQL ranges are {@code $__rate_interval}, never a hard-coded window; {@code $__range} (a
 *       total over the dashboard's time range) only in instant queries; every {@code $variable} is
 *       defined;
 *   <li>SQL reads the {@code analytics} schema only, as raw SQL; a time series is bounded by the
 *       dashboard's time range ({@code $__timeFilter(...)}, or {@code $__timeFrom()} and {@code
 *       $__timeTo()} handed to a function) and ends with {@code ORDER BY 1}.
 * </ul>
 */
public final class DashboardLint {
  public static final int MIN_SCHEMA_VERSION = 39;

  static final Set<String> PANEL_TYPES =
      Set.of("row", "timeseries", "stat", "gauge", "bargauge", "table");

  private static final Set<String> BUILTIN_VARIABLES =
      Set.of(
          "__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__range_ms");
  private static final Pattern UID = Pattern.compile("dropscope-[a-z0-9-]{1,30}");
  private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)]");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:from|join)\\s+([a-z_][\\w.]*)");
  private static final Pattern ENDS_ORDERED =
      Pattern.compile("(?is).*\\border\\s+by\\s+1\\s*;?\\s*");

  private final String file;
  private final List<String> problems = new ArrayList<>();

  private DashboardLint(String file) {
    this.file = file;
  }

  /** The problems of one dashboard; empty when it follows every rule. */
  public static List<String> check(ProvisionedDashboard dashboard) {
    DashboardLint lint = new DashboardLint(dashboard.file());
    lint.dashboard(dashboard);
    return List.copyOf(lint.problems);
  }

  private void dashboard(ProvisionedDashboard d) {
    JsonNode json = d.json();
    String uid = json.path("uid").asText("");
    if (!UID.matcher(uid).matches()) {
      problem("uid", "a uid like dropscope-host (lower case, at most 40 characters)", uid);
    } else if (!file.equals(uid + ".json")) {
      problem("uid", "the file to be named " + uid + ".json", file);
    }
    text(json, "title", "dashboard");
    text(json, "description", "dashboard");
    List<String> tags = new ArrayList<>();
    json.path("tags").forEach(t -> tags.add(t.asText()));
    if (!tags.contains("dropscope")) {
      problem("tags", "the tag dropscope (the dashboards' link menu lists by it)", tags);
    }
    if (json.path("schemaVersion").asInt(0) < MIN_SCHEMA_VERSION) {
      problem("schemaVersion", MIN_SCHEMA_VERSION + " or later", json.path("schemaVersion"));
    }
    if (json.has("id") && !json.path("id").isNull()) {
      problem("id", "null (Grafana assigns the database id)", json.path("id"));
    }
    String text = json.toString();
    if (text.contains("${DS_") || json.has("__inputs") || json.has("__requires")) {
      problem("datasources", "fixed datasource uids", "an import placeholder (${DS_...})");
    }
    Set<String> variables = new HashSet<>(BUILTIN_VARIABLES);
    for (JsonNode v : json.path("templating").path("list")) {
      variables.add(v.path("name").asText());
      String where = "variable $" + v.path("name").asText();
      datasource(where, v.path("datasource"));
      JsonNode q = v.path("query");
      if ((q.isObject() ? q.path("query").asText() : q.asText()).isBlank()) {
        problem(where, "a query", "none");
      }
    }
    panels(d, variables);
  }

  private void panels(ProvisionedDashboard d, Set<String> variables) {
    Set<Integer> ids = new HashSet<>();
    List<int[]> placed = new ArrayList<>();
    for (JsonNode p : d.panels()) {
      String where = "panel " + p.path("id").asText("?") + " \"" + p.path("title").asText() + "\"";
      if (!p.path("id").isInt()) {
        problem(where, "an integer id", p.path("id"));
      } else if (!ids.add(p.path("id").asInt())) {
        problem(where, "an id no other panel has", p.path("id").asInt());
      }
      grid(where, p.path("gridPos"), placed);
      String type = p.path("type").asText();
      if (!PANEL_TYPES.contains(type)) {
        problem(where, "a panel type of " + new TreeSet<>(PANEL_TYPES), type);
        continue;
      }
      text(p, "title", where);
      if (type.equals("row")) {
        continue;
      }
      text(p, "description", where);
      String unit = p.path("fieldConfig").path("defaults").path("unit").asText("");
      if (unit.isEmpty()) {
        problem(where, "a unit in fieldConfig.defaults.unit", "none");
      } else if (!Unit.KNOWN.contains(unit)) {
        problem(where, "a Grafana unit id of " + new TreeSet<>(Unit.KNOWN), unit);
      }
      Datasource panelDs = datasource(where, p.path("datasource"));
      targets(where, p, panelDs, variables);
    }
  }

  private void targets(String where, JsonNode panel, Datasource panelDs, Set<String> variables) {
    if (panel.path("targets").isEmpty()) {
      problem(where, "at least one query in targets", "none");
    }
    Set<String> refIds = new HashSet<>();
    for (JsonNode t : panel.path("targets")) {
      String at = where + " target " + t.path("refId").asText("?");
      if (t.path("refId").asText().isEmpty() || !refIds.add(t.path("refId").asText())) {
        problem(at, "a refId unique in the panel", t.path("refId"));
      }
      Datasource ds = datasource(at, t.path("datasource"));
      if (ds != null && panelDs != null && ds != panelDs) {
        problem(at, "the panel's datasource " + panelDs.uid(), ds.uid());
      }
      if (ds == Datasource.PROMETHEUS) {
        promql(at, t, variables);
      } else if (ds == Datasource.POSTGRES) {
        sql(at, t);
      }
    }
  }

  private void promql(String at, JsonNode target, Set<String> variables) {
    String expr = target.path("expr").asText("");
    if (expr.isBlank()) {
      problem(at, "a PromQL expression in expr", "none");
      return;
    }
    Matcher range = RANGE.matcher(STRING.matcher(expr).replaceAll("\"\""));
    while (range.find()) {
      String window = range.group(1).strip();
      if (window.equals("$__range")) {
        if (!target.path("instant").asBoolean(false)) {
          problem(
              at,
              "[$__range] only in an instant query (a total over the time range)",
              "it in a range query");
        }
      } else if (!window.equals("$__rate_interval")) {
        problem(
            at,
            "[$__rate_interval] (or [$__range] for a total), not a fixed window",
            "[" + window + "]");
      }
    }
    Matcher v = VARIABLE.matcher(expr);
    while (v.find()) {
      if (!variables.contains(v.group(1))) {
        problem(
            at, "a variable the dashboard defines " + new TreeSet<>(variables), "$" + v.group(1));
      }
    }
  }

  private void sql(String at, JsonNode target) {
    String sql = target.path("rawSql").asText("");
    if (sql.isBlank() || !target.path("rawQuery").asBoolean(false)) {
      problem(at, "raw SQL (rawQuery true, rawSql set)", sql.isBlank() ? "none" : "the builder");
      return;
    }
    Matcher table = TABLE.matcher(sql);
    while (table.find()) {
      if (!table.group(1).startsWith("analytics.")) {
        problem(at, "tables and views of the analytics schema only", table.group(1));
      }
    }
    String format = target.path("format").asText("");
    switch (format) {
      case "table" -> {}
      case "time_series" -> {
        boolean ranged = sql.contains("$__timeFrom()") && sql.contains("$__timeTo()");
        if (!sql.contains("$__timeFilter(") && !ranged) {
          problem(
              at,
              "a time series filtered by $__timeFilter(column) or given $__timeFrom() and"
                  + " $__timeTo()",
              "neither");
        }
        if (!ENDS_ORDERED.matcher(sql).matches()) {
          problem(at, "a time series ending with ORDER BY 1", "another ending");
        }
      }
      default -> problem(at, "format table or time_series", format);
    }
  }

  private void grid(String where, JsonNode g, List<int[]> placed) {
    int x = g.path("x").asInt(-1);
    int y = g.path("y").asInt(-1);
    int w = g.path("w").asInt(0);
    int h = g.path("h").asInt(0);
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
      problem(where, "a gridPos inside the 24 columns", g.isMissingNode() ? "none" : g);
      return;
    }
    for (int[] other : placed) {
      if (x < other[0] + other[2]
          && other[0] < x + w
          && y < other[1] + other[3]
          && other[1] < y + h) {
        problem(where, "a gridPos no other panel covers", g);
        break;
      }
    }
    placed.add(new int[] {x, y, w, h});
  }

  private Datasource datasource(String where, JsonNode ds) {
    Datasource d = Datasource.byUid(ds.path("uid").asText(""));
    if (d == null || !d.type().equals(ds.path("type").asText(""))) {
      problem(
          where,
          "datasource {type: prometheus, uid: prometheus} or {type: grafana-postgresql-datasource,"
              + " uid: postgres}",
          ds.isMissingNode() ? "none" : ds);
      return null;
    }
    return d;
  }

  private void text(JsonNode node, String field, String where) {
    if (node.path(field).asText("").isBlank()) {
      problem(where, "a " + field, "none");
    }
  }

  private void problem(String where, String expected, Object found) {
    problems.add(file + ": " + where + ": expected " + expected + ", found " + found);
  }
}
