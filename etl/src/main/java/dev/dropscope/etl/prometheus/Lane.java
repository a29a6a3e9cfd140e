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
 * One connection that loads windows, one at a time, in two steps: {@link #stream} opens the
 * window's transaction and streams every selector's raw samples from Prometheus straight into a
 * binary COPY; {@link #finish} writes the rollups and the caller's bookkeeping (watermarks) and
 * commits. After a crash anywhere the window is wholly in or not at all, and loading it again adds
 * nothing.
 *
 * <p>Where no rollup exists for the window's buckets after its first, none of the window is loaded
 * yet (a sample never goes in without its rollup): the samples are COPYed straight into {@code
 * dropscope.samples} and most rollups are computed from the stream. Should the first bucket hold
 * some of them already, the COPY fails on the primary key and the window is streamed again through
 * a temporary staging table, from which one {@code INSERT ... SELECT} moves the rows not loaded
 * yet. Any failure closes the connection (the window rolls back); the next window opens a new one.
 */
final class Lane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lane.class);
  private static final int COPY_BUFFER = 256 * 1024;
  private static final long DAY_MILLIS = 86_400_000L;

  /**
   * Rows of a window that are not in {@code dropscope.samples} yet. An anti-join, not ON CONFLICT
   * DO NOTHING: speculative insertion costs twice as much a row. Should another command insert the
   * same rows meanwhile, this fails on the primary key and the retry finds them.
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

  private final Database db;
  private final PrometheusClient client;
  private final List<String> selectors;
  private Connection connection;

  /**
   * Set by another thread to stop the window streaming on this lane. The stream stops itself at its
   * next series or sample, cancels its COPY and closes the connection: a connection closed under a
   * running COPY by another thread made pgjdbc's cancelCopy loop, piling up exceptions until the
   * heap ran out.
   */
  private volatile boolean abandoned;

  /**
   * A window streamed in, its transaction still open.
   *
   * @param rows samples Prometheus returned inside the window
   * @param inserted of those, the ones that were new
   * @param heaviest the most samples one selector returned: what the next window is planned by
   * @param histograms native histogram samples skipped
   */
  record Streamed(
      long from,
      long to,
      boolean direct,
      long rows,
      long inserted,
      long heaviest,
      long histograms,
      long[] seriesIds,
      WindowRollups rollups,
      long streamNanos) {}

  Lane(Database db, PrometheusClient client, List<String> selectors) {
    this.db = db;
    this.client = client;
    this.selectors = selectors;
  }

  /**
   * Creates the sample partitions {@code (from, to]} needs, committed at once: a window's own
   * transaction would hold the partition lock until it commits, and windows streaming side by side
   * would wait on each other.
   */
  void ensurePartitions(long from, long to) throws DatabaseException {
    try {
      Connection c = connection();
      c.setAutoCommit(true);
      try (PreparedStatement p =
          c.prepareStatement("SELECT dropscope.ensure_sample_partitions(?, ?)")) {
        p.setObject(1, Times.timestamptz(from)); // the partitions that hold (from, to]
        p.setObject(2, Times.timestamptz(to + 1));
        p.execute();
      }
      c.setAutoCommit(false);
    } catch (SQLException e) {
      close();
      throw Failures.database(e, "creating the sample partitions of " + window(from, to));
    }
  }

  /**
   * Opens the window's transaction and streams its samples in; its sample partitions exist ({@link
   * #ensurePartitions}).
   */
  Streamed stream(SeriesCatalog.Session series, long from, long to)
      throws SourceUnavailableException, TooManySamplesException, DatabaseException {
    abandoned = false;
    try {
      return attempt(series, from, to, true);
    } catch (DirectConflict e) {
      log.debug("{} holds samples already; loading it through the staging table", window(from, to));
      return attempt(series, from, to, false);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = db.connection();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private Streamed attempt(SeriesCatalog.Session series, long from, long to, boolean directAllowed)
      throws SourceUnavailableException, TooManySamplesException, DatabaseException {
    boolean direct = false;
    try {
      Connection c = connection();
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL work_mem = '64MB'"); // the rollups sort a window's edge samples
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
      WindowRollups rollups = new WindowRollups(from, direct);
      Staged staged = stage(c, series, rollups, from, to, direct ? DIRECT : STAGE);
      long inserted;
      if (direct) {
        inserted = staged.rows();
      } else {
        try (PreparedStatement move = c.prepareStatement(MOVE)) {
          inserted = move.executeUpdate();
        }
      }
      return new Streamed(
          from,
          to,
          direct,
          staged.rows(),
          inserted,
          staged.heaviest(),
          staged.histograms(),
          staged.seriesIds(),
          rollups,
          System.nanoTime() - started);
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

  /**
   * Writes the streamed window's rollups and {@code bookkeeping}, and commits.
   *
   * @throws DirectConflict when another command wrote the same rollups meanwhile: load the window
   *     again, through the staging table
   */
  WindowLoader.Loaded finish(Streamed s, WindowLoader.Bookkeeping bookkeeping)
      throws DatabaseException {
    try {
      long started = System.nanoTime();
      if (s.inserted() > 0) { // nothing new: the rollups stand as they are
        Rollups.write(connection, s.rollups(), s.seriesIds(), s.to());
      }
      long rolled = System.nanoTime();
      bookkeeping.record(connection, s.from(), s.to());
      connection.commit();
      log.debug(
          "{}: {} samples, {} new; {} ms streaming {}, {} ms rollups, {} ms commit",
          window(s.from(), s.to()),
          s.rows(),
          s.inserted(),
          s.streamNanos() / 1_000_000,
          s.direct() ? "straight into dropscope.samples" : "through staging",
          (rolled - started) / 1_000_000,
          (System.nanoTime() - rolled) / 1_000_000);
      return new WindowLoader.Loaded(s.rows(), s.inserted(), s.heaviest(), s.histograms());
    } catch (SQLException e) {
      close();
      throw failure(e, s.direct(), s.from(), s.to());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Asks the window streaming on this lane, from another thread, to stop (see {@link #abandoned}).
   */
  void abandon() {
    abandoned = true;
  }

  /** Closes the connection; an open transaction rolls back. */
  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // being dropped; the server rolls back what was open
    }
    connection = null;
  }

  /** The UTC days (their first millisecond) that hold samples of (from, to]. */
  static List<Long> days(long from, long to) {
    long first = Math.floorDiv(from + 1, DAY_MILLIS);
    long last = Math.floorDiv(to, DAY_MILLIS);
    return java.util.stream.LongStream.rangeClosed(first, last)
        .map(d -> d * DAY_MILLIS)
        .boxed()
        .toList();
  }

  private static DatabaseException failure(SQLException e, boolean direct, long from, long to) {
    if (direct && UNIQUE_VIOLATION.equals(e.getSQLState())) {
      throw new DirectConflict();
    }
    return Failures.database(e, "loading " + window(from, to));
  }

  /** Whether no 5-minute rollup exists after the window's first bucket and up to its last. */
  static boolean nothingLoaded(Connection c, long from, long to) throws SQLException {
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

  /** The window was abandoned while it streamed; it rolls back. */
  static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("the window was abandoned", null, false, false);
    }
  }

  /** The window met rows that are in already: load it again through the staging table. */
  static final class DirectConflict extends RuntimeException {
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
      Connection c,
      SeriesCatalog.Session series,
      WindowRollups rollups,
      long from,
      long to,
      String copySql)
      throws SQLException, SourceUnavailableException, TooManySamplesException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    try {
      BinaryCopy copy = new BinaryCopy(in, COPY_BUFFER);
      Sink sink = new Sink(this, series, copy, rollups, from, to);
      long heaviest = 0;
      long histograms = 0;
      String range = "[" + PromValues.duration(to - from) + "]";
      for (String selector : selectors) {
        long before = copy.rows();
        ResultParser.Summary summary = client.query(selector + range, to, sink);
        if (summary.partial()) { // would leave a gap behind the watermark
          throw new SourceUnavailableException(
              client.where()
                  + " answered with a partial result for "
                  + window(from, to)
                  + " (some of its storage nodes are down)");
        }
        for (String warning : summary.warnings()) {
          log.warn("{} warns about {}: {}", client.where(), window(from, to), warning);
        }
        heaviest = Math.max(heaviest, copy.rows() - before);
        histograms += summary.histograms();
      }
      rollups.finish();
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
    private final Lane lane;
    private final SeriesCatalog.Session series;
    private final BinaryCopy copy;
    private final WindowRollups rollups;
    private final long from;
    private final long to;
    private final Set<Long> seen = new HashSet<>();
    private long current;
    private boolean skip;
    private boolean counted;
    private long[] ids = new long[64];
    private int idCount;

    Sink(
        Lane lane,
        SeriesCatalog.Session series,
        BinaryCopy copy,
        WindowRollups rollups,
        long from,
        long to) {
      this.lane = lane;
      this.series = series;
      this.copy = copy;
      this.rollups = rollups;
      this.from = from;
      this.to = to;
    }

    @Override
    public void series(String metric, SortedMap<String, String> labels) {
      if (lane.abandoned) {
        throw new Abandoned();
      }
      SeriesCatalog.Resolved resolved;
      try {
        resolved = series.resolve(metric, labels);
      } catch (SQLException e) {
        throw new StagingFailure(e);
      }
      current = resolved.id();
      skip = !seen.add(current);
      counted = false;
      if (!skip) {
        rollups.startSeries(current, resolved.counterLike());
      }
    }

    @Override
    public void sample(long timestampMillis, double value) {
      if (lane.abandoned) {
        throw new Abandoned();
      }
      // (from, to]: Prometheus 2.x includes a sample at exactly `from`; 3.x does not
      if (skip || timestampMillis <= from || timestampMillis > to) {
        return;
      }
      try {
        copy.startRow(3).int8(current).timestamptz(timestampMillis).float8(value);
      } catch (SQLException e) {
        throw new StagingFailure(e);
      }
      rollups.sample(timestampMillis, value);
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
