package dev.dropscope.etl.journal;

import dev.dropscope.etl.config.JournalSourceConfig;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceDataException;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import dev.dropscope.exporter.journal.CorruptJournalException;
import dev.dropscope.exporter.journal.JournalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the exporter's event journal (docs/journal.md) into {@code dropscope.events} and the typed
 * event tables, incrementally: each segment from the byte offset loaded last time, in chunks of
 * {@code journal.batch} records, each chunk and its segment's new offset in one transaction.
 * Records are inserted by id, so nothing is ever loaded twice. A torn last line waits for the next
 * run; a corrupt segment stops there and fails the run (exit code 4) once the other segments are
 * loaded. See docs/etl.md#journal.
 */
public final class JournalSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(JournalSource.class);

  /** The source's name, for logs, {@code status} and {@code sync --only}. */
  public static final String NAME = "journal";

  /** Problems logged one by one per catch-up; the summary counts the rest. */
  static final int MAX_LOGGED_PROBLEMS = 100;

  /** SQLSTATE classes worth a retry: connection, rollback, resources, operator, system. */
  private static final Set<String> TRANSIENT_SQL_STATES = Set.of("08", "40", "53", "57", "58");

  private final JournalSourceConfig config;

  public JournalSource(JournalSourceConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Loads every record not loaded yet. {@code until} does not apply: the journal is not windowed.
   *
   * @throws SourceDataException after loading what could be loaded, when a segment is corrupt, was
   *     replaced, or holds rows PostgreSQL refuses
   */
  @Override
  public Progress catchUp(Database db, Instant until)
      throws SourceUnavailableException, DatabaseException {
    List<Path> segments;
    try {
      segments = JournalReader.segments(config.dir());
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "cannot list the journal directory " + config.dir() + ": " + e, e);
    }
    if (segments.isEmpty()) {
      log.info("journal: no segments in {}; nothing to load", config.dir());
      return Progress.NONE;
    }
    Run run = new Run();
    try (ChunkWriter writer = ChunkWriter.open(db.connection())) {
      Map<String, Long> marks = writer.watermarks();
      for (Path segment : segments) {
        String name = segment.getFileName().toString();
        try {
          loadSegment(segment, name, marks.getOrDefault(name, 0L), writer, run);
        } catch (BadSegment e) {
          log.error("journal: {}", e.getMessage());
          run.failures.add(e.getMessage());
        }
      }
    } catch (SQLException e) {
      throw transientOrFail(e, "journal: the database failed");
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "cannot read the journal in " + config.dir() + ": " + e, e);
    }
    run.summarize(segments.size());
    if (!run.failures.isEmpty()) {
      throw new SourceDataException(
          "journal: "
              + run.failures.size()
              + " segment(s) could not be loaded completely: "
              + String.join("; ", run.failures));
    }
    return new Progress(run.segments, 0, run.inserted);
  }

  /** Loads a segment from {@code from} to its last whole record. */
  private void loadSegment(Path path, String name, long from, ChunkWriter writer, Run run)
      throws BadSegment, IOException, DatabaseException {
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
    long loaded = 0;
    while (true) {
      JournalReader.Chunk chunk;
      BadSegment corrupt = null;
      try {
        chunk = JournalReader.readSegment(path, offset, config.batch());
      } catch (NoSuchFileException e) {
        break; // deleted by retention meanwhile
      } catch (CorruptJournalException e) {
        corrupt = corrupt(e);
        int before = LineStarts.count(path, offset, e.offset()); // fewer than a batch
        if (before == 0) {
          throw corrupt;
        }
        chunk = JournalReader.readSegment(path, offset, before);
      }
      if (chunk.records().isEmpty()) {
        break;
      }
      loaded += loadChunk(path, name, offset, chunk, writer, run);
      offset = chunk.nextOffset();
      if (corrupt != null) {
        throw corrupt;
      }
      if (chunk.records().size() < config.batch()) {
        break; // the end, or a torn last line the next run picks up once it is whole
      }
    }
    if (offset > from) {
      run.segments++;
      log.info("journal: {}: {} new records (bytes {} to {})", name, loaded, from, offset);
    }
  }

  private long loadChunk(
      Path path, String name, long from, JournalReader.Chunk chunk, ChunkWriter writer, Run run)
      throws BadSegment, IOException, DatabaseException {
    ChunkRows rows = run.rows;
    rows.clear();
    rows.addAll(chunk.records());
    long inserted;
    try {
      inserted = writer.write(rows, name, chunk.nextOffset());
    } catch (SQLException e) {
      String where = name + " bytes " + from + " to " + chunk.nextOffset();
      if (isTransient(e)) {
        throw new DatabaseException("journal: loading " + where + " failed: " + e.getMessage(), e);
      }
      throw new BadSegment(
          "PostgreSQL refused the rows of "
              + where
              + ": "
              + e.getMessage()
              + ". Loading stops at byte "
              + from
              + " of this segment; please report this with the segment");
    }
    run.count(rows, chunk.records().size(), inserted);
    if (!rows.problems().isEmpty()) {
      report(path, name, from, rows, run);
    }
    return inserted;
  }

  /** Logs what was left out or changed, each with the record's segment and byte offset. */
  private static void report(Path path, String name, long from, ChunkRows rows, Run run)
      throws IOException {
    long[] starts = null;
    for (ChunkRows.Problem p : rows.problems()) {
      if (run.logged >= MAX_LOGGED_PROBLEMS) {
        run.unlogged++;
        continue;
      }
      if (starts == null) {
        starts = LineStarts.of(path, from, rows.records());
      }
      run.logged++;
      log.warn(
          "journal: {} at byte {}: record {} ({}): {}",
          name,
          starts[p.index()],
          p.record().id(),
          p.record().type(),
          p.message());
    }
  }

  private static BadSegment corrupt(CorruptJournalException e) {
    return new BadSegment(
        e.getMessage()
            + ". The records before byte "
            + e.offset()
            + " are loaded; once the line is mended or deleted, loading resumes there.");
  }

  private static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return state == null
        || state.length() < 2
        || TRANSIENT_SQL_STATES.contains(state.substring(0, 2));
  }

  private static DatabaseException transientOrFail(SQLException e, String what) {
    if (isTransient(e)) {
      return new DatabaseException(what + ": " + e.getMessage(), e);
    }
    throw new SourceDataException(what + ", and retrying would not help: " + e.getMessage(), e);
  }

  /** A segment that cannot be loaded (further) until an operator acts; the message says why. */
  private static final class BadSegment extends Exception {
    private static final long serialVersionUID = 1L;

    BadSegment(String message) {
      super(message);
    }
  }

  /** One catch-up's counts and problems. */
  private static final class Run {
    final ChunkRows rows = new ChunkRows();
    final List<String> failures = new ArrayList<>();
    int segments;
    long read;
    long inserted;
    long skippedRecords;
    long skippedTypedRows;
    long repairs;
    int logged;
    int unlogged;

    void count(ChunkRows chunk, int records, long newRecords) {
      read += records;
      inserted += newRecords;
      skippedRecords += chunk.skippedRecords();
      skippedTypedRows += chunk.skippedTypedRows();
      repairs += chunk.problems().size() - chunk.skippedRecords() - chunk.skippedTypedRows();
    }

    void summarize(int listed) {
      log.info(
          "journal: {} new records from {} of {} segments ({} read, {} loaded before)",
          inserted,
          segments,
          listed,
          read,
          read - inserted - skippedRecords);
      if (skippedTypedRows + skippedRecords + repairs > 0) {
        log.warn(
            "journal: {} records only in dropscope.events (a field did not fit their typed table),"
                + " {} records not loaded (id not a UUID), {} values changed to fit PostgreSQL{}",
            skippedTypedRows,
            skippedRecords,
            repairs,
            unlogged > 0
                ? "; " + unlogged + " of these problems were not logged one by one"
                : "; each is logged above");
      }
    }
  }
}
