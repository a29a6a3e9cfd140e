package dev.dropscope.exporter.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp form agrees with java.time's, both ways. */
class TimestampsTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void formats_and_parses_like_java_time_from_year_1_to_9999() {
    SplittableRandom random = new SplittableRandom(42);
    long from = JournalRecord.MIN_TIME.getEpochSecond();
    long to = JournalRecord.MAX_TIME.getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant t =
          Instant.ofEpochSecond(random.nextLong(from, to + 1), random.nextInt(1_000_000) * 1000L);
      String text = Timestamps.format(t);

      assertThat(text).isEqualTo(REFERENCE.format(t));
      assertThat(Timestamps.parse(text)).isEqualTo(t);
    }
  }

  @Test
  void keeps_the_edges_and_a_leap_day() {
    for (Instant t :
        new Instant[] {
          JournalRecord.MIN_TIME,
          JournalRecord.MAX_TIME,
          Instant.EPOCH,
          Instant.parse("2028-02-29T23:59:59.999999Z"),
          Instant.parse("1969-12-31T23:59:59.000001Z")
        }) {
      assertThat(Timestamps.parse(Timestamps.format(t))).isEqualTo(t);
    }
  }

  @Test
  void reads_other_rfc_3339_utc_forms() {
    assertThat(Timestamps.parse("2026-11-22T13:00:00Z"))
        .isEqualTo(Instant.parse("2026-11-22T13:00:00Z"));
    assertThat(Timestamps.parse("2026-11-22T13:00:00.123456789Z"))
        .isEqualTo(Instant.parse("2026-11-22T13:00:00Z").plus(123_456_789, ChronoUnit.NANOS));
  }

  @Test
  void rejects_impossible_dates_and_times() {
    assertThatThrownBy(() -> Timestamps.parse("2026-02-30T13:00:00.000000Z"))
        .isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Timestamps.parse("2026-11-22T24:00:00.000000Z"))
        .isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Timestamps.parse("2026-11-22T13:00:60.000000Z"))
        .isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Timestamps.parse("2026-1x-22T13:00:00.000000Z"))
        .isInstanceOf(DateTimeException.class);
  }
}
