package dev.dropscope.etl.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time on the command line: RFC 3339 ({@code 2026-01-01T00:00:00Z}, {@code
 * 2026-01-01T02:00:00.5+02:00}), seconds since the epoch ({@code 1767225600}, {@code
 * 1767225600.25}), or {@code now}.
 */
final class TimeConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    String v = value.strip();
    if (v.equals("now")) {
      return Instant.now();
    }
    if (v.matches("-?\\d+(\\.\\d+)?")) {
      BigDecimal millis = new BigDecimal(v).movePointRight(3);
      return Instant.ofEpochMilli(millis.longValue());
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "expected RFC 3339 like 2026-01-01T00:00:00Z, seconds since the epoch like 1767225600,"
              + " or now; found '"
              + value
              + "'");
    }
  }
}
