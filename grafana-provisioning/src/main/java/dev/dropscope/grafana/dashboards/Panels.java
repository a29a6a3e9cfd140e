package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.model.Target.prom;

import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Unit;
import dev.dropscope.grafana.model.ValueMapping;

/** Panels several dashboards show the same way, for the 0/1 gauges and heartbeat timestamps. */
final class Panels {
  private Panels() {}

  /**
   * How many series of a 0/1 gauge read 0 now, in {@code color} from one up; 0, not "no data", when
   * none does.
   */
  static Panel downCount(String title, String description, String gauge, String color) {
    return Panel.stat(
            title, Unit.NONE, description, prom("count(" + sel(gauge) + " == 0) or vector(0)"))
        .withThresholds("green", 1, color);
  }

  /** One value per series of a 0/1 gauge, shown as "up" in green or "down" in red. */
  static Panel upDown(String title, String description, String gauge, String legend) {
    return Panel.stat(title, Unit.NONE, description, prom(sel(gauge), legend))
        .withSize(8, 8)
        .withMappings(ValueMapping.upDown())
        .withThresholds("red", 1, "green");
  }

  /** Seconds since each series' last heartbeat, orange after a minute, red after two. */
  static Panel heartbeatAge(String description, String timestampGauge, String legend) {
    return Panel.bars(
            "Time since last heartbeat",
            Unit.SECONDS,
            description,
            prom("time() - " + sel(timestampGauge), legend))
        .withThresholds("green", 60, "orange", 120, "red");
  }
}
