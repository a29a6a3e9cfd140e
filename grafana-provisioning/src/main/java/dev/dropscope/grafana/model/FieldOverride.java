package dev.dropscope.grafana.model;

/**
 * A field config property set for one field (a table column or a series) only, e.g. the unit of the
 * {@code roi} column.
 */
public record FieldOverride(String field, String property, Object value) {

  public static FieldOverride unit(String field, String unit) {
    return new FieldOverride(field, "unit", unit);
  }
}
