package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one window {@code (from, to]} in one transaction on its own connection: every selector's
 * raw samples stream from Prometheus straight into a binary COPY, into {@code dropscope.samples}
 * when none of the window is loaded yet, else into a temporary staging table from which one {@code
 * INSERT ... SELECT} moves the rows not loaded yet; then the touched rollups are recomputed and the
 * caller's bookkeeping (watermarks) is written before the commit. After a crash anywhere the window
 * is wholly in or not at all, and loading it again adds nothing.
 */
final class WindowLoader {
  private static final Logger log = LoggerFactory.getLogger(WindowLoader.class);
  private static final int COPY_BUFFER = 256 * 1024;

  /**
   * Rows of a window that are not in {@code dropscope.samples} yet. An anti-join, not ON CONFLICT
   * DO NOTHING: speculative insertion costs twice as much a row. Two loads of one window cannot
   * race: {@code ensure_sample_partitions} takes a transaction-level lock first; where it does not
   * (a TimescaleDB hypertable), the loser fails on the primary key and its retry finds the winner's
   * rows.
   */
  private static final String MOVE =
      "INSERT INTO dropscope.samples (series_id, ts, value)"
          + " SELECT s.series_id, s.ts, s.value FROM staging s WHERE NOT EXISTS ("
          + "SELECT 1 FROM dropscope.samples x WHERE x.series_id = s.series_id AND x.ts = s.ts)";

  private static final String DIRECT =
      "COPY dropscope.samples (series_id, ts, value) FROM STDIN (FORMAT binary)";
  private static final String STAGE =
      "COPY staging (series_id, ts, value) FROM STDIN (FORMAT binary)";
  private static final String UNIQUE_VIOLATION = "23505";

  private final PrometheusClient client;
  private final SeriesCatalog catalog;
  private final List<String> selectors;

  /** What the window's transaction writes besides samples and rollups: its watermarks. */
  @FunctionalInterface
  interface Bookkeeping {
    void record(Connection c, long fromMillis, long toMillis) throws SQLException;
  }

  /**
   * What a committed window held.
   *
   * @param fetched samples Prometheus returned inside the window
   * @param inserted of those, the ones that were new
   * @param heaviest the most samples one selector returned: what the next window is planned by
   * @param histograms native histogram samples skipped
   */
  record Loaded(long fetched, long inserted, long heaviest, long histograms) {}

  WindowLoader(PrometheusClient client, SeriesCatalog catalog, List<String> selectors) {
    this.client = client;
    this.catalog = catalog;
    this.selectors = List.copyOf(selectors);
  }

  /** A run of windows: its connections are opened on the first window and kept for the next. */
  Run open(Database db) {
    return new Run(db);
  }

  /**
   * The windows of one catch-up or backfill, on one connection (and one for new series). Any
   * failure closes both, so the next window, or the retried run, starts on fresh ones.
   */
  final class Run implements AutoCloseable {
    private final Database db;
    private Connection connection;
    private SeriesCatalog.Session series;

    private Run(Database db) {
      this.db = db;
    }

    Loaded load(long from, long to, Bookkeeping bookkeeping)
        throws SourceUnavailableException, TooManySamplesException, DatabaseException {
      try {
        return attempt(from, to, bookkeeping, true);
      } catch (DirectConflict e) {
        log.debug(
            "{} holds samples already; loading it through the staging table", window(from, to));
        return attempt(from, to, bookkeeping, false);
      }
    }

