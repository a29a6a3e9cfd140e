package dev.dropscope.exporter.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.journal.Retention.Deletion;
import dev.dropscope.exporter.journal.Retention.Reason;
import dev.dropscope.exporter.journal.Segments.SegmentFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which segments retention deletes, on listed fixtures. */
class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-11-22T13:00:00Z");

  private static SegmentFile segment(long sequence, long size, Duration age) {
    return new SegmentFile(
        Path.of("segment-" + sequence + ".ndjson"), sequence, size, NOW.minus(age));
  }

  @Test
  void deletes_closed_segments_older_than_the_retention() {
    SegmentFile old = segment(1, 100, Duration.ofDays(31));
    SegmentFile recent = segment(2, 100, Duration.ofDays(29));
    SegmentFile active = segment(3, 100, Duration.ZERO);

    List<Deletion> plan =
        new Retention(Duration.ofDays(30), 1_000)
            .plan(List.of(old, recent, active), active.path(), NOW);

    assertThat(plan).containsExactly(new Deletion(old, Reason.AGE));
  }

  @Test
  void never_deletes_the_active_segment_by_age() {
    SegmentFile idle = segment(1, 100, Duration.ofDays(90));

    assertThat(new Retention(Duration.ofDays(30), 1_000).plan(List.of(idle), idle.path(), NOW))
        .isEmpty();
  }

  @Test
  void deletes_the_oldest_closed_segments_until_the_total_fits_max_bytes() {
    SegmentFile s1 = segment(1, 400, Duration.ofHours(3));
    SegmentFile s2 = segment(2, 400, Duration.ofHours(2));
    SegmentFile s3 = segment(3, 400, Duration.ofHours(1));
    SegmentFile active = segment(4, 100, Duration.ZERO);

    List<Deletion> plan =
        new Retention(Duration.ofDays(30), 600)
            .plan(List.of(s1, s2, s3, active), active.path(), NOW);

    assertThat(plan).containsExactly(new Deletion(s1, Reason.SIZE), new Deletion(s2, Reason.SIZE));
  }

  @Test
  void counts_what_age_deletes_before_deleting_for_size() {
    SegmentFile old = segment(1, 600, Duration.ofDays(40));
    SegmentFile s2 = segment(2, 400, Duration.ofHours(1));
    SegmentFile active = segment(3, 500, Duration.ZERO);

    List<Deletion> plan =
        new Retention(Duration.ofDays(30), 1_000)
            .plan(List.of(old, s2, active), active.path(), NOW);

    assertThat(plan).containsExactly(new Deletion(old, Reason.AGE));
  }

  @Test
  void keeps_the_active_segment_when_it_alone_exceeds_max_bytes() {
    SegmentFile closed = segment(1, 10, Duration.ofMinutes(1));
    SegmentFile active = segment(2, 5_000, Duration.ZERO);

    List<Deletion> plan =
        new Retention(Duration.ofDays(30), 1_000).plan(List.of(closed, active), active.path(), NOW);

    assertThat(plan).containsExactly(new Deletion(closed, Reason.SIZE));
  }
}
