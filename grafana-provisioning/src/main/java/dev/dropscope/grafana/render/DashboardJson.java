package dev.dropscope.grafana.render;

import static dev.dropscope.grafana.render.Obj.obj;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Datasource;
import dev.dropscope.grafana.model.FieldOverride;
import dev.dropscope.grafana.model.Format;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.PanelType;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Target;
import dev.dropscope.grafana.model.Threshold;
import dev.dropscope.grafana.model.ValueMapping;
import dev.dropscope.grafana.model.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Dashboard} as Grafana 11 dashboard JSON (schema version {@value
 * #SCHEMA_VERSION}): fixed uid, datasources by their fixed uids, a row panel per {@link Row}, panel
 * ids in order, grid positions from {@link Layout}.
 *
 * <p>PromQL targets of bar gauges, tables and of panels reading {@code $__range} are instant
 * queries (one value per series, at the end of the range); the others are range queries.
 */
public final class DashboardJson {
  public static final int SCHEMA_VERSION = 39;

  /** The tag every dashboard carries; the dashboards' link menu lists the dashboards with it. */
  public static final String TAG = "dropscope";

  private DashboardJson() {}

  public static String render(Dashboard dashboard) {
    return JsonText.write(tree(dashboard));
  }

  static Obj tree(Dashboard d) {
    List<Object> panels = new ArrayList<>();
    Layout layout = new Layout();
    int id = 0;
    for (Row row : d.rows()) {
      panels.add(rowPanel(++id, row, layout.row()));
      for (Panel p : row.panels()) {
        panels.add(panel(++id, p, layout.panel(p.width(), p.height())));
      }
    }
    List<String> tags = new ArrayList<>();
    tags.add(TAG);
    tags.addAll(d.tags());
    return obj()
        .with("description", d.description())
        .with("editable", true)
        .with("fiscalYearStartMonth", 0)
        .with("graphTooltip", 1)
        .with("id", null)
        .with("links", List.of(dashboardMenu()))
        .with("liveNow", false)
        .with("panels", panels)
        .with("refresh", "1m")
        .with("schemaVersion", SCHEMA_VERSION)
        .with("tags", tags)
        .with(
            "templating",
            obj().with("list", d.variables().stream().map(DashboardJson::variable).toList()))
        .with("time", obj().with("from", d.from()).with("to", "now"))
        .with("timepicker", obj())
        .with("timezone", "")
        .with("title", d.title())
        .with("uid", d.uid())
        .with("version", 1)
        .with("weekStart", "");
  }

  /** The "dropscope" menu of links to every dashboard with the tag, keeping time and variables. */
  private static Obj dashboardMenu() {
    return obj()
        .with("asDropdown", true)
        .with("icon", "external link")
        .with("includeVars", true)
        .with("keepTime", true)
        .with("tags", List.of(TAG))
        .with("targetBlank", false)
        .with("title", "dropscope")
        .with("tooltip", "")
        .with("type", "dashboards")
        .with("url", "");
  }

  private static Obj rowPanel(int id, Row row, Layout.Place place) {
    return obj()
        .with("collapsed", false)
        .with("gridPos", gridPos(place))
        .with("id", id)
        .with("panels", List.of())
        .with("title", row.title())
        .with("type", "row");
  }

  private static Obj panel(int id, Panel p, Layout.Place place) {
    Datasource ds = p.targets().getFirst().datasource();
    for (Target t : p.targets()) {
      if (t.datasource() != ds) {
        throw new IllegalArgumentException(
            "panel '" + p.title() + "' mixes datasources; split it into two panels");
      }
    }
    boolean instant = instant(p);
    List<Object> targets = new ArrayList<>();
    char refId = 'A';
    for (Target t : p.targets()) {
      targets.add(target(t, String.valueOf(refId++), p.type(), instant));
    }
    Obj panel =
        obj()
            .with("datasource", datasource(ds))
            .with("description", p.description())
            .with(
                "fieldConfig", obj().with("defaults", defaults(p)).with("overrides", overrides(p)))
            .with("gridPos", gridPos(place))
            .with("id", id)
            .with("options", options(p, instant))
            .with("targets", targets)
            .with("title", p.title())
            .with("type", p.type().id());
    if (p.minInterval() != null) {
      panel.with("interval", p.minInterval());
    }
    List<Object> transformations = transformations(p);
    if (!transformations.isEmpty()) {
      panel.with("transformations", transformations);
    }
    return panel;
  }

  /** Whether the panel's PromQL runs as instant queries: one value per series. */
  private static boolean instant(Panel p) {
    return p.type().showsLatestValue()
        || p.targets().stream().anyMatch(t -> t.query().contains("$__range"));
  }

  private static Obj target(Target t, String refId, PanelType type, boolean instant) {
    Obj target = obj().with("datasource", datasource(t.datasource())).with("editorMode", "code");
    return switch (t.datasource()) {
      case PROMETHEUS ->
          target
              .with("expr", t.query())
              .with("format", type == PanelType.TABLE ? "table" : "time_series")
              .with("instant", instant)
              .with("legendFormat", t.legend().isEmpty() ? "__auto" : t.legend())
              .with("range", !instant)
              .with("refId", refId);
      case POSTGRES ->
          target
              .with("format", t.format().id())
              .with("rawQuery", true)
              .with("rawSql", t.query())
              .with("refId", refId);
    };
  }

  private static Obj defaults(Panel p) {
    boolean series = p.type() == PanelType.TIMESERIES;
    Obj defaults =
        obj()
            .with("color", obj().with("mode", series ? "palette-classic" : "thresholds"))
            .with("mappings", mappings(p.mappings()))
            .with("thresholds", obj().with("mode", "absolute").with("steps", steps(p.thresholds())))
            .with("unit", p.unit());
    if (p.min() != null) {
      defaults.with("min", number(p.min()));
    }
    if (p.max() != null) {
      defaults.with("max", number(p.max()));
    }
    if (series) {
      defaults.with(
          "custom",
          obj()
              .with("drawStyle", "line")
              .with("fillOpacity", p.stacked() ? 30 : 10)
              .with("lineWidth", 1)
              .with("showPoints", "never")
              .with("spanNulls", false)
              .with(
                  "stacking",
                  obj().with("group", "A").with("mode", p.stacked() ? "normal" : "none")));
    }
    return defaults;
  }

  private static List<Object> steps(List<Threshold> thresholds) {
    if (thresholds.isEmpty()) {
      return List.of(obj().with("color", "green").with("value", null));
    }
    List<Object> steps = new ArrayList<>();
    for (Threshold t : thresholds) {
      steps.add(
          obj().with("color", t.color()).with("value", t.from() == null ? null : number(t.from())));
    }
    return steps;
  }

  private static List<Object> mappings(List<ValueMapping> mappings) {
    if (mappings.isEmpty()) {
      return List.of();
    }
    Obj options = obj();
    int index = 0;
    for (ValueMapping m : mappings) {
      options.with(
          m.value(), obj().with("color", m.color()).with("index", index++).with("text", m.text()));
    }
    return List.of(obj().with("options", options).with("type", "value"));
  }

  private static List<Object> overrides(Panel p) {
    Map<String, List<Object>> byField = new LinkedHashMap<>();
    for (FieldOverride o : p.overrides()) {
      byField
          .computeIfAbsent(o.field(), f -> new ArrayList<>())
          .add(obj().with("id", o.property()).with("value", o.value()));
    }
    List<Object> out = new ArrayList<>();
    byField.forEach(
        (field, properties) ->
            out.add(
                obj()
                    .with("matcher", obj().with("id", "byName").with("options", field))
                    .with("properties", properties)));
    return out;
  }

  private static Obj options(Panel p, boolean instant) {
    boolean sqlRows =
        p.targets().stream()
            .anyMatch(t -> t.datasource() == Datasource.POSTGRES && t.format() == Format.TABLE);
    Obj reduce =
        obj()
            .with("calcs", sqlRows ? List.of() : List.of("lastNotNull"))
            .with("fields", "")
            .with("values", sqlRows);
    return switch (p.type()) {
      case TIMESERIES ->
          obj()
              .with(
                  "legend",
                  obj()
                      .with("calcs", List.of())
                      .with("displayMode", "list")
                      .with("placement", "bottom")
                      .with("showLegend", true))
              .with("tooltip", obj().with("mode", "multi").with("sort", "desc"));
      case STAT ->
          obj()
              .with("colorMode", "value")
              .with("graphMode", instant || sqlRows ? "none" : "area")
              .with("justifyMode", "auto")
              .with("orientation", "auto")
              .with("reduceOptions", reduce)
              .with("showPercentChange", false)
              .with("textMode", "auto")
              .with("wideLayout", true);
      case GAUGE ->
          obj()
              .with("orientation", "auto")
              .with("reduceOptions", reduce)
              .with("showThresholdLabels", false)
              .with("showThresholdMarkers", true);
      case BARGAUGE ->
          obj()
              .with("displayMode", "gradient")
              .with("orientation", "horizontal")
              .with("reduceOptions", reduce)
              .with("showUnfilled", true)
              .with("valueMode", "color");
      case TABLE ->
          obj()
              .with("cellHeight", "sm")
              .with(
                  "footer",
                  obj()
                      .with("countRows", false)
                      .with("fields", "")
                      .with("reducer", List.of("sum"))
                      .with("show", false))
              .with("showHeader", true);
    };
  }

  private static List<Object> transformations(Panel p) {
    List<Object> out = new ArrayList<>();
    if (p.type() == PanelType.TABLE
        && p.targets().size() > 1
        && p.targets().getFirst().datasource() == Datasource.PROMETHEUS) {
      out.add(obj().with("id", "merge").with("options", obj()));
    }
    if (!p.hiddenColumns().isEmpty()) {
      Obj exclude = obj();
      p.hiddenColumns().forEach(c -> exclude.with(c, true));
      out.add(
          obj()
              .with("id", "organize")
              .with(
                  "options",
                  obj()
                      .with("excludeByName", exclude)
                      .with("indexByName", obj())
                      .with("renameByName", obj())));
    }
    return out;
  }

  private static Obj variable(Variable v) {
    return obj()
        .with(
            "current",
            obj()
                .with("selected", true)
                .with("text", List.of("All"))
                .with("value", List.of("$__all")))
        .with("datasource", datasource(Datasource.PROMETHEUS))
        .with("definition", v.query())
        .with("includeAll", true)
        .with("label", v.label())
        .with("multi", true)
        .with("name", v.name())
        .with("options", List.of())
        .with(
            "query",
            obj()
                .with("qryType", 1)
                .with("query", v.query())
                .with("refId", "PrometheusVariableQueryEditor-VariableQuery"))
        .with("refresh", 2)
        .with("regex", "")
        .with("sort", 1)
        .with("type", "query");
  }

  private static Obj datasource(Datasource ds) {
    return obj().with("type", ds.type()).with("uid", ds.uid());
  }

  private static Obj gridPos(Layout.Place p) {
    return obj().with("h", p.h()).with("w", p.w()).with("x", p.x()).with("y", p.y());
  }

  /** Whole numbers without a fraction ({@code 1}, not {@code 1.0}). */
  private static Number number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : value;
  }
}
