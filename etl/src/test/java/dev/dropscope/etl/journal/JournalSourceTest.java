package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.AIRDROP_CLAIMS;
import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.JOURNAL_SEGMENTS;
import static dev.dropscope.etl.journal.Journals.SMALL_SEGMENTS;
import static dev.dropscope.etl.journal.Journals.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceDataException;
import dev.dropscope.exporter.journal.JournalRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Incremental, idempotent loading of a journal that grows, rotates, tears and breaks. */
class JournalSourceTest {
  @RegisterExtension static final TestDb pg = new TestDb();
  @TempDir Path journal;
  @TempDir Path scratch;

  @BeforeEach
  void empty() {
    pg.empty();
  }

  private List<UUID> loadedIds() {
    return pg.dsl().select(EVENTS.ID).from(EVENTS).orderBy(EVENTS.ID).fetch(EVENTS.ID);
  }

  private static List<UUID> uuids(List<String> ids) {
    return ids.stream().map(UUID::fromString).sorted().toList();
  }

  @Test
  void a_missing_journal_directory_is_nothing_to_load() throws Exception {
    Source.Progress p = pg.load(journal.resolve("never-created"));

    assertThat(p).isEqualTo(Source.Progress.NONE);
  }

  @Test
  void loads_in_chunks_and_moves_each_watermark_to_the_end_of_its_segment() throws Exception {
    List<String> ids = Journals.appendNew(journal, claims(0, 23));
    Path segment = Journals.segments(journal).getFirst();

    Source.Progress p = pg.load(journal, 5);

    assertThat(p.events()).isEqualTo(23);
    assertThat(p.windows()).isEqualTo(1);
    assertThat(loadedIds()).isEqualTo(uuids(ids));
    assertThat(pg.count(AIRDROP_CLAIMS)).isEqualTo(23);
    assertThat(pg.offset(segment)).isEqualTo(Files.size(segment));
    assertThat(pg.dsl().fetchValue(JOURNAL_SEGMENTS.RECORDS)).isEqualTo(23L);
  }

  @Test
  void a_rerun_adds_nothing() throws Exception {
    Journals.appendNew(journal, claims(0, 10));
    pg.load(journal, 3);

    Source.Progress again = pg.load(journal, 3);

    assertThat(again).isEqualTo(Source.Progress.NONE);
    assertThat(pg.count(EVENTS)).isEqualTo(10);
  }

  @Nested
  class TornLastLine {
    @Test
    void is_left_for_later_and_loaded_once_it_is_complete() throws Exception {
      List<String> ids = Journals.appendNew(journal, claims(0, 3));
      Path segment = Journals.segments(journal).getFirst();
      long whole = Files.size(segment);
      byte[] line = lineOf(Journals.claim(99));
      append(segment, Arrays.copyOf(line, line.length / 2));

      Source.Progress first = pg.load(journal);

      assertThat(first.events()).isEqualTo(3);
      assertThat(loadedIds()).isEqualTo(uuids(ids));
      assertThat(pg.offset(segment)).isEqualTo(whole);

      append(segment, Arrays.copyOfRange(line, line.length / 2, line.length));
      Source.Progress second = pg.load(journal);

      assertThat(second.events()).isEqualTo(1);
      assertThat(pg.count(EVENTS)).isEqualTo(4);
      assertThat(pg.offset(segment)).isEqualTo(whole + line.length);
    }

    @Test
    void a_complete_line_that_is_not_yet_a_record_at_the_end_is_left_for_later_too()
        throws Exception {
      Journals.appendNew(journal, claims(0, 2));
      Path segment = Journals.segments(journal).getFirst();
      long whole = Files.size(segment);
      append(segment, new byte[100]); // zeros, as a power loss can leave them

      pg.load(journal);

      assertThat(pg.count(EVENTS)).isEqualTo(2);
      assertThat(pg.offset(segment)).isEqualTo(whole);
    }
  }

