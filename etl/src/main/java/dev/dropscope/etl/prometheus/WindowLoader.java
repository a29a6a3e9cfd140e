package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceRejectedException;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a range window by window, each window one transaction ({@link Lane}) on a connection of its
 * own, up to {@link #LANES} windows in flight: while the oldest window's rollups are written and
 * committed, the windows after it stream in from Prometheus, so that Prometheus, this JVM and
 * PostgreSQL (one backend per lane) keep every core busy. Windows still commit in order, each with
 * its watermark, and a failure stops the run with every window before it committed and none after
 * it.
 *
 * <p>A window's sample partitions are created before it streams, each in a short transaction of its
 * own: windows streaming side by side then never wait on each other's partition lock, and a
 * partition that outlives a failed window is merely empty.
 */
final class WindowLoader {
  private static final Logger log = LoggerFactory.getLogger(WindowLoader.class);

  /**
   * Windows in flight: one being committed, two streaming. Two cores are kept busy by two
   * PostgreSQL backends COPYing while the third writes rollups; more lanes only queue.
   */
  static final int LANES = 3;

  private final PrometheusClient client;
  private final SeriesCatalog catalog;
  private final WindowPlanner planner;
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

  WindowLoader(
      PrometheusClient client,
      SeriesCatalog catalog,
      WindowPlanner planner,
      List<String> selectors) {
    this.client = client;
    this.catalog = catalog;
    this.planner = planner;
    this.selectors = List.copyOf(selectors);
  }

  /** A run of windows: its connections open on first use and are kept for the next windows. */
  Run open(Database db) {
    return new Run(db);
  }

  static String window(long from, long to) {
    return Lane.window(from, to);
  }

  /** The windows of one catch-up or backfill. */
  final class Run implements AutoCloseable {
    private final Lane[] lanes = new Lane[LANES];
    private final SeriesCatalog.Session series;

    /** Days whose sample partition exists for sure: their creation is not asked for again. */
    private final Set<Long> knownDays = new HashSet<>();

    private ExecutorService streams;

    /** A window streaming on its lane, not committed yet. */
    private record InFlight(Lane lane, long from, long to, Future<Lane.Streamed> streamed) {}

    private Run(Database db) {
      for (int i = 0; i < LANES; i++) {
        lanes[i] = new Lane(db, client, selectors);
      }
      this.series = catalog.session(db);
    }

    /** Registers the series the run expects, all at once, before its first window. */
    void prepare(List<SeriesKey> expected) throws DatabaseException {
      try {
        series.prepare(expected);
      } catch (SQLException e) {
        throw Failures.database(e, "registering " + expected.size() + " series");
      }
    }

    /**
     * Loads {@code (start, end]}, planning each window at the density the windows before it showed
     * ({@code density} for the first), halving one that holds too many samples for one query. The
     * server's limit holds for the rest of the run: windows are planned no longer than half the
     * shortest it refused.
     */
    Source.Progress load(
        long start,
        long end,
        double density,
        Bookkeeping bookkeeping,
        PrometheusSource.WindowListener listener)
        throws SourceUnavailableException, DatabaseException, InterruptedException {
      Source.Progress total = Source.Progress.NONE;
      Deque<InFlight> flight = new ArrayDeque<>();
      long from = start;
      double refused = 0; // the density that plans half the shortest window the server refused
      try {
        while (true) {
          while (flight.size() < LANES && from < end) {
            long to = planner.nextEnd(from, end, Math.max(density, refused));
            flight.addLast(streamAhead(freeLane(flight), from, to));
            from = to;
          }
          InFlight head = flight.pollFirst();
          if (head == null) {
            return total;
          }
          if (Thread.interrupted()) {
            flight.addFirst(head);
            throw new InterruptedException();
          }
          Lane.Streamed streamed;
          try {
            streamed = streamed(head);
          } catch (TooManySamplesException e) {
            density = halved(e, head.from(), head.to()); // plan it again, shorter
            refused = Math.max(refused, density);
            abandon(flight);
            from = head.from();
            continue;
          }
          density = WindowPlanner.observed(density, streamed.heaviest(), head.to() - head.from());
          Loaded loaded;
          try {
            loaded = head.lane().finish(streamed, bookkeeping);
          } catch (Lane.DirectConflict e) {
            abandon(flight); // the windows after it stream again once it is in
            from = head.to();
            loaded = reload(head.lane(), streamed, bookkeeping);
          }
          report(streamed, loaded, listener);
          total = total.plus(new Source.Progress(1, loaded.inserted(), 0));
        }
      } catch (Throwable t) {
        abandon(flight);
        throw t;
      }
    }

    /** Creates the window's partitions (see the class comment) and starts its stream. */
    private InFlight streamAhead(Lane lane, long from, long to) throws DatabaseException {
      List<Long> days = Lane.days(from, to);
      if (!knownDays.containsAll(days)) {
        lane.ensurePartitions(from, to);
        knownDays.addAll(days);
      }
      return new InFlight(lane, from, to, executor().submit(() -> lane.stream(series, from, to)));
    }

    private Lane freeLane(Deque<InFlight> flight) {
      for (Lane lane : lanes) {
        if (flight.stream().noneMatch(f -> f.lane() == lane)) {
          return lane;
        }
      }
      throw new IllegalStateException("every lane carries a window");
    }

    /** The window once it has streamed in; what its stream failed with otherwise. */
    private Lane.Streamed streamed(InFlight f)
        throws SourceUnavailableException,
            DatabaseException,
            TooManySamplesException,
            InterruptedException {
      try {
        return f.streamed().get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TooManySamplesException tooMany) {
          throw tooMany;
        }
        throw rethrow(e.getCause());
      }
    }

    /** Loads a window again through the staging table, after its rollups met someone else's. */
    private Loaded reload(Lane lane, Lane.Streamed s, Bookkeeping bookkeeping)
        throws DatabaseException, SourceUnavailableException {
      try {
        return lane.finish(lane.stream(series, s.from(), s.to()), bookkeeping);
      } catch (TooManySamplesException e) {
        throw new SourceRejectedException(e.getMessage(), e); // it fitted a moment ago
      }
    }

    private double halved(TooManySamplesException e, long from, long to) {
      long length = to - from;
      if (length <= WindowPlanner.MIN_MILLIS) {
        throw new SourceRejectedException(
            e.getMessage()
                + "; even a one-second window is too many: narrow prometheus.selectors or raise"
                + " the server's --query.max-samples",
            e);
      }
      log.info("{} has too many samples for one query; halving it", window(from, to));
      return planner.budget() * 2000.0 / length; // the next plan halves the window
    }

    private void report(Lane.Streamed s, Loaded loaded, PrometheusSource.WindowListener listener) {
      if (loaded.histograms() > 0) {
        log.warn(
            "{}: skipped {} native histogram samples (not loaded yet)",
            window(s.from(), s.to()),
            loaded.histograms());
      }
      listener.loaded(
          Instant.ofEpochMilli(s.from()),
          Instant.ofEpochMilli(s.to()),
          loaded.fetched(),
          loaded.inserted());
    }

    /**
     * Stops the windows in flight: each stream is asked to stop, waited for, and its connection
     * closed (the window rolls back), so that nothing of this run still runs when it goes on or
     * fails. A connection is never closed under its running stream (see {@link Lane#abandon}).
     */
    private void abandon(Deque<InFlight> flight) {
      boolean interrupted = false;
      for (InFlight f : flight) {
        f.lane().abandon();
      }
      for (InFlight f : flight) {
        while (!interrupted) {
          try {
            f.streamed().get();
            break;
          } catch (ExecutionException e) {
            break; // it stopped: that is the point
          } catch (InterruptedException e) {
            interrupted = true; // asked to stop: interrupt the stream (its HTTP call, say) instead
            f.streamed().cancel(true);
          }
        }
        f.lane().close(); // a stream that had finished left its transaction open
      }
      flight.clear();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private ExecutorService executor() {
      if (streams == null) {
        AtomicInteger n = new AtomicInteger();
        streams =
            Executors.newFixedThreadPool(
                LANES,
                r -> {
                  Thread t = new Thread(r, "prometheus-window-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
      }
      return streams;
    }

    /** Closes the connections; an open transaction rolls back. */
    @Override
    public void close() {
      if (streams != null) {
        streams.shutdownNow();
        try {
          streams.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (Lane lane : lanes) {
        lane.close();
      }
      try {
        series.close();
      } catch (SQLException ignored) {
        // being dropped
      }
    }
  }

  /** The cause of a failed stream, as what {@link Run#load} may throw. */
  private static RuntimeException rethrow(Throwable cause)
      throws SourceUnavailableException, DatabaseException {
    if (cause instanceof SourceUnavailableException e) {
      throw e;
    }
    if (cause instanceof DatabaseException e) {
      throw e;
    }
    if (cause instanceof RuntimeException e) {
      return e;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(cause);
  }
}
