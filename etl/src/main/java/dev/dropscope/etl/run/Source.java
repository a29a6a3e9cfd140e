package dev.dropscope.etl.run;

import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.time.Instant;

/**
 * One place data comes from (Prometheus, the event journal). {@code sync} catches every source up,
 * each from its own watermark; a source never leaves a partial window behind.
 */
public interface Source {
  /** Short name for logs, {@code status} and metrics: {@code prometheus}, {@code journal}. */
  String name();

  /**
   * Loads what is new since the source's watermark, up to {@code until} where the source is
   * time-windowed.
   *
   * @throws SourceUnavailableException when the source cannot be read right now (worth a retry)
   * @throws DatabaseException when the database cannot be written (worth a retry)
   */
  Progress catchUp(Database db, Instant until)
      throws SourceUnavailableException, DatabaseException, InterruptedException;

  /**
   * What one catch-up loaded.
   *
   * @param windows windows (Prometheus) or segments (journal) committed
   * @param samples samples inserted (duplicates not counted)
   * @param events events inserted (duplicates not counted)
   */
  record Progress(int windows, long samples, long events) {
    public static final Progress NONE = new Progress(0, 0, 0);

    public Progress plus(Progress o) {
      return new Progress(windows + o.windows, samples + o.samples, events + o.events);
    }
  }
}
