package dev.dropscope.exporter.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One journaled event, one line of a segment file.
 *
 * <p>Timestamps are kept with microsecond precision (PostgreSQL's), so a record read back equals
 * the record written. {@code data} is not copied: do not change it after creating the record.
 *
 * @param id unique, time-ordered id: a UUIDv7 (RFC 9562) made by {@link #create}; the ETL loads
 *     records by it, idempotently
 * @param type the event type, e.g. {@code airdrops.claim}
 * @param ts when the event happened, by the client's clock
 * @param ingestedAt when the exporter received it
 * @param eventId the client's idempotency key, or null when it sent none
 * @param data the event's fields
 */
public record JournalRecord(
    String id, String type, Instant ts, Instant ingestedAt, String eventId, ObjectNode data) {

  /** The earliest timestamp a record can carry: 0001-01-01T00:00:00Z. */
  public static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest timestamp a record can carry: 9999-12-31T23:59:59.999999Z. */
  public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

  public JournalRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: expected a non-blank string, found '" + id + "'");
    }
    if (type.isBlank()) {
      throw new IllegalArgumentException("type: expected a non-blank string, found '" + type + "'");
    }
    ts = micros("ts", ts);
    ingestedAt = micros("ingested_at", ingestedAt);
  }

  /** A record with a fresh id. */
  public static JournalRecord create(
      String type, Instant ts, Instant ingestedAt, String eventId, ObjectNode data) {
    return new JournalRecord(RecordIds.next(), type, ts, ingestedAt, eventId, data);
  }

  private static Instant micros(String field, Instant t) {
    Objects.requireNonNull(t, field);
    if (t.isBefore(MIN_TIME) || t.isAfter(MAX_TIME)) {
      throw new IllegalArgumentException(
          field + ": expected a time from year 1 to year 9999, found " + t);
    }
    return t.truncatedTo(ChronoUnit.MICROS);
  }
}
