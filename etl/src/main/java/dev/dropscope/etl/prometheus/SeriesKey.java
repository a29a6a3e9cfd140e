package dev.dropscope.etl.prometheus;

import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/** A series: its metric name and its other labels, sorted by name. */
record SeriesKey(String metric, SortedMap<String, String> labels) {
  /** {@code metric{a="1", b="x\"y"}}, as PromQL writes a series. */
  @Override
  public String toString() {
    return metric
        + labels.entrySet().stream()
            .map(e -> e.getKey() + "=\"" + PromQl.escape(e.getValue()) + "\"")
            .collect(Collectors.joining(", ", "{", "}"));
  }

  /** A selector for exactly this series' labels (other series may share them, not the name). */
  String selector() {
    StringBuilder s = new StringBuilder("{__name__=\"").append(PromQl.escape(metric)).append('"');
    for (Map.Entry<String, String> e : labels.entrySet()) {
      s.append(", ")
          .append(e.getKey())
          .append("=\"")
          .append(PromQl.escape(e.getValue()))
          .append('"');
    }
    return s.append('}').toString();
  }
}
