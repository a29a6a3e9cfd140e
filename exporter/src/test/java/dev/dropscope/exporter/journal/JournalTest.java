package dev.dropscope.exporter.journal;

import static dev.dropscope.exporter.journal.TestRecords.claims;
import static dev.dropscope.exporter.journal.TestRecords.config;
import static dev.dropscope.exporter.journal.TestRecords.ids;
import static dev.dropscope.exporter.journal.TestRecords.readAll;
import static dev.dropscope.exporter.journal.TestRecords.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.config.JournalConfig;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on a real directory: what it writes, when it rotates, what it keeps. */
class JournalTest {
  private static final long SEGMENT = JournalConfig.MIN_SEGMENT_BYTES; // 64 KiB

  @Nested
  class Format {
    @Test
    void reads_back_every_field_exactly(@TempDir Path dir) throws IOException {
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      data.put("wallet", "0x00000000000000000000000000000000000000aa");
      data.put("amount", new BigDecimal("1234.500000000000000001000"));
      data.put("attempt", 3);
      data.put("ok", true);
      data.putArray("tags").add("zk").add("l2");
      data.putObject("gas").putNull("tip");
      JournalRecord keyed =
          JournalRecord.create(
              "airdrops.claim",
              Instant.parse("2026-11-22T13:00:00.123456Z"),
              Instant.parse("2026-11-22T13:00:00.500001Z"),
              "evt-1",
              data);
      JournalRecord unkeyed =
          JournalRecord.create(
              "trading.trade",
              Instant.parse("2026-11-22T13:00:01Z"),
              Instant.parse("2026-11-22T13:00:02Z"),
              null,
              JsonNodeFactory.instance.objectNode().put("pair", "ETH/USDC"));

      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        journal.append(List.of(keyed, unkeyed));
      }

      assertThat(readAll(dir)).containsExactly(keyed, unkeyed);
    }

    @Test
    void writes_one_json_object_a_line_with_microsecond_utc_times(@TempDir Path dir)
        throws IOException {
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      data.put("wallet", "0xaa");
      data.put("amount", new BigDecimal("12.50"));
      JournalRecord record =
          new JournalRecord(
              "019ab3c2-5a8b-7000-8000-000000000001",
              "airdrops.claim",
              Instant.parse("2026-11-22T13:00:00.123Z"),
              Instant.parse("2026-11-22T13:00:00.2Z"),
              null,
              data);

      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        journal.append(List.of(record));
      }

