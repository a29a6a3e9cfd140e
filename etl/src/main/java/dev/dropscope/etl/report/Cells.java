package dev.dropscope.etl.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a cell reads in text: the same in the console, CSV and HTML renderings. */
final class Cells {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Cells() {}

  /** Empty for null; integers as they are; other numbers with up to 6 significant decimals. */
  static String text(Object cell) {
    return switch (cell) {
      case null -> "";
      case Long l -> Long.toString(l);
      case Double d when d.isNaN() || d.isInfinite() -> d.toString();
      case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 ->
          String.format(Locale.ROOT, "%.0f", d);
      case Double d -> strip(String.format(Locale.ROOT, Math.abs(d) >= 1 ? "%.2f" : "%.6f", d));
      case Instant t -> TIME.format(t);
      default -> cell.toString();
    };
  }

  private static String strip(String decimal) {
    String s = decimal.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
