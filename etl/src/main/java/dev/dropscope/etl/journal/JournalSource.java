package dev.dropscope.etl.journal;

import dev.dropscope.etl.config.JournalSourceConfig;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceDataException;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import dev.dropscope.exporter.journal.JournalReader;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
      throws SourceUnavailableException, DatabaseException, InterruptedException {
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
    try (ChunkWriter writer = ChunkWriter.open(db.connection());
        ChunkFeed feed = ChunkFeed.start(segments, writer.watermarks(), config.batch())) {
      for (ChunkFeed.Item item = feed.next(); ; item = feed.next()) {
        switch (item) {
          case ChunkFeed.Chunk chunk -> load(chunk, writer, run);
          case ChunkFeed.SegmentDone done -> {
            run.segments++;
            log.info(
                "journal: {}: {} new records (bytes {} to {})",
                done.segment(),
                run.insertedInSegment,
                done.from(),
                done.to());
            run.insertedInSegment = 0;
          }
          case ChunkFeed.SegmentFailed failed -> {
            log.error("journal: {}", failed.message());
            run.failures.add(failed.message());
          }
          case ChunkFeed.ReadFailed failed -> throw readFailure(failed.error());
          case ChunkFeed.End end -> {
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
        }
      }
    } catch (SQLException e) {
      throw transientOrFail(e, "journal: the database failed");
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "cannot read the journal in " + config.dir() + ": " + e, e);
    }
  }

  private SourceUnavailableException readFailure(Throwable error) {
    if (error instanceof IOException e) {
      return new SourceUnavailableException(
          "cannot read the journal in " + config.dir() + ": " + e, e);
    }
    throw new IllegalStateException("reading the journal failed: " + error, error);
  }

  /** Loads one chunk in one transaction, then reports what did not fit. */
  private static void load(ChunkFeed.Chunk chunk, ChunkWriter writer, Run run)
      throws IOException, DatabaseException {
    ChunkRows rows = chunk.rows();
    long inserted;
    try {
      inserted = writer.write(rows, chunk.segment(), chunk.next());
    } catch (SQLException e) {
      String where = chunk.segment() + " bytes " + chunk.from() + " to " + chunk.next();
      if (isTransient(e)) {
        throw new DatabaseException("journal: loading " + where + " failed: " + e.getMessage(), e);
      }
      throw new SourceDataException(
          "journal: PostgreSQL refused the rows of "
              + where
              + ", and retrying would not help: "
              + e.getMessage()
              + ". Loading stops at byte "
              + chunk.from()
              + " of that segment; please report this with the segment",
          e);
    }
    run.count(rows, inserted);
    if (!rows.problems().isEmpty()) {
      report(chunk.path(), chunk.segment(), chunk.from(), rows, run);
    }
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

  /** One catch-up's counts and problems. */
  private static final class Run {
    final List<String> failures = new ArrayList<>();
    int segments;
    long insertedInSegment;
    long read;
    long inserted;
    long skippedRecords;
    long skippedTypedRows;
    long repairs;
    int logged;
    int unlogged;

    void count(ChunkRows chunk, long newRecords) {
      read += chunk.records();
      inserted += newRecords;
      insertedInSegment += newRecords;
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
