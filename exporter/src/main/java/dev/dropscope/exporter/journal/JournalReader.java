package dev.dropscope.exporter.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads journal segments, for the ETL and for tests. Segments may be read while the exporter writes
 * them: an unfinished or torn last line is skipped, and {@link Chunk#nextOffset()} stops before it,
 * so reading again from there picks it up once it is complete.
 */
public final class JournalReader {

  private JournalReader() {}

  /**
   * Records read from a segment.
   *
   * @param records the records, in file order
   * @param nextOffset the offset just after the last record read: where to read from next time
   */
  public record Chunk(List<JournalRecord> records, long nextOffset) {
    public Chunk {
      records = List.copyOf(records);
    }
  }

  /** The segment files in {@code dir}, in write order; none when {@code dir} does not exist. */
  public static List<Path> segments(Path dir) throws IOException {
    return Segments.list(dir).stream().map(Segments.SegmentFile::path).toList();
  }

  /** Every record from {@code fromOffset} to the end; see {@link #readSegment(Path, long, int)}. */
  public static Chunk readSegment(Path segment, long fromOffset) throws IOException {
    return readSegment(segment, fromOffset, Integer.MAX_VALUE);
  }

  /**
   * At most {@code maxRecords} records from {@code fromOffset}, which must be 0 or a {@code
   * nextOffset} returned before. Bad lines at the end of the segment (no {@code \n}, or not a
   * record) are a torn tail and are skipped without error; {@code nextOffset} stays before them.
   *
   * @throws CorruptJournalException when a bad line is followed by a valid record
   */
  public static Chunk readSegment(Path segment, long fromOffset, int maxRecords)
      throws IOException {
    if (fromOffset < 0) {
      throw new IllegalArgumentException("fromOffset: expected 0 or more, found " + fromOffset);
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords: expected 1 or more, found " + maxRecords);
    }
    ChunkReader reader = new ChunkReader(segment, fromOffset, maxRecords);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      LineScanner.scan(channel, fromOffset, reader);
    }
    return new Chunk(reader.records, reader.next);
  }

  /** Collects records; a bad line is held back until a valid record shows it was no torn tail. */
  private static final class ChunkReader implements LineScanner.Visitor {
    final Path segment;
    final int maxRecords;
    final List<JournalRecord> records = new ArrayList<>();
    long next;
    long firstBad = -1;
    String whyBad;

    ChunkReader(Path segment, long from, int maxRecords) {
      this.segment = segment;
      this.next = from;
      this.maxRecords = maxRecords;
    }

    @Override
    public boolean line(byte[] buf, int len, long start, long end) throws IOException {
      JournalRecord record;
      try {
        record = RecordCodec.decode(buf, 0, len);
      } catch (RecordCodec.BadLine e) {
        if (firstBad < 0) {
          firstBad = start;
          whyBad = e.getMessage();
        }
        return true;
      }
      if (firstBad >= 0) {
        throw new CorruptJournalException(segment, firstBad, whyBad);
      }
      records.add(record);
      next = end;
      return records.size() < maxRecords;
    }
  }

  /**
   * The length of the segment's longest prefix of whole, valid records: the first bad or torn line
   * and everything after it lie beyond.
   */
  static long validPrefix(FileChannel channel) throws IOException {
    long[] valid = {0};
    LineScanner.scan(
        channel,
        0,
        (buf, len, start, end) -> {
          try {
            RecordCodec.decode(buf, 0, len);
          } catch (RecordCodec.BadLine e) {
            return false;
          }
          valid[0] = end;
          return true;
        });
    return valid[0];
  }
}