  @Nested
  class DuplicateIds {
    @Test
    void the_same_records_in_two_segments_are_loaded_once() throws Exception {
      List<JournalRecord> records = claims(0, 6);
      Journals.appendAsIs(journal, records);
      Journals.appendAsIs(journal, records.subList(2, 6)); // a client's retry, say
      List<Path> segments = Journals.segments(journal);

      Source.Progress p = pg.load(journal, 4);

      assertThat(p.events()).isEqualTo(6);
      assertThat(pg.count(EVENTS)).isEqualTo(6);
      assertThat(pg.count(AIRDROP_CLAIMS)).isEqualTo(6);
      assertThat(pg.offset(segments.get(0))).isEqualTo(Files.size(segments.get(0)));
      assertThat(pg.offset(segments.get(1))).isEqualTo(Files.size(segments.get(1)));
      assertThat(
              pg.dsl()
                  .select(JOURNAL_SEGMENTS.RECORDS)
                  .from(JOURNAL_SEGMENTS)
                  .orderBy(JOURNAL_SEGMENTS.SEGMENT)
                  .fetch(JOURNAL_SEGMENTS.RECORDS))
          .containsExactly(6L, 0L);
    }

    @Test
    void the_same_id_twice_within_one_chunk_is_loaded_once() throws Exception {
      JournalRecord r = Journals.claim(1);
      Journals.appendAsIs(journal, List.of(r, r, r));

      pg.load(journal);

      assertThat(pg.count(EVENTS)).isEqualTo(1);
      assertThat(pg.count(AIRDROP_CLAIMS)).isEqualTo(1);
    }

    @Test
    void a_typed_row_whose_event_was_deleted_by_hand_does_not_block_the_chunk() throws Exception {
      List<String> ids = Journals.appendNew(journal, claims(0, 3));
      pg.load(journal);
      pg.dsl().deleteFrom(EVENTS).execute(); // the claims stay
      pg.dsl().deleteFrom(JOURNAL_SEGMENTS).execute();

      Source.Progress again = pg.load(journal);

      assertThat(again.events()).isEqualTo(3);
      assertThat(loadedIds()).isEqualTo(uuids(ids));
      assertThat(pg.count(AIRDROP_CLAIMS)).isEqualTo(3);
    }

    @Test
    void reading_everything_again_from_the_start_adds_nothing() throws Exception {
      Journals.appendNew(journal, claims(0, 8));
      Journals.appendNew(journal, claims(8, 8));
      pg.load(journal, 3);
      List<Long> offsets = pg.dsl().fetchValues(JOURNAL_SEGMENTS.OFFSET);
      pg.dsl().deleteFrom(JOURNAL_SEGMENTS).execute(); // forget every watermark

      Source.Progress again = pg.load(journal, 3);

      assertThat(again.events()).isZero();
      assertThat(pg.count(EVENTS)).isEqualTo(16);
      assertThat(pg.dsl().fetchValues(JOURNAL_SEGMENTS.OFFSET))
          .containsExactlyInAnyOrderElementsOf(offsets);
    }
  }

  @Nested
  class Rotation {
    @Test
    void many_small_segments_are_all_loaded_and_each_gets_its_watermark() throws Exception {
      List<List<JournalRecord>> batches = batches(80, 25); // ~13 KB a batch: ~5 to a 64 KiB segment
      List<String> ids = Journals.appendNew(journal, SMALL_SEGMENTS, batches);
      List<Path> segments = Journals.segments(journal);
      assertThat(segments).hasSizeGreaterThanOrEqualTo(10);

      Source.Progress p = pg.load(journal, 7);

      assertThat(p.events()).isEqualTo(2000);
      assertThat(p.windows()).isEqualTo(segments.size());
      assertThat(loadedIds()).isEqualTo(uuids(ids));
      for (Path s : segments) {
        assertThat(pg.offset(s)).as(s.getFileName().toString()).isEqualTo(Files.size(s));
      }
    }

