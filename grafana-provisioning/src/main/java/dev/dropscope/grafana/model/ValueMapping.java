package dev.dropscope.grafana.model;

/** Shows a value as text in a color, e.g. {@code 0} as "down" in red. */
public record ValueMapping(String value, String text, String color) {

  /** {@code 0} → "down" (red), {@code 1} → "up" (green): for {@code *_up} gauges. */
  public static ValueMapping[] upDown() {
    return new ValueMapping[] {
      new ValueMapping("0", "down", "red"), new ValueMapping("1", "up", "green")
    };
  }
}
