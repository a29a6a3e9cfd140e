package dev.dropscope.grafana.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One panel: what it shows ({@link PanelType}, title, description, unit, queries), its size on the
 * 24-column grid, and the optional display settings the dashboards use. Build one with a factory
 * such as {@link #timeseries} and the {@code with...} methods, which return changed copies.
 *
 * @param width grid columns, 1..24
 * @param height grid rows (30 px each)
 * @param min lower end of the axis or gauge, or null for automatic
 * @param max upper end, or null for automatic
 * @param thresholds color steps; empty for the default (green)
 * @param mappings values shown as text, e.g. 0 as "down"
 * @param stacked whether a time series stacks its series
 * @param overrides per-field settings, e.g. a table column's unit
 * @param minInterval the smallest {@code $__interval} Grafana may pick, e.g. {@code 1d} for daily
 *     rows; null for the datasource's
 * @param hiddenColumns table columns to hide (e.g. {@code Time}, {@code Value})
 */
public record Panel(
    PanelType type,
    String title,
    String description,
    String unit,
    List<Target> targets,
    int width,
    int height,
    Double min,
    Double max,
    List<Threshold> thresholds,
    List<ValueMapping> mappings,
    boolean stacked,
    List<FieldOverride> overrides,
    String minInterval,
    List<String> hiddenColumns) {

  public Panel {
    Objects.requireNonNull(type, "type");
    require(title, title, "title");
    require(description, title, "description");
    require(unit, title, "unit");
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("panel '" + title + "' has no query");
    }
    if (width < 1 || width > 24 || height < 1) {
      throw new IllegalArgumentException(
          "panel '" + title + "': width 1..24 and height >= 1, found " + width + "x" + height);
    }
    thresholds = List.copyOf(thresholds);
    mappings = List.copyOf(mappings);
    overrides = List.copyOf(overrides);
    hiddenColumns = List.copyOf(hiddenColumns);
  }

  /** Lines over time, 12 columns by 8 rows. */
  public static Panel timeseries(String title, String unit, String description, Target... targets) {
    return create(PanelType.TIMESERIES, title, unit, description, 12, 8, targets);
  }

  /** One big number with a sparkline, 4 columns by 4 rows. */
  public static Panel stat(String title, String unit, String description, Target... targets) {
    return create(PanelType.STAT, title, unit, description, 4, 4, targets);
  }

  /** A dial, 4 columns by 4 rows. */
  public static Panel gauge(String title, String unit, String description, Target... targets) {
    return create(PanelType.GAUGE, title, unit, description, 4, 4, targets);
  }

  /** One horizontal bar per series (PromQL) or row (SQL), latest value, 8 columns by 8 rows. */
  public static Panel bars(String title, String unit, String description, Target... targets) {
    return create(PanelType.BARGAUGE, title, unit, description, 8, 8, targets);
  }

  /** A table of the latest values (PromQL) or of the rows (SQL), full width, 8 rows. */
  public static Panel table(String title, String unit, String description, Target... targets) {
    return create(PanelType.TABLE, title, unit, description, 24, 8, targets);
  }

  public Panel withSize(int newWidth, int newHeight) {
    return change(
        c -> {
          c.width = newWidth;
          c.height = newHeight;
        });
  }

  public Panel withRange(Double newMin, Double newMax) {
    return change(
        c -> {
          c.min = newMin;
          c.max = newMax;
        });
  }

  /** See {@link Threshold#steps}. */
  public Panel withThresholds(String base, Object... boundColorPairs) {
    return change(c -> c.thresholds = Threshold.steps(base, boundColorPairs));
  }

  public Panel withMappings(ValueMapping... newMappings) {
    return change(c -> c.mappings = List.of(newMappings));
  }

  public Panel withStacking() {
    return change(c -> c.stacked = true);
  }

  public Panel withOverrides(FieldOverride... more) {
    return change(
        c -> {
          c.overrides = new ArrayList<>(overrides);
          c.overrides.addAll(List.of(more));
        });
  }

  public Panel withMinInterval(String interval) {
    return change(c -> c.minInterval = interval);
  }

  public Panel hidingColumns(String... columns) {
    return change(c -> c.hiddenColumns = List.of(columns));
  }

  /** A copy of this panel with {@code edit} applied to its components. */
  private Panel change(Consumer<Components> edit) {
    Components c = new Components(this);
    edit.accept(c);
    return c.panel();
  }

  /** The components of a panel, open to change, for the {@code with...} methods. */
  private static final class Components {
    private final PanelType type;
    private final String title;
    private final String description;
    private final String unit;
    private final List<Target> targets;
    int width;
    int height;
    Double min;
    Double max;
    List<Threshold> thresholds;
    List<ValueMapping> mappings;
    boolean stacked;
    List<FieldOverride> overrides;
    String minInterval;
    List<String> hiddenColumns;

    Components(Panel p) {
      type = p.type;
      title = p.title;
      description = p.description;
      unit = p.unit;
      targets = p.targets;
      width = p.width;
      height = p.height;
      min = p.min;
      max = p.max;
      thresholds = p.thresholds;
      mappings = p.mappings;
      stacked = p.stacked;
      overrides = p.overrides;
      minInterval = p.minInterval;
      hiddenColumns = p.hiddenColumns;
    }

    Panel panel() {
      return new Panel(
          type,
          title,
          description,
          unit,
          targets,
          width,
          height,
          min,
          max,
          thresholds,
          mappings,
          stacked,
          overrides,
          minInterval,
          hiddenColumns);
    }
  }

  private static Panel create(
      PanelType type,
      String title,
      String unit,
      String description,
      int width,
      int height,
      Target... targets) {
    return new Panel(
        type,
        title,
        description,
        unit,
        List.of(targets),
        width,
        height,
        null,
        null,
        List.of(),
        List.of(),
        false,
        List.of(),
        null,
        List.of());
  }

  private static void require(String value, String title, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("panel '" + title + "': a " + what + " is required");
    }
  }
}