    /**
     * One try at the window's transaction. Where no rollup exists for the window's buckets after
     * its first, nothing of it is loaded yet (a sample never goes in without its rollup), and the
     * samples are COPYed straight into {@code dropscope.samples}; should the first bucket hold some
     * already, the COPY fails on the primary key and {@link DirectConflict} asks for the staging
     * table. Otherwise they go through the staging table and its anti-join.
     */
    private Loaded attempt(long from, long to, Bookkeeping bookkeeping, boolean directAllowed)
        throws SourceUnavailableException, TooManySamplesException, DatabaseException {
      boolean direct = false;
      try {
        if (connection == null) {
          connection = db.connection();
          connection.setAutoCommit(false);
          series = catalog.session(db);
        }
        Connection c = connection;
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL work_mem = '64MB'"); // the rollups sort a window's samples
        }
        try (PreparedStatement p =
            c.prepareStatement("SELECT dropscope.ensure_sample_partitions(?, ?)")) {
          p.setObject(1, Times.timestamptz(from)); // the partitions that hold (from, to]
          p.setObject(2, Times.timestamptz(to + 1));
          p.execute();
        }
        direct = directAllowed && nothingLoaded(c, from, to);
        if (!direct) {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE TEMP TABLE staging (series_id bigint, ts timestamptz,"
                    + " value double precision) ON COMMIT DROP");
          }
        }
        long started = System.nanoTime();
        Staged staged = stage(c, series, from, to, direct ? DIRECT : STAGE);
        long streamed = System.nanoTime();
        long inserted;
        if (direct) {
          inserted = staged.rows();
        } else {
          try (PreparedStatement move = c.prepareStatement(MOVE)) {
            inserted = move.executeUpdate();
          }
        }
        long moved = System.nanoTime();
        if (inserted > 0) { // nothing new: the rollups stand as they are
          Rollups.recompute(c, staged.seriesIds(), from, to);
        }
        long rolled = System.nanoTime();
        bookkeeping.record(c, from, to);
        c.commit();
        log.debug(
            "{}: {} samples, {} new; {} ms streaming{}, {} ms moving, {} ms rollups, {} ms commit",
            window(from, to),
            staged.rows(),
            inserted,
            (streamed - started) / 1_000_000,
            direct ? " straight into dropscope.samples" : " into staging",
            (moved - streamed) / 1_000_000,
            (rolled - moved) / 1_000_000,
            (System.nanoTime() - rolled) / 1_000_000);
        return new Loaded(staged.rows(), inserted, staged.heaviest(), staged.histograms());
      } catch (SQLException e) {
        close();
        throw failure(e, direct, from, to);
      } catch (StagingFailure e) {
        close();
        throw failure(e.sql, direct, from, to);
      } catch (SourceUnavailableException | TooManySamplesException | RuntimeException e) {
        close(); // rolls the window back
        throw e;
      }
    }

    /** Closes the connections (an open transaction rolls back); the next window opens new ones. */
    @Override
    public void close() {
      try {
        if (series != null) {
          series.close();
        }
      } catch (SQLException ignored) {
        // being dropped
      }
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (SQLException ignored) {
        // being dropped; the server rolls back what was open
      }
      series = null;
      connection = null;
    }
  }

  private static DatabaseException failure(SQLException e, boolean direct, long from, long to) {
    if (direct && UNIQUE_VIOLATION.equals(e.getSQLState())) {
      throw new DirectConflict();
    }
    return Failures.database(e, "loading " + window(from, to));
  }

  /** Whether no 5-minute rollup exists after the window's first bucket and up to its last. */
  private static boolean nothingLoaded(Connection c, long from, long to) throws SQLException {
    long first = Rollups.bucket(from + 1);
    long last = Rollups.bucket(to);
    if (last <= first) {
      return true;
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT NOT EXISTS (SELECT 1 FROM dropscope.rollup_5m"
                + " WHERE bucket > ? AND bucket <= ?)")) {
      p.setObject(1, Times.timestamptz(first));
      p.setObject(2, Times.timestamptz(last));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The window met samples that are in already: load it again through the staging table. */
  private static final class DirectConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DirectConflict() {
      super(null, null, false, false);
    }
  }

  static String window(long from, long to) {
    return "the window (" + Times.instant(from) + ", " + Times.instant(to) + "]";
  }

  private record Staged(long rows, long heaviest, long histograms, long[] seriesIds) {}

  /** COPYs every selector's samples in {@code (from, to]} with {@code copySql}. */
  private Staged stage(
      Connection c, SeriesCatalog.Session series, long from, long to, String copySql)
      throws SQLException, SourceUnavailableException, TooManySamplesException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    try {
      SampleCopy copy = new SampleCopy(in, COPY_BUFFER);
      Sink sink = new Sink(series, copy, from, to);
      long heaviest = 0;
      long histograms = 0;
      String range = "[" + PromValues.duration(to - from) + "]";
      for (String selector : selectors) {
        long before = copy.rows();
        ResultParser.Summary summary = client.query(selector + range, to, sink);
        heaviest = Math.max(heaviest, copy.rows() - before);
        histograms += summary.histograms();
      }
      long rows = copy.finish();
      return new Staged(rows, heaviest, histograms, sink.seriesIds());
    } finally {
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException ignored) {
          // the connection is closed next; the transaction rolls back either way
        }
      }
    }
  }

  /**
   * Routes the parsed samples into the COPY, resolving series ids as their labels arrive. A series
   * a second selector matches again is skipped: its samples are in already.
   */
  private static final class Sink implements ResultParser.Handler {
    private final SeriesCatalog.Session series;
    private final SampleCopy copy;
    private final long from;
    private final long to;
    private final Set<Long> seen = new HashSet<>();
    private long current;
    private boolean skip;
    private boolean counted;
    private long[] ids = new long[64];
    private int idCount;

    Sink(SeriesCatalog.Session series, SampleCopy copy, long from, long to) {
      this.series = series;
      this.copy = copy;
      this.from = from;
      this.to = to;
    }

    @Override
    public void series(String metric, SortedMap<String, String> labels) {
      try {
        current = series.id(metric, labels);
      } catch (SQLException e) {
        throw new StagingFailure(e);
      }
      skip = !seen.add(current);
      counted = false;
    }

    @Override
    public void sample(long timestampMillis, double value) {
      // (from, to]: Prometheus 2.x includes a sample at exactly `from`; 3.x does not
      if (skip || timestampMillis <= from || timestampMillis > to) {
        return;
      }
      try {
        copy.row(current, timestampMillis, value);
      } catch (SQLException e) {
        throw new StagingFailure(e);
      }
      if (!counted) {
        counted = true;
        if (idCount == ids.length) {
          ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[idCount++] = current;
      }
    }

    long[] seriesIds() {
      return Arrays.stream(ids, 0, idCount).sorted().distinct().toArray();
    }
  }

  /** A database failure while the answer streams; unwrapped once the stream is left. */
  private static final class StagingFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SQLException sql;

    StagingFailure(SQLException sql) {
      super(sql);
      this.sql = sql;
    }
  }
}
