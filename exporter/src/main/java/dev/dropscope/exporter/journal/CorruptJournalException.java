package dev.dropscope.exporter.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A segment holds a line that is not a journal record, followed by records: damage after writing
 * (the journal itself only ever leaves a bad line at the end of a segment, where readers skip it).
 */
public final class CorruptJournalException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path segment;
  private final long offset;

  CorruptJournalException(Path segment, long offset, String why) {
    super(
        segment
            + ": corrupt line at byte "
            + offset
            + " ("
            + why
            + "), followed by valid records; the file was changed or damaged after it was"
            + " written. Move the segment aside and load the rest; see docs/journal.md");
    this.segment = segment;
    this.offset = offset;
  }

  /** The damaged segment. */
  public Path segment() {
    return segment;
  }

  /** Where the corrupt line starts, in bytes from the start of the segment. */
  public long offset() {
    return offset;
  }
}
