package dev.dropscope.grafana.model;

import java.util.List;

/** A titled row of panels; panels flow left to right and wrap at the dashboard's width. */
public record Row(String title, List<Panel> panels) {
  public Row {
    panels = List.copyOf(panels);
  }

  public static Row of(String title, Panel... panels) {
    return new Row(title, List.of(panels));
  }
}
