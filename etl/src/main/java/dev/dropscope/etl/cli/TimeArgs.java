package dev.dropscope.etl.cli;

import dev.dropscope.exporter.config.ConfigException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times given on the command line: RFC 3339 ({@code 2026-11-01T00:00:00Z}) or epoch seconds. */
public final class TimeArgs {
  private TimeArgs() {}

  /**
   * @throws ConfigException naming the flag, what was expected and what was found
   */
  public static Instant parse(String flag, String text) {
    String t = text.strip();
    try {
      if (t.matches("-?\\d+(\\.\\d+)?")) {
        BigDecimal seconds = new BigDecimal(t);
        return Instant.ofEpochSecond(0)
            .plusMillis(
                seconds
                    .movePointRight(3)
                    .setScale(0, java.math.RoundingMode.FLOOR)
                    .longValueExact());
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new ConfigException(
          flag
              + ": expected an RFC 3339 time like 2026-11-01T00:00:00Z or epoch seconds, found '"
              + text
              + "'");
    }
  }
}
