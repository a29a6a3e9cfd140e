package dev.dropscope.etl.journal;

import dev.dropscope.exporter.journal.CorruptJournalException;
import dev.dropscope.exporter.journal.JournalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads the segments from their watermarks and maps each chunk to rows, on a thread of its own and
 * a chunk or two ahead of the writer, so that parsing overlaps with PostgreSQL's work. Hands out,
 * in order, each segment's chunks, then its end or why it cannot be read further.
 */
final class ChunkFeed implements AutoCloseable {
  private static final int AHEAD = 2;

  /** What the feed hands out next. */
  sealed interface Item permits Chunk, SegmentDone, SegmentFailed, ReadFailed, End {}

  /**
   * A chunk's records, mapped.
   *
   * @param path the segment file
   * @param segment its name, the watermark's key
   * @param from where the chunk starts
   * @param next where it ends: the segment's watermark once the chunk is loaded
   * @param rows the rows its records make
   */
  record Chunk(Path path, String segment, long from, long next, ChunkRows rows) implements Item {}

  /** A segment read to its last whole record, from {@code from} to {@code to}. */
  record SegmentDone(String segment, long from, long to) implements Item {}

  /** A segment that cannot be read (further) until an operator acts; the message says why. */
  record SegmentFailed(String segment, String message) implements Item {}

  /**
   * Reading failed: an {@link IOException} when the journal cannot be read right now (worth a
   * retry), anything else a bug.
   */
  record ReadFailed(Throwable error) implements Item {}

  /** Every segment is done. */
  record End() implements Item {}

  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(AHEAD);
  private final List<Path> segments;
  private final Map<String, Long> watermarks;
  private final int batch;
  private final Thread thread;

  private ChunkFeed(List<Path> segments, Map<String, Long> watermarks, int batch) {
    this.segments = segments;
    this.watermarks = watermarks;
    this.batch = batch;
    this.thread =
        Thread.ofPlatform().name("dropscope-journal-reader").daemon().unstarted(this::run);
  }

  /** Starts reading {@code segments}, each from its watermark (0 when it has none). */
  static ChunkFeed start(List<Path> segments, Map<String, Long> watermarks, int batch) {
    ChunkFeed feed = new ChunkFeed(segments, watermarks, batch);
    feed.thread.start();
    return feed;
  }

  /** The next item; {@link End} after the last. */
  Item next() throws InterruptedException {
    return queue.take();
  }

  /** Stops reading, if it has not finished. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      for (Path segment : segments) {
        String name = segment.getFileName().toString();
        try {
          read(segment, name, watermarks.getOrDefault(name, 0L));
        } catch (BadSegment e) {
          queue.put(new SegmentFailed(name, e.getMessage()));
        }
      }
      queue.put(new End());
    } catch (InterruptedException e) {
      // closed by the writer: stop
    } catch (IOException | RuntimeException | Error e) {
      if (!queue.offer(new ReadFailed(e))) { // the writer waits for an item: make room
        queue.clear();
        queue.add(new ReadFailed(e));
      }
    }
  }

  /** Reads a segment from {@code from} to its last whole record. */
  private void read(Path path, String name, long from)
      throws BadSegment, IOException, InterruptedException {
    long size;
    try {
      size = Files.size(path);
    } catch (NoSuchFileException e) {
      return; // deleted by retention since it was listed: nothing left to load
    }
    if (from == size) {
      return;
    }
    if (from > size || !LineStarts.startsLine(path, from)) {
      throw new BadSegment(
          name
              + ": loaded up to byte "
              + from
              + ", but the file now has "
              + (from > size ? "only " + size + " bytes" : "no line starting there")
              + ": it was replaced or rewritten after loading. If it is a new file, give it a new"
              + " name (a higher sequence number); to load it again from the start, delete its row"
              + " from dropscope.journal_segments (records loaded before are skipped by id)");
    }
    long offset = from;
    while (true) {
      JournalReader.Chunk chunk;
      BadSegment corrupt = null;
      try {
        chunk = JournalReader.readSegment(path, offset, batch);
      } catch (NoSuchFileException e) {
        break; // deleted by retention meanwhile
      } catch (CorruptJournalException e) {
        corrupt =
            new BadSegment(
                e.getMessage()
                    + ". The records before byte "
                    + e.offset()
                    + " are loaded; once the line is mended or deleted, loading resumes there.");
        int before = LineStarts.count(path, offset, e.offset()); // fewer than a batch
        chunk =
            before > 0
                ? JournalReader.readSegment(path, offset, before)
                : new JournalReader.Chunk(List.of(), offset);
      }
      if (!chunk.records().isEmpty()) {
        ChunkRows rows = new ChunkRows();
        rows.addAll(chunk.records());
        queue.put(new Chunk(path, name, offset, chunk.nextOffset(), rows));
        offset = chunk.nextOffset();
      }
      if (corrupt != null) {
        endSegment(name, from, offset);
        throw corrupt;
      }
      if (chunk.records().size() < batch) {
        break; // the end, or a torn last line the next run picks up once it is whole
      }
    }
    endSegment(name, from, offset);
  }

  private void endSegment(String name, long from, long to) throws InterruptedException {
    if (to > from) {
      queue.put(new SegmentDone(name, from, to));
    }
  }

  private static final class BadSegment extends Exception {
    private static final long serialVersionUID = 1L;

    BadSegment(String message) {
      super(message);
    }
  }
}