      Path segment = JournalReader.segments(dir).getFirst();
      assertThat(Files.readString(segment))
          .isEqualTo(
              "{\"id\":\"019ab3c2-5a8b-7000-8000-000000000001\",\"type\":\"airdrops.claim\","
                  + "\"ts\":\"2026-11-22T13:00:00.123000Z\","
                  + "\"ingested_at\":\"2026-11-22T13:00:00.200000Z\",\"event_id\":null,"
                  + "\"data\":{\"wallet\":\"0xaa\",\"amount\":12.50}}\n");
    }

    @Test
    void keeps_timestamps_to_the_microsecond() {
      JournalRecord record =
          JournalRecord.create(
              "airdrops.claim",
              Instant.parse("2026-11-22T13:00:00.123456789Z"),
              Instant.parse("2026-11-22T13:00:00.999999999Z"),
              null,
              JsonNodeFactory.instance.objectNode());

      assertThat(record.ts()).isEqualTo(Instant.parse("2026-11-22T13:00:00.123456Z"));
      assertThat(record.ingestedAt()).isEqualTo(Instant.parse("2026-11-22T13:00:00.999999Z"));
    }

    @Test
    void rejects_a_time_outside_years_1_to_9999() {
      assertThatThrownBy(
              () ->
                  JournalRecord.create(
                      "airdrops.claim",
                      Instant.parse("+10000-01-01T00:00:00Z"),
                      Instant.now(),
                      null,
                      JsonNodeFactory.instance.objectNode()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ts: expected a time from year 1 to year 9999, found +10000-01-01T00:00:00Z");
    }

    @Test
    void ids_are_uuidv7_and_increase_in_creation_order() {
      List<String> ids = ids(claims(0, 20_000));

      assertThat(ids).doesNotHaveDuplicates().isSorted();
      UUID first = UUID.fromString(ids.getFirst());
      assertThat(first.version()).isEqualTo(7);
      assertThat(first.variant()).isEqualTo(2);
      long millis = first.getMostSignificantBits() >>> 16;
      assertThat(millis).isCloseTo(System.currentTimeMillis(), within(60_000L));
    }
  }

  @Nested
  class GroupCommit {
    @Test
    void concurrent_appends_share_fsyncs_write_every_record_once_with_increasing_ids(
        @TempDir Path dir) throws Exception {
      int appenders = 64;
      int batchesEach = 20;
      int perBatch = 10;
      double appends;
      double fsyncs;
      try (Journal journal = Journal.open(config(dir, 64L << 20))) {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < appenders; t++) {
            int base = t * batchesEach * perBatch;
            done.add(
                threads.submit(
                    () -> {
                      for (int b = 0; b < batchesEach; b++) {
                        journal.appendNew(claims(base + b * perBatch, perBatch));
                      }
                      return null;
                    }));
          }
          for (Future<?> f : done) {
            f.get();
          }
        }
        appends = value(journal, "dropscope_journal_appends");
        fsyncs = value(journal, "dropscope_journal_fsyncs");
      }

      List<JournalRecord> records = readAll(dir);
      assertThat(records).hasSize(appenders * batchesEach * perBatch);
      assertThat(ids(records)).doesNotHaveDuplicates().isSorted(); // write order, across appenders
      assertThat(records.stream().map(r -> r.data().get("seq").asInt()).sorted().toList())
          .containsExactlyElementsOf(IntStream.range(0, records.size()).boxed().toList());
      for (int i = 0; i < records.size(); i++) { // a batch is written whole, never interleaved
        int seq = records.get(i).data().get("seq").asInt();
        if (seq % perBatch != 0) {
          assertThat(records.get(i - 1).data().get("seq").asInt()).isEqualTo(seq - 1);
        }
      }
      assertThat(appends).isEqualTo(appenders * batchesEach);
      assertThat(fsyncs).isGreaterThan(0).isLessThan(appends);
      System.out.printf("group commit: %.0f appends, %.0f fsyncs%n", appends, fsyncs);
    }
  }

  @Nested
  class Rotation {
    @Test
    void starts_a_new_segment_before_one_would_exceed_segment_bytes(@TempDir Path dir)
        throws IOException {
      List<JournalRecord> written = new ArrayList<>();
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        for (int b = 0; b < 100; b++) {
          List<JournalRecord> batch = claims(b * 20, 20);
          journal.append(batch);
          written.addAll(batch);
        }
      }

      List<Path> segments = JournalReader.segments(dir);
      assertThat(segments).hasSizeGreaterThan(5);
      for (Path segment : segments) {
        assertThat(Files.size(segment)).as(segment.toString()).isLessThanOrEqualTo(SEGMENT);
      }
      assertThat(readAll(dir)).containsExactlyElementsOf(written);
    }

    @Test
    void never_splits_a_batch_across_segments(@TempDir Path dir) throws IOException {
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        for (int b = 0; b < 100; b++) {
          journal.append(claims(b * 20, 20));
        }
      }

      for (Path segment : JournalReader.segments(dir)) {
        List<JournalRecord> records = JournalReader.readSegment(segment, 0).records();
        assertThat(records.getFirst().data().get("seq").asInt() % 20).isZero();
        assertThat(records.getLast().data().get("seq").asInt() % 20).isEqualTo(19);
      }
    }

    @Test
    void gives_a_batch_larger_than_segment_bytes_a_segment_of_its_own(@TempDir Path dir)
        throws IOException {
      List<JournalRecord> big = claims(10, 1000); // about 200 KiB
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        journal.append(claims(0, 10));
        journal.append(big);
        journal.append(claims(1010, 10));
      }

      List<Path> segments = JournalReader.segments(dir);
      assertThat(segments).hasSize(3);
      assertThat(JournalReader.readSegment(segments.get(1), 0).records())
          .containsExactlyElementsOf(big);
      assertThat(Files.size(segments.get(1))).isGreaterThan(SEGMENT);
    }
  }

  @Nested
  class RetentionOnDisk {
    private static final Duration QUICKLY = Duration.ofMillis(20);

    @Test
    void deletes_closed_segments_older_than_retention_but_not_the_active_one(@TempDir Path dir)
        throws Exception {
      JournalConfig config = config(dir, SEGMENT, Duration.ofHours(1), 1L << 30);
      try (Journal journal = Journal.open(config, QUICKLY)) {
        for (int b = 0; b < 40; b++) {
          journal.append(claims(b * 20, 20));
        }
        List<Path> segments = JournalReader.segments(dir);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(4);
        Path fresh = segments.get(segments.size() - 2);
        Path active = segments.getLast();
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        for (Path segment : segments) {
          if (!segment.equals(fresh)) {
            Files.setLastModifiedTime(segment, old);
          }
        }

        await(dir, () -> JournalReader.segments(dir).equals(List.of(fresh, active)));
        Thread.sleep(10 * QUICKLY.toMillis()); // retention runs again, and again
        assertThat(JournalReader.segments(dir)).containsExactly(fresh, active);
        assertThat(value(journal, "dropscope_journal_segments_deleted", "reason", "age"))
            .isEqualTo(segments.size() - 2);

        journal.append(claims(800, 1)); // the active segment still takes records
        assertThat(JournalReader.readSegment(active, 0).records().getLast())
            .isEqualTo(readAll(dir).getLast());
      }
    }

    @Test
    void deletes_the_oldest_closed_segments_first_to_stay_under_max_bytes(@TempDir Path dir)
        throws Exception {
      long maxBytes = 3 * SEGMENT;
      List<JournalRecord> written = new ArrayList<>();
      try (Journal journal =
          Journal.open(config(dir, SEGMENT, Duration.ofDays(30), maxBytes), QUICKLY)) {
        for (int b = 0; b < 100; b++) {
          List<JournalRecord> batch = claims(b * 20, 20);
          journal.append(batch);
          written.addAll(batch);
        }
        await(dir, () -> totalSize(dir) <= maxBytes);
        assertThat(value(journal, "dropscope_journal_segments_deleted", "reason", "size"))
            .isPositive();
      }

      List<Path> kept = JournalReader.segments(dir);
      List<Long> sequences = kept.stream().map(Segments::sequence).toList();
      assertThat(sequences.getLast() - sequences.getFirst()).isEqualTo(kept.size() - 1);
      List<JournalRecord> left = readAll(dir);
      assertThat(left)
          .containsExactlyElementsOf(written.subList(written.size() - left.size(), written.size()));
    }

    @Test
    void keeps_the_active_segment_even_when_it_alone_exceeds_max_bytes(@TempDir Path dir)
        throws Exception {
      List<JournalRecord> big = claims(10, 1000); // about 200 KiB, over max_bytes
      try (Journal journal =
          Journal.open(config(dir, SEGMENT, Duration.ofDays(30), SEGMENT), QUICKLY)) {
        journal.append(claims(0, 10));
        journal.append(big);
        await(dir, () -> JournalReader.segments(dir).size() == 1);
        Thread.sleep(10 * QUICKLY.toMillis());
        assertThat(readAll(dir)).containsExactlyElementsOf(big);
      }
    }

    private static long totalSize(Path dir) throws IOException {
      long total = 0;
      for (Path segment : JournalReader.segments(dir)) {
        total += Files.size(segment);
      }
      return total;
    }
  }

  @Nested
  class Reopening {
    @Test
    void starts_a_new_segment_each_time(@TempDir Path dir) throws IOException {
      List<JournalRecord> first = claims(0, 5);
      List<JournalRecord> second = claims(5, 5);
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        journal.append(first);
      }
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        journal.append(second);
      }

      List<Path> segments = JournalReader.segments(dir);
      assertThat(segments).extracting(Segments::sequence).containsExactly(1L, 2L);
      assertThat(JournalReader.readSegment(segments.get(0), 0).records())
          .containsExactlyElementsOf(first);
      assertThat(JournalReader.readSegment(segments.get(1), 0).records())
          .containsExactlyElementsOf(second);
    }

    @Test
    void cuts_the_torn_tail_a_crash_left_before_writing_on(@TempDir Path dir) throws IOException {
      List<JournalRecord> before = claims(0, 5);
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        journal.append(before);
      }
      Path crashed = JournalReader.segments(dir).getFirst();
      long whole = Files.size(crashed);
      Files.writeString(crashed, "{\"id\":\"019ab3c2-5a8b", StandardOpenOption.APPEND);

      List<JournalRecord> after = claims(5, 5);
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        journal.append(after);
      }

      assertThat(Files.size(crashed)).isEqualTo(whole);
      List<JournalRecord> all = new ArrayList<>(before);
      all.addAll(after);
      assertThat(readAll(dir)).containsExactlyElementsOf(all);
    }

    @Test
    void refuses_a_second_journal_on_the_same_directory(@TempDir Path dir) throws IOException {
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        assertThatThrownBy(() -> Journal.open(config(dir, SEGMENT)))
            .isInstanceOf(IOException.class)
            .hasMessage(
                "journal directory "
                    + dir
                    + " is in use by another journal (it holds "
                    + dir.resolve("journal.lock")
                    + "); give each exporter its own journal directory");
        journal.append(claims(0, 1));
      }
      assertThat(readAll(dir)).hasSize(1);
    }

    @Test
    void refuses_appends_after_close(@TempDir Path dir) throws IOException {
      Journal journal = Journal.open(config(dir, SEGMENT));
      journal.close();

      assertThatThrownBy(() -> journal.append(claims(0, 1)))
          .isInstanceOf(IOException.class)
          .hasMessage("journal " + dir + " is closed");
    }
  }

  @Nested
  class Metrics {
    @Test
    void counts_what_was_made_durable_and_reports_the_directory(@TempDir Path dir)
        throws IOException {
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        for (int b = 0; b < 3; b++) {
          journal.append(claims(b * 10, 10));
        }
        long size = Files.size(JournalReader.segments(dir).getFirst());

        assertThat(value(journal, "dropscope_journal_records")).isEqualTo(30);
        assertThat(value(journal, "dropscope_journal_appends")).isEqualTo(3);
        assertThat(value(journal, "dropscope_journal_fsyncs")).isEqualTo(3);
        assertThat(value(journal, "dropscope_journal_bytes")).isEqualTo(size);
        assertThat(value(journal, "dropscope_journal_write_failures")).isZero();
        assertThat(value(journal, "dropscope_journal_segments")).isEqualTo(1);
        assertThat(value(journal, "dropscope_journal_size_bytes")).isEqualTo(size);
        HistogramSnapshot commits =
            journal.metrics().stream()
                .filter(m -> m instanceof HistogramSnapshot)
                .map(HistogramSnapshot.class::cast)
                .filter(
                    m ->
                        m.getMetadata()
                            .getName()
                            .equals("dropscope_journal_commit_duration_seconds"))
                .findFirst()
                .orElseThrow();
        assertThat(commits.getDataPoints().getFirst().getCount()).isEqualTo(3);
      }
    }

    @Test
    void does_not_fsync_when_fsync_is_off(@TempDir Path dir) throws IOException {
      try (Journal journal = Journal.open(new JournalConfig(dir, SEGMENT, null, null, false))) {
        journal.append(claims(0, 10));
        assertThat(value(journal, "dropscope_journal_fsyncs")).isZero();
        assertThat(value(journal, "dropscope_journal_records")).isEqualTo(10);
      }
      assertThat(readAll(dir)).hasSize(10);
    }
  }

  /** Polls until {@code condition} holds; fails after 10s showing the segments there are. */
  static void await(Path dir, Check condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10s; segments now: " + Segments.list(dir));
      }
      Thread.sleep(10);
    }
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }
}
