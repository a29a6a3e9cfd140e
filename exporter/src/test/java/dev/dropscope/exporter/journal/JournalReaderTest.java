package dev.dropscope.exporter.journal;

import static dev.dropscope.exporter.journal.TestRecords.claim;
import static dev.dropscope.exporter.journal.TestRecords.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading segments as the ETL does: by offset, past a torn tail, stopping at corruption. */
class JournalReaderTest {
  private static final String NAME = "segment-000000000001-20261122T130000Z.ndjson";

  @Test
  void skips_a_last_line_without_newline_and_stops_the_offset_before_it(@TempDir Path dir)
      throws IOException {
    byte[] whole = RecordCodec.encode(claims(0, 3));
    byte[] torn = Arrays.copyOf(RecordCodec.encode(List.of(claim(3))), 40);
    Path segment = write(dir, whole, torn);

    JournalReader.Chunk chunk = JournalReader.readSegment(segment, 0);

    assertThat(chunk.records())
        .extracting(r -> r.data().get("seq").asInt())
        .containsExactly(0, 1, 2);
    assertThat(chunk.nextOffset()).isEqualTo(whole.length);
  }

  @Test
  void picks_up_a_line_from_the_offset_once_its_writer_has_finished_it(@TempDir Path dir)
      throws IOException {
    List<JournalRecord> records = claims(0, 4);
    byte[] whole = RecordCodec.encode(records.subList(0, 3));
    byte[] last = RecordCodec.encode(records.subList(3, 4));
    Path segment = write(dir, whole, Arrays.copyOf(last, 40));
    long offset = JournalReader.readSegment(segment, 0).nextOffset();

    Files.write(segment, Arrays.copyOfRange(last, 40, last.length), StandardOpenOption.APPEND);
    JournalReader.Chunk chunk = JournalReader.readSegment(segment, offset);

    assertThat(chunk.records()).containsExactly(records.get(3));
    assertThat(chunk.nextOffset()).isEqualTo(Files.size(segment));
  }

  @Test
  void skips_unparseable_lines_at_the_end_even_with_their_newline(@TempDir Path dir)
      throws IOException {
    byte[] whole = RecordCodec.encode(claims(0, 2));
    byte[] zeros = new byte[300]; // what a file system may show after a power loss
    Path segment = write(dir, whole, "{\"id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8), zeros);

    JournalReader.Chunk chunk = JournalReader.readSegment(segment, 0);

    assertThat(chunk.records()).hasSize(2);
    assertThat(chunk.nextOffset()).isEqualTo(whole.length);
  }

  @Test
  void reports_a_bad_line_followed_by_records_as_corruption_with_its_offset(@TempDir Path dir)
      throws IOException {
    byte[] head = RecordCodec.encode(claims(0, 2));
    Path segment =
        write(
            dir,
            head,
            "not json\n".getBytes(StandardCharsets.UTF_8),
            RecordCodec.encode(claims(2, 1)));

    assertThatThrownBy(() -> JournalReader.readSegment(segment, 0))
        .isInstanceOfSatisfying(
            CorruptJournalException.class,
            e -> {
              assertThat(e.segment()).isEqualTo(segment);
              assertThat(e.offset()).isEqualTo(head.length);
            })
        .hasMessageStartingWith(segment + ": corrupt line at byte " + head.length + " (not JSON: ");
  }

  @Test
  void names_the_field_that_makes_a_line_no_record(@TempDir Path dir) throws IOException {
    Path segment =
        write(
            dir,
            ("{\"id\":\"a\",\"type\":\"t\",\"ts\":\"yesterday\",\"ingested_at\":\"2026-11-22T13:00:00Z\","
                    + "\"event_id\":null,\"data\":{}}\n")
                .getBytes(StandardCharsets.UTF_8),
            RecordCodec.encode(claims(0, 1)));

    assertThatThrownBy(() -> JournalReader.readSegment(segment, 0))
        .hasMessage(
            segment
                + ": corrupt line at byte 0 (field 'ts' is not an RFC 3339 UTC time: 'yesterday'),"
                + " followed by valid records; the file was changed or damaged after it was"
                + " written. Move the segment aside and load the rest; see docs/journal.md");
  }

  @Test
  void reads_at_most_max_records_and_goes_on_from_the_offset(@TempDir Path dir) throws IOException {
    Path segment = write(dir, RecordCodec.encode(claims(0, 5)));

    JournalReader.Chunk first = JournalReader.readSegment(segment, 0, 2);
    JournalReader.Chunk second = JournalReader.readSegment(segment, first.nextOffset(), 2);
    JournalReader.Chunk third = JournalReader.readSegment(segment, second.nextOffset(), 2);
    JournalReader.Chunk end = JournalReader.readSegment(segment, third.nextOffset(), 2);

    assertThat(List.of(first, second, third))
        .flatExtracting(c -> c.records().stream().map(r -> r.data().get("seq").asInt()).toList())
        .containsExactly(0, 1, 2, 3, 4);
    assertThat(end.records()).isEmpty();
    assertThat(end.nextOffset()).isEqualTo(Files.size(segment));
  }

  @Test
  void lists_segments_in_write_order_and_nothing_else(@TempDir Path dir) throws IOException {
    for (String name :
        List.of(
            "segment-000000000010-20261122T120000Z.ndjson",
            "segment-000000000002-20261122T130000Z.ndjson",
            "segment-000000000001-20261122T140000Z.ndjson",
            "segment-1.ndjson",
            "journal.lock",
            "notes.txt")) {
      Files.createFile(dir.resolve(name));
    }

    assertThat(JournalReader.segments(dir))
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "segment-000000000001-20261122T140000Z.ndjson",
            "segment-000000000002-20261122T130000Z.ndjson",
            "segment-000000000010-20261122T120000Z.ndjson");
  }

  @Test
  void finds_no_segments_in_a_directory_that_does_not_exist(@TempDir Path dir) throws IOException {
    assertThat(JournalReader.segments(dir.resolve("missing"))).isEmpty();
  }

  private static Path write(Path dir, byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    return Files.write(dir.resolve(NAME), out.toByteArray());
  }
}
