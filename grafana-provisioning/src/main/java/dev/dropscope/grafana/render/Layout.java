package dev.dropscope.grafana.render;

/**
 * Places panels on Grafana's 24-column grid: each row header takes a full-width line, its panels
 * flow left to right and wrap to a new line when the next one does not fit.
 */
final class Layout {
  static final int COLUMNS = 24;

  /** A panel's place: {@code gridPos} in the dashboard JSON. */
  record Place(int x, int y, int w, int h) {}

  private int y;
  private int x;
  private int lineHeight;

  /** The place of the next row header; ends the current row. */
  Place row() {
    endLine();
    Place p = new Place(0, y, COLUMNS, 1);
    y += 1;
    return p;
  }

  /** The place of the next panel of {@code w} columns and {@code h} lines. */
  Place panel(int w, int h) {
    if (x + w > COLUMNS) {
      endLine();
    }
    Place p = new Place(x, y, w, h);
    x += w;
    lineHeight = Math.max(lineHeight, h);
    return p;
  }

  private void endLine() {
    y += lineHeight;
    x = 0;
    lineHeight = 0;
  }
}
