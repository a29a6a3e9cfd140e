package dev.dropscope.etl.prometheus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Milliseconds since the epoch as JDBC {@code timestamptz} parameters and readable instants. */
final class Times {
  private Times() {}

  static OffsetDateTime timestamptz(long millis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }
}
