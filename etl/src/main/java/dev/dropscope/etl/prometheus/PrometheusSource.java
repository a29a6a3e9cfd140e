package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.config.PrometheusConfig;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceRejectedException;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw samples from a Prometheus-compatible HTTP API (Prometheus, Thanos Query, Mimir,
 * VictoriaMetrics) into {@code dropscope.samples}, with their series catalog and rollups. Each
 * window is one instant query per selector with a range selector ({@code selector[range]} at the
 * window's end), which returns the stored samples with their own timestamps, no resampling; each
 * window is one transaction that also moves the watermark.
 *
 * <pre>{@code
 * Source prometheus = new PrometheusSource(config.prometheus());
 * Source.Progress p = prometheus.catchUp(db, Instant.now().minus(config.prometheus().lag()));
 * }</pre>
 */
public final class PrometheusSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(PrometheusSource.class);

  /** The source's name, and its row in {@code dropscope.watermarks}. */
  public static final String NAME = "prometheus";

  private static final String ADVANCE_SYNC =
      """
      INSERT INTO dropscope.watermarks AS w (source, loaded_to) VALUES (?, ?)
      ON CONFLICT (source) DO UPDATE
      SET loaded_to = GREATEST(w.loaded_to, EXCLUDED.loaded_to), updated_at = now()
      """;

  /**
   * A backfill window that starts at or before the sync watermark continues it: up to the window's
   * end, or up to {@code lag} before now, which a sync would not pass either (late scrapes).
   */
  private static final String CONTINUE_SYNC =
      "UPDATE dropscope.watermarks SET loaded_to = ?, updated_at = now()"
          + " WHERE source = ? AND loaded_to >= ? AND loaded_to < ?";

  private static final String DROP_MARK = "DELETE FROM dropscope.watermarks WHERE source = ?";

  private final PrometheusConfig config;
  private final PrometheusClient client;
  private final SeriesCatalog catalog;
  private final WindowPlanner planner;
  private final WindowLoader loader;

  /** What a backfill reports after each committed window. */
  @FunctionalInterface
  public interface WindowListener {
    /**
     * @param from the window's start (exclusive)
     * @param to its end (inclusive)
     * @param fetched samples Prometheus returned for it
     * @param inserted those that were new
     */
    void loaded(Instant from, Instant to, long fetched, long inserted);
  }

  /**
   * @throws dev.dropscope.exporter.config.ConfigException when {@code ca_file} cannot be used
   */
  public PrometheusSource(PrometheusConfig config) {
    this.config = config;
    this.client = new PrometheusClient(config);
    this.catalog = new SeriesCatalog(this::metricKinds);
    this.planner = new WindowPlanner(config.maxWindow(), config.maxSamples());
    this.loader = new WindowLoader(client, catalog, planner, config.selectors());
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Loads from the watermark (or {@code initial_lookback} before now when there is none) to {@code
   * until}, window by window, each window advancing the watermark as it commits.
   *
   * @throws SourceRejectedException when Prometheus refuses a query (bad selector, credentials)
   */
  @Override
  public Progress catchUp(Database db, Instant until)
      throws SourceUnavailableException, DatabaseException, InterruptedException {
    long end = until.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    Instant mark = watermark(db, NAME);
    long start =
        mark != null
            ? mark.toEpochMilli()
            : Instant.now()
                .minus(config.initialLookback())
                .truncatedTo(ChronoUnit.SECONDS)
                .toEpochMilli();
    if (start >= end) {
      return Progress.NONE;
    }
    return load(
        db,
        start,
        end,
        (c, from, to) -> mark(c, ADVANCE_SYNC, NAME, to),
        (from, to, fetched, inserted) ->
            log.debug(
                "{}: {} samples, {} new",
                WindowLoader.window(from.toEpochMilli(), to.toEpochMilli()),
                fetched,
                inserted));
  }

  /**
   * Loads {@code (from, to]}, whatever the watermark. Progress is kept in a watermark row of its
   * own ({@code prometheus backfill FROM..TO}, removed when done), so that running the same
   * backfill again after a failure resumes where it stopped. The sync watermark is never moved
   * back; where the backfill continues it without a gap it is moved forward.
   */
  public Progress backfill(Database db, Instant from, Instant to, WindowListener listener)
      throws SourceUnavailableException, DatabaseException, InterruptedException {
    long start = from.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    long end = to.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    if (end <= start) {
      throw new IllegalArgumentException("--to must be after --from");
    }
    String own = backfillMark(from, to);
    Instant resume = watermark(db, own);
    if (resume != null && resume.toEpochMilli() > start && resume.toEpochMilli() < end) {
      log.info("resuming the backfill of {} .. {} from {}", from, to, resume);
      start = resume.toEpochMilli();
    }
    long last = end;
    long settled = Instant.now().minus(config.lag()).toEpochMilli();
    return load(
        db,
        start,
        end,
        (c, wFrom, wTo) -> {
          long upTo = Math.min(wTo, settled);
          try (PreparedStatement p = c.prepareStatement(CONTINUE_SYNC)) {
            p.setObject(1, Times.timestamptz(upTo));
            p.setString(2, NAME);
            p.setObject(3, Times.timestamptz(wFrom));
            p.setObject(4, Times.timestamptz(upTo));
            p.executeUpdate();
          }
          if (wTo < last) {
            mark(c, ADVANCE_SYNC, own, wTo);
          } else {
            try (PreparedStatement p = c.prepareStatement(DROP_MARK)) {
              p.setString(1, own);
              p.executeUpdate();
            }
          }
        },
        listener);
  }

  /** The watermark row a backfill of {@code from .. to} keeps while it runs. */
  static String backfillMark(Instant from, Instant to) {
    return NAME + " backfill " + from + ".." + to;
  }

  /**
   * Compares count, sum, min and max per series and window between Prometheus and PostgreSQL.
   *
   * @param out receives each difference as it is found
   */
  public Reconciliation reconcile(
      Database db, Instant from, Instant to, java.util.function.Consumer<Difference> out)
      throws SourceUnavailableException, DatabaseException {
    return new Reconciler(client, config).run(db, from, to, out);
  }

  private Progress load(
      Database db,
      long start,
      long end,
      WindowLoader.Bookkeeping bookkeeping,
      WindowListener listener)
      throws SourceUnavailableException, DatabaseException, InterruptedException {
    long started = System.nanoTime();
    catalog.refreshKinds();
    long kinds = System.nanoTime();
    FirstWindow first = firstWindow(start, end);
    long listed = System.nanoTime();
    try (WindowLoader.Run run = loader.open(db)) {
      run.prepare(first.series());
      log.debug(
          "before the first window: {} ms reading metadata, {} ms listing {} series, {} ms"
              + " registering them",
          (kinds - started) / 1_000_000,
          (listed - kinds) / 1_000_000,
          first.series().size(),
          (System.nanoTime() - listed) / 1_000_000);
      return run.load(start, end, first.density(), bookkeeping, listener);
    }
  }

  /** What the run learns before its first window: the density to plan it by, and its series. */
  private record FirstWindow(double density, List<SeriesKey> series) {}

  /**
   * The selectors' series in the first {@code max_window}: the first window is planned as if each
   * were scraped once a second, and they are registered in the catalog together. When the server
   * will not list them, a density that makes the first window one minute long.
   */
  private FirstWindow firstWindow(long start, long end) throws SourceUnavailableException {
    long until = Math.min(end, start + config.maxWindow().toMillis());
    List<SeriesKey> all = new ArrayList<>();
    long most = 0;
    try {
      for (String selector : config.selectors()) {
        int before = all.size();
        client.series(
            selector,
            start,
            until,
            new ResultParser.Handler() {
              @Override
              public void series(String metric, SortedMap<String, String> labels) {
                all.add(new SeriesKey(metric != null ? metric : "", labels));
              }
            });
        most = Math.max(most, all.size() - before);
      }
    } catch (TooManySamplesException | SourceRejectedException e) {
      log.info(
          "cannot list the series to plan the first window ({}); starting with one minute",
          e.getMessage());
      return new FirstWindow(planner.budget() / 60.0, List.of());
    }
    return new FirstWindow(WindowPlanner.initialDensity(most), all);
  }

  private MetricKinds metricKinds() {
    try {
      return new MetricKinds(client.metadata());
    } catch (SourceUnavailableException | TooManySamplesException | SourceRejectedException e) {
      log.info(
          "no metric metadata from {} ({}); series kinds come from their names",
          client.where(),
          e.getMessage());
      return MetricKinds.none();
    }
  }

  private static void mark(Connection c, String sql, String source, long toMillis)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, source);
      p.setObject(2, Times.timestamptz(toMillis));
      p.executeUpdate();
    }
  }

  private static Instant watermark(Database db, String source) throws DatabaseException {
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement("SELECT loaded_to FROM dropscope.watermarks WHERE source = ?")) {
      p.setString(1, source);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
      }
    } catch (SQLException e) {
      throw Failures.database(e, "reading the watermark of " + source);
    }
  }
}
