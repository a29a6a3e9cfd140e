package dev.dropscope.etl.run;

import static dev.dropscope.etl.db.dropscope.Tables.RUNS;

import dev.dropscope.etl.store.Database;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code dropscope.runs} table: one row per command run, with its outcome and counts. */
public final class Runs {
  private static final Logger log = LoggerFactory.getLogger(Runs.class);

  private Runs() {}

  /** Records the start of a run; returns its id. */
  public static long start(Database db, String command) {
    return db.dsl()
        .insertInto(RUNS, RUNS.COMMAND)
        .values(command)
        .returning(RUNS.ID)
        .fetchOne()
        .getId();
  }

  /** Records how a run ended; a failure to record it is logged, not thrown. */
  public static void finish(Database db, long id, Source.Progress progress, String error) {
    try {
      db.dsl()
          .update(RUNS)
          .set(RUNS.FINISHED_AT, OffsetDateTime.now(ZoneOffset.UTC))
          .set(RUNS.STATUS, error == null ? "ok" : "failed")
          .set(RUNS.WINDOWS, progress.windows())
          .set(RUNS.SAMPLES, progress.samples())
          .set(RUNS.EVENTS, progress.events())
          .set(RUNS.ERROR, error)
          .where(RUNS.ID.eq(id))
          .execute();
    } catch (DataAccessException e) {
      log.warn("cannot record the end of run {}: {}", id, e.getMessage());
    }
  }
}