    @Test
    void a_new_segment_between_runs_is_picked_up() throws Exception {
      Journals.appendNew(journal, claims(0, 5));
      pg.load(journal);
      List<String> later = Journals.appendNew(journal, claims(5, 5));

      Source.Progress p = pg.load(journal);

      assertThat(p.events()).isEqualTo(5);
      assertThat(p.windows()).isEqualTo(1);
      assertThat(loadedIds()).containsAll(uuids(later)).hasSize(10);
    }

    @Test
    void a_segment_deleted_after_loading_is_fine() throws Exception {
      Journals.appendNew(journal, claims(0, 5));
      Journals.appendNew(journal, claims(5, 5));
      pg.load(journal);
      Files.delete(Journals.segments(journal).getFirst()); // retention

      Source.Progress p = pg.load(journal);

      assertThat(p).isEqualTo(Source.Progress.NONE);
      assertThat(pg.count(EVENTS)).isEqualTo(10);
    }

    private static List<List<JournalRecord>> batches(int count, int size) {
      List<List<JournalRecord>> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        out.add(claims(i * size, size));
      }
      return out;
    }
  }

  @Nested
  class DamagedSegments {
    @Test
    void a_corrupt_line_loads_what_precedes_it_and_the_other_segments_then_fails_the_run()
        throws Exception {
      Journals.appendNew(journal, claims(0, 4));
      Journals.appendNew(journal, claims(4, 3));
      Path first = Journals.segments(journal).getFirst();
      String text = Files.readString(first);
      long third = nthLineStart(text, 2);
      String damaged = text.substring(0, (int) third) + "{oops\n" + text.substring((int) third);
      Files.writeString(first, damaged);

      assertThatThrownBy(() -> pg.load(journal, 100))
          .isInstanceOf(SourceDataException.class)
          .hasMessageContaining(first.getFileName().toString())
          .hasMessageContaining("corrupt line at byte " + third);

      assertThat(pg.count(EVENTS)).isEqualTo(2 + 3);
      assertThat(pg.offset(first)).isEqualTo(third);

      Files.writeString(first, text); // an operator mends the segment
      Source.Progress p = pg.load(journal, 100);

      assertThat(p.events()).isEqualTo(2);
      assertThat(pg.count(EVENTS)).isEqualTo(7);
    }

    @Test
    void a_segment_shorter_than_its_watermark_is_reported_by_name_and_the_rest_loads()
        throws Exception {
      Journals.appendNew(journal, claims(0, 4));
      pg.load(journal);
      Path first = Journals.segments(journal).getFirst();
      Files.write(first, lineOf(Journals.claim(50))); // replaced by a different, shorter file
      Journals.appendNew(journal, claims(4, 2));

      assertThatThrownBy(() -> pg.load(journal))
          .isInstanceOf(SourceDataException.class)
          .hasMessageContaining(first.getFileName().toString())
          .hasMessageContaining("it was replaced or rewritten after loading");
      assertThat(pg.count(EVENTS)).isEqualTo(6);
    }

    @Test
    void a_watermark_that_falls_inside_a_line_is_reported_too() throws Exception {
      Journals.appendNew(journal, claims(0, 2));
      pg.load(journal);
      Path first = Journals.segments(journal).getFirst();
      Files.writeString(first, "x" + Files.readString(first)); // shifted by a byte

      assertThatThrownBy(() -> pg.load(journal))
          .isInstanceOf(SourceDataException.class)
          .hasMessageContaining("no line starting there");
    }

    private static long nthLineStart(String text, int n) {
      int at = 0;
      for (int i = 0; i < n; i++) {
        at = text.indexOf('\n', at) + 1;
      }
      return at;
    }
  }

  /** The record's line as the journal writes it. */
  private byte[] lineOf(JournalRecord r) throws Exception {
    Path tmp = Files.createTempDirectory(scratch, "line");
    Journals.appendAsIs(tmp, List.of(r));
    byte[] bytes = Files.readAllBytes(Journals.segments(tmp).getFirst());
    assertThat(new String(bytes, StandardCharsets.UTF_8)).endsWith("\n");
    return bytes;
  }

  private static void append(Path segment, byte[] bytes) throws Exception {
    Files.write(segment, bytes, StandardOpenOption.APPEND);
  }
}
