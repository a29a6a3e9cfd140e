import ch.qos.logback.classic.Level;
import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.report.ReportLoader;
import dev.dropscope.etl.store.Database;
import dev.dropscope.grafana.query.GrafanaMacros;
import dev.dropscope.grafana.query.ProvisionedDashboard;
import dev.dropscope.grafana.query.QueryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * Panel benchmark for bench/panels.sh: fills the ETL's embedded PostgreSQL (migrated by the ETL
 * itself) with a busy farm's year, then runs every SQL target of the committed dashboards as
 * Grafana would for the last 30 and the last 365 days, and the report command's queries, and prints
 * p50/p95 per panel and PASS/FAIL against the targets of issue #6.
 *
 * <pre>
 * java -cp etl.jar:grafana-provisioning.jar bench/PanelBench.java --out DIR [--data-dir DIR]
 *     [--runs 20] [--warmup 2] [--report-runs 5] [--points 1000] [--dashboards DIR]
 * </pre>
 *
 * The dataset (anchored at the current hour, T): 1,000 metric series with 1-hour rollups for 365
 * days, 5-minute rollups for the last 30 days and raw samples at a 15 s scrape for the last 2 days;
 * the ETH and BTC price series and the ALERTS series raw for 90 days (the ETL's default raw
 * retention); 20 protocols farmed with 50 wallets each: ~250 claims, ~2,500 interactions, 300
 * trades and 1,000 gateway transactions a day, and a daily snapshot of each of the 1,000 wallets
 * with 5 positions. Generated in the server from a fixed seed, then VACUUM ANALYZE.
 */
public final class PanelBench {
  static final Duration THIRTY_DAYS = Duration.ofDays(30);
  static final Duration A_YEAR = Duration.ofDays(365);
  static final long TARGET_30D_MS = 300;
  static final long TARGET_365D_MS = 1_000;

  record Options(
      Path out, Path dataDir, int runs, int warmup, int reportRuns, int points, Path dashboards) {
    static Options parse(String[] args) {
      Path out = null;
      Path dataDir = null;
      int runs = 20;
      int warmup = 2;
      int reportRuns = 5;
      int points = 1000;
      Path dashboards = Path.of("grafana-provisioning", "dashboards");
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          usage(args[i] + " needs a value");
        }
        String v = args[i + 1];
        switch (args[i]) {
          case "--out" -> out = Path.of(v);
          case "--data-dir" -> dataDir = Path.of(v);
          case "--runs" -> runs = positive(args[i], v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--report-runs" -> reportRuns = positive(args[i], v);
          case "--points" -> points = positive(args[i], v);
          case "--dashboards" -> dashboards = Path.of(v);
          default -> usage("unknown option " + args[i]);
        }
      }
      if (out == null) {
        usage("--out is required");
      }
      return new Options(
          out,
          dataDir != null ? dataDir : out.resolve("pg"),
          runs,
          warmup,
          reportRuns,
          points,
          dashboards);
    }

    private static int positive(String option, String value) {
      int n = Integer.parseInt(value);
      if (n < 1) {
        usage(option + " must be at least 1, found " + value);
      }
      return n;
    }
  }

  static void usage(String why) {
    System.err.println("PanelBench: " + why);
    System.err.println(
        "usage: PanelBench --out DIR [--data-dir DIR] [--runs N] [--warmup N] [--report-runs N]"
            + " [--points N] [--dashboards DIR]");
    System.exit(2);
  }

  /** One range Grafana asks for: the time filter bounds and the interval it picks for them. */
  record Range(String name, Instant from, Instant to, Duration interval, long targetMs) {}

  /** The timings of one query over one range. */
  record Timing(int rows, double[] millis) {
    double p50() {
      return percentile(0.50);
    }

    double p95() {
      return percentile(0.95);
    }

    /** Nearest rank: the smallest timing at or above the fraction q of the runs. */
    private double percentile(double q) {
      double[] sorted = millis.clone();
      Arrays.sort(sorted);
      return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
  }

  public static void main(String[] args) {
    Options options = Options.parse(args);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
    int status;
    try {
      status = run(options);
    } catch (Exception e) {
      System.err.println("PanelBench: " + e);
      e.printStackTrace();
      status = 2;
    }
    System.exit(status);
  }

  static int run(Options o) throws Exception {
    String readerPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    try (Database db =
        Database.open(
            new DatabaseConfig(null, null, null, o.dataDir()),
            ReaderConfig.defaults(),
            Map.of(Database.READER_PASSWORD_ENV, readerPassword))) {
      Instant anchor;
      try (Connection c = db.connection()) {
        anchor = Farm.load(c);
        Farm.describe(c);
      }
      List<Range> ranges =
          List.of(
              range("30 d", anchor, THIRTY_DAYS, o.points(), TARGET_30D_MS),
              range("365 d", anchor, A_YEAR, o.points(), TARGET_365D_MS));
      List<QueryTarget> targets = ProvisionedDashboard.sqlTargets(o.dashboards());
      System.out.printf(
          "panels:  %d SQL targets of the dashboards in %s, as %s; %d warm-up + %d measured runs"
              + " each; $__interval %s (30 d) and %s (365 d) for %d data points%n%n",
          targets.size(),
          o.dashboards(),
          Database.READER_ROLE,
          o.warmup(),
          o.runs(),
          GrafanaMacros.formatInterval(ranges.get(0).interval()),
          GrafanaMacros.formatInterval(ranges.get(1).interval()),
          o.points());

      String url = ((PGSimpleDataSource) db.dataSource()).getUrl();
      List<Timing[]> timings = new ArrayList<>();
      try (Connection reader =
          DriverManager.getConnection(url, Database.READER_ROLE, readerPassword)) {
        for (QueryTarget t : targets) {
          Timing[] byRange = new Timing[ranges.size()];
          for (int r = 0; r < ranges.size(); r++) {
            Range range = ranges.get(r);
            String sql = GrafanaMacros.sql(t.query(), range.from(), range.to(), range.interval());
            byRange[r] = time(reader, sql, o.warmup(), o.runs());
          }
          timings.add(byRange);
        }
      }
      printPanels(targets, ranges, timings);
      Timing[] report = timeReport(db, anchor, o);
      return summary(targets, ranges, timings, report);
    }
  }

  static Range range(String name, Instant to, Duration length, int points, long targetMs) {
    Instant from = to.minus(length);
    // the PostgreSQL datasource's minimum interval when its timeInterval is not set
    Duration interval = GrafanaMacros.interval(from, to, points, Duration.ofMinutes(1));
    return new Range(name, from, to, interval, targetMs);
  }

  /** Runs {@code sql} warm-up times, then {@code runs} times, reading every row and column. */
  static Timing time(Connection c, String sql, int warmup, int runs) throws SQLException {
    double[] millis = new double[runs];
    int rows = 0;
    for (int i = -warmup; i < runs; i++) {
      long start = System.nanoTime();
      rows = 0;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int col = 1; col <= columns; col++) {
            rs.getObject(col);
          }
          rows++;
        }
      } catch (SQLException e) {
        throw new SQLException(e.getMessage() + "\nin: " + sql, e.getSQLState(), e);
      }
      if (i >= 0) {
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    return new Timing(rows, millis);
  }

  /** The report command's sections, loaded whole as {@code report} does, for 90 and 365 days. */
  static Timing[] timeReport(Database db, Instant anchor, Options o) throws Exception {
    Duration[] ranges = {Duration.ofDays(90), A_YEAR};
    Timing[] out = new Timing[ranges.length];
    for (int r = 0; r < ranges.length; r++) {
      Instant from = anchor.minus(ranges[r]);
      double[] millis = new double[o.reportRuns()];
      int rows = 0;
      for (int i = -1; i < o.reportRuns(); i++) {
        long start = System.nanoTime();
        rows =
            ReportLoader.load(db, from, anchor).tables().stream()
                .mapToInt(t -> t.rows().size())
                .sum();
        if (i >= 0) {
          millis[i] = (System.nanoTime() - start) / 1e6;
        }
      }
      out[r] = new Timing(rows, millis);
    }
    return out;
  }

  static void printPanels(List<QueryTarget> targets, List<Range> ranges, List<Timing[]> timings) {
    StringBuilder head =
        new StringBuilder(String.format("%-58s", "panel (dashboard / id title / ref)"));
    for (Range r : ranges) {
      head.append(String.format(" | %5s: %6s %8s %8s", r.name(), "rows", "p50 ms", "p95 ms"));
    }
    System.out.println(head);
    for (int i = 0; i < targets.size(); i++) {
      QueryTarget t = targets.get(i);
      StringBuilder line = new StringBuilder(String.format("%-58s", clip(label(t), 58)));
      for (Timing timing : timings.get(i)) {
        line.append(
            String.format(
                Locale.ROOT,
                " |        %6d %8.1f %8.1f",
                timing.rows(),
                timing.p50(),
                timing.p95()));
      }
      System.out.println(line);
    }
    System.out.println();
  }

  static String label(QueryTarget t) {
    return t.dashboardUid().replaceFirst("^dropscope-", "")
        + " / "
        + t.panelId()
        + " "
        + t.panelTitle()
        + " / "
        + t.refId();
  }

  static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  static int summary(
      List<QueryTarget> targets, List<Range> ranges, List<Timing[]> timings, Timing[] report) {
    System.out.printf(
        Locale.ROOT,
        "report (ReportLoader.load, every section): 90 d  p50 %.1f ms  p95 %.1f ms (%d rows);"
            + " 365 d  p50 %.1f ms  p95 %.1f ms (%d rows)%n",
        report[0].p50(),
        report[0].p95(),
        report[0].rows(),
        report[1].p50(),
        report[1].p95(),
        report[1].rows());
    double[] load = loadAverage();
    System.out.printf(
        Locale.ROOT, "load average at the end: %.2f %.2f %.2f%n%n", load[0], load[1], load[2]);
    boolean pass = true;
    for (int r = 0; r < ranges.size(); r++) {
      Range range = ranges.get(r);
      int worst = 0;
      for (int i = 1; i < targets.size(); i++) {
        if (timings.get(i)[r].p95() > timings.get(worst)[r].p95()) {
          worst = i;
        }
      }
      double p95 = timings.get(worst)[r].p95();
      boolean ok = p95 <= range.targetMs();
      pass &= ok;
      System.out.printf(
          Locale.ROOT,
          "worst panel p95 over %-6s %7.1f ms  %s (target <= %d ms)  %s%n",
          range.name() + ":",
          p95,
          label(targets.get(worst)),
          range.targetMs(),
          ok ? "PASS" : "FAIL");
    }
    return pass ? 0 : 1;
  }

  static double[] loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return new double[] {
        Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])
      };
    } catch (Exception e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
  }

  /** The busy farm's year, generated inside PostgreSQL. */
  static final class Farm {
    private Farm() {}

    /**
     * Loads what is not loaded yet: each step commits with its name in bench.steps, so a load that
     * was interrupted resumes where it stopped (with the same T and the same seeds).
     *
     * @return T, the dataset's end
     */
    static Instant load(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE SCHEMA IF NOT EXISTS bench;
            CREATE TABLE IF NOT EXISTS bench.dataset (anchor timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS bench.steps (name text PRIMARY KEY, seconds float8);
            INSERT INTO bench.dataset
            SELECT date_trunc('hour', now(), 'UTC') WHERE NOT EXISTS (SELECT FROM bench.dataset);
            SELECT set_config('bench.t', (SELECT anchor FROM bench.dataset)::text, false);
            """);
      }
      Instant anchor;
      List<String> done;
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT anchor FROM bench.dataset")) {
          rs.next();
          anchor = rs.getObject(1, OffsetDateTime.class).toInstant();
        }
        done = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT name FROM bench.steps")) {
          while (rs.next()) {
            done.add(rs.getString(1));
          }
        }
      }
      if (done.size() == STEPS.size() + 1) {
        System.out.printf("dataset: reusing the one loaded before (T = %s)%n", anchor);
        return anchor;
      }
      System.out.printf("dataset: loading a year up to T = %s ...%n", anchor);
      for (int i = 0; i < STEPS.size(); i++) {
        Step step = STEPS.get(i);
        if (!done.contains(step.name())) {
          c.setAutoCommit(false);
          timed(c, step.name(), "SELECT setseed(0.2026 + " + i + " / 100.0);\n" + step.sql());
          c.commit();
          c.setAutoCommit(true);
        }
      }
      timed(c, "VACUUM ANALYZE", "VACUUM ANALYZE");
      return anchor;
    }

    /** Runs one step and records it as done (in its transaction, when there is one). */
    private static void timed(Connection c, String name, String sql) throws SQLException {
      long start = System.nanoTime();
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench.steps VALUES (?, ?)")) {
        ps.setString(1, name);
        ps.setDouble(2, seconds);
        ps.executeUpdate();
      }
      System.out.printf(Locale.ROOT, "  %-58s %6.1f s%n", name, seconds);
    }

    /** Rows per table and the database's size. */
    static void describe(Connection c) throws SQLException {
      String sql =
          """
          SELECT (SELECT count(*) FROM dropscope.series) AS series,
                 (SELECT count(*) FROM dropscope.rollup_1h) AS rollup_1h,
                 (SELECT count(*) FROM dropscope.rollup_5m) AS rollup_5m,
                 (SELECT count(*) FROM dropscope.samples) AS samples,
                 (SELECT count(*) FROM dropscope.airdrop_claims) AS claims,
                 (SELECT count(*) FROM dropscope.airdrop_interactions) AS interactions,
                 (SELECT count(*) FROM dropscope.portfolio_snapshots) AS snapshots,
                 (SELECT count(*) FROM dropscope.portfolio_positions) AS positions,
                 (SELECT count(*) FROM dropscope.trades) AS trades,
                 (SELECT count(*) FROM dropscope.gateway_transactions) AS gateway,
                 pg_size_pretty(pg_database_size(current_database())) AS size,
                 version() AS version,
                 current_setting('shared_buffers') AS shared_buffers,
                 current_setting('work_mem') AS work_mem,
                 current_setting('max_parallel_workers_per_gather') AS parallel
          """;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        System.out.printf(
            Locale.ROOT,
            "dataset: %,d series; rollup_1h %,d, rollup_5m %,d, raw samples %,d rows; claims %,d,"
                + " interactions %,d, snapshots %,d (positions %,d), trades %,d, gateway"
                + " transactions %,d; %s on disk%n",
            rs.getLong("series"),
            rs.getLong("rollup_1h"),
            rs.getLong("rollup_5m"),
            rs.getLong("samples"),
            rs.getLong("claims"),
            rs.getLong("interactions"),
            rs.getLong("snapshots"),
            rs.getLong("positions"),
            rs.getLong("trades"),
            rs.getLong("gateway"),
            rs.getString("size"));
        System.out.printf(
            "server:  %s; shared_buffers %s, work_mem %s, max_parallel_workers_per_gather %s%n",
            rs.getString("version").replaceFirst(" on .*", ""),
            rs.getString("shared_buffers"),
            rs.getString("work_mem"),
            rs.getString("parallel"));
      }
    }

    record Step(String name, String sql) {}

    /** T, the dataset's end, as the loading session holds it. */
    private static final String T = "current_setting('bench.t')::timestamptz";

    static final List<Step> STEPS =
        List.of(
            new Step(
                "helpers (schema bench)",
                """
                -- a UUIDv7 of ts: ordered by time, random within the millisecond
                CREATE FUNCTION bench.uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
                    SELECT (lpad(to_hex(floor(extract(epoch FROM ts) * 1000)::bigint), 12, '0')
                            || '7' || substr(md5(random()::text), 1, 3)
                            || '8' || substr(md5(random()::text), 1, 15))::uuid
                $$;
                -- a standard normal draw
                CREATE FUNCTION bench.normal() RETURNS double precision LANGUAGE sql VOLATILE AS $$
                    SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())
                $$;
                -- a series' value at t: a price walks around its base over months, weeks and
                -- hours; a gauge follows the day; a counter grows at base per second. STABLE, as
                -- date_part on a timestamptz is: so it is inlined, not called row by row
                CREATE FUNCTION bench.value(model text, base double precision,
                                            phase double precision, t timestamptz)
                    RETURNS double precision LANGUAGE sql STABLE AS $$
                    SELECT CASE model
                        WHEN 'price' THEN base * exp(
                            0.25 * sin(2 * pi() * date_part('epoch', t) / (97 * 86400) + phase)
                          + 0.08 * sin(2 * pi() * date_part('epoch', t) / (9 * 86400) + 2 * phase)
                          + 0.03 * sin(2 * pi() * date_part('epoch', t) / (31 * 3600) + 3 * phase))
                        WHEN 'gauge' THEN base * (1
                          + 0.15 * sin(2 * pi() * date_part('epoch', t) / 86400 + phase)
                          + 0.05 * sin(2 * pi() * date_part('epoch', t) / (7 * 86400) + phase))
                        ELSE base * (date_part('epoch', t) - 1.7e9)
                    END
                $$;
                CREATE TABLE bench.protocols AS
                SELECT i, name, upper(left(name, 5)) AS token,
                       0.70 + 0.27 * random() AS success,
                       25 + (random() * 35)::int AS period_days,
                       (random() * 30)::int AS first_day,
                       10 + (random() * 10)::int AS season_days,
                       exp(ln(40) + 1.2 * bench.normal()) AS claim_median_usd,
                       exp(ln(0.3) + 1.0 * bench.normal()) AS fee_median_usd
                FROM unnest(ARRAY['zksync', 'starknet', 'scroll', 'linea', 'blast', 'eigenlayer',
                                  'layerzero', 'wormhole', 'base', 'arbitrum', 'optimism', 'taiko',
                                  'monad', 'berachain', 'celestia', 'polygon', 'mantle', 'mode',
                                  'zora', 'fuel']) WITH ORDINALITY AS p(name, i);
                CREATE TABLE bench.wallets AS
                SELECT p.i AS protocol_i, p.name AS protocol, p.token,
                       '0x' || substr(md5(p.name || w), 1, 40) AS wallet,
                       random() * 86400 AS snapshot_second
                FROM bench.protocols p, generate_series(1, 50) w;
                """),
            new Step(
                "1,000 series (equity, prices, histograms, counters, ...)",
                """
                CREATE TABLE bench.models (metric text, labels jsonb, kind text, model text,
                                           base double precision, phase double precision);
                INSERT INTO bench.models
                SELECT 'trading_equity_usd', jsonb_build_object('job', 'dropscope',
                       'instance', 'bot-' || i || ':9101'), 'gauge', 'gauge', 20000 * i, i
                FROM generate_series(1, 4) i
                UNION ALL
                SELECT 'airdrops_token_price_usd', jsonb_build_object('job', 'dropscope',
                       'instance', 'bot-1:9101', 'token', token), 'gauge', 'price', base, random() * 6
                FROM (VALUES ('ETH', 3400.0), ('BTC', 98000.0)) v(token, base)
                UNION ALL
                SELECT 'airdrops_token_price_usd', jsonb_build_object('job', 'dropscope',
                       'instance', 'bot-1:9101', 'token', token), 'gauge', 'price',
                       0.05 + random() * 3, random() * 6
                FROM bench.protocols
                UNION ALL
                SELECT 'trading_exchange_latency_seconds_bucket', jsonb_build_object('job',
                       'dropscope', 'instance', 'bot-1:9101', 'exchange', e, 'endpoint', ep, 'le', le),
                       'histogram', 'counter', 0.05 * k, 0
                FROM unnest(ARRAY['binance', 'bybit', 'okx']) e,
                     unnest(ARRAY['order', 'cancel', 'ticker', 'balance']) ep,
                     unnest(ARRAY['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1.0',
                                  '2.5', '5.0', '10.0', '+Inf']) WITH ORDINALITY AS l(le, k)
                UNION ALL
                SELECT 'airdrops_claims_total', jsonb_build_object('job', 'dropscope',
                       'instance', 'bot-1:9101', 'protocol', name, 'status', st), 'counter',
                       'counter', 0.002, 0
                FROM bench.protocols, unnest(ARRAY['success', 'failed']) st
                UNION ALL
                SELECT 'airdrops_interactions_total', jsonb_build_object('job', 'dropscope',
                       'instance', 'bot-1:9101', 'protocol', name, 'action', a), 'counter',
                       'counter', 0.01, 0
                FROM bench.protocols,
                     unnest(ARRAY['swap', 'bridge', 'stake', 'lp_add', 'mint']) a
                UNION ALL
                SELECT 'node_cpu_seconds_total', jsonb_build_object('job', 'node',
                       'instance', 'farm-1:9100', 'cpu', cpu::text, 'mode', m), 'counter',
                       'counter', 0.1, 0
                FROM generate_series(0, 1) cpu,
                     unnest(ARRAY['user', 'system', 'idle', 'iowait', 'irq', 'softirq', 'nice',
                                  'steal']) m;
                -- the rest: a balance gauge per farmed wallet, up to 1,000 series
                INSERT INTO bench.models
                SELECT 'airdrops_wallet_balance_usd', jsonb_build_object('job', 'dropscope',
                       'instance', 'bot-1:9101', 'protocol', protocol, 'wallet', wallet), 'gauge',
                       'gauge', 50 + random() * 2000, random() * 6
                FROM bench.wallets
                ORDER BY protocol_i, wallet
                LIMIT 1000 - (SELECT count(*) FROM bench.models);
                INSERT INTO dropscope.series (metric, labels, kind)
                SELECT metric, labels, kind FROM bench.models;
                ALTER TABLE bench.models ADD COLUMN series_id bigint;
                UPDATE bench.models m SET series_id = s.id
                FROM dropscope.series s WHERE s.metric = m.metric AND s.labels = m.labels;
                """),
            new Step("1-hour rollups, 365 days", rollups("rollup_1h", "1 hour", "365 days", 240)),
            new Step(
                "5-minute rollups, last 30 days", rollups("rollup_5m", "5 minutes", "30 days", 20)),
            new Step(
                "raw samples at 15 s, last 2 days",
                """
                SELECT dropscope.ensure_sample_partitions(%1$s - interval '90 days', %1$s);
                INSERT INTO dropscope.samples (series_id, ts, value)
                SELECT m.series_id, t,
                       CASE WHEN m.model = 'counter' THEN bench.value(m.model, m.base, m.phase, t)
                            ELSE bench.value(m.model, m.base, m.phase, t) * (1 + 0.002 * bench.normal())
                       END
                FROM generate_series(%1$s - interval '2 days', %1$s - interval '15 seconds',
                                     interval '15 seconds') t
                CROSS JOIN bench.models m
                WHERE coalesce(m.labels ->> 'token', '') NOT IN ('ETH', 'BTC');
                """
                    .formatted(T)),
            new Step(
                "raw ETH and BTC prices at 15 s, 90 days",
                """
                INSERT INTO dropscope.samples (series_id, ts, value)
                SELECT m.series_id, t, bench.value(m.model, m.base, m.phase, t) * (1 + 0.001 * bench.normal())
                FROM bench.models m
                CROSS JOIN generate_series(%1$s - interval '90 days', %1$s - interval '15 seconds',
                                           interval '15 seconds') t
                WHERE m.labels ->> 'token' IN ('ETH', 'BTC');
                """
                    .formatted(T)),
            new Step(
                "ALERTS: ~24 firing episodes a day, 90 days",
                """
                INSERT INTO dropscope.series (metric, labels, kind)
                SELECT 'ALERTS', labels || jsonb_build_object('alertstate', 'firing', 'job', 'dropscope'), 'gauge'
                FROM (VALUES
                    ('{"alertname": "ExporterDown", "severity": "critical", "instance": "bot-1:9101"}'::jsonb),
                    ('{"alertname": "ExporterDown", "severity": "critical", "instance": "bot-2:9101"}'),
                    ('{"alertname": "ClaimFailureRateHigh", "severity": "warning", "protocol": "blast"}'),
                    ('{"alertname": "ClaimFailureRateHigh", "severity": "warning", "protocol": "linea"}'),
                    ('{"alertname": "ClaimFailureRateHigh", "severity": "warning", "protocol": "taiko"}'),
                    ('{"alertname": "ClaimFailureRateHigh", "severity": "warning", "protocol": "mode"}'),
                    ('{"alertname": "GasPriceHigh", "severity": "info", "chain": "ethereum"}'),
                    ('{"alertname": "GasPriceHigh", "severity": "info", "chain": "arbitrum"}'),
                    ('{"alertname": "DiskAlmostFull", "severity": "warning", "mountpoint": "/"}'),
                    ('{"alertname": "TradingDrawdownHigh", "severity": "critical", "agent": "momentum"}'),
                    ('{"alertname": "EtlBehind", "severity": "warning"}'),
                    ('{"alertname": "WalletBalanceLow"}')) a(labels);
                INSERT INTO dropscope.samples (series_id, ts, value)
                SELECT e.series_id, t, 1
                FROM (SELECT (SELECT id FROM dropscope.series
                              WHERE metric = 'ALERTS' ORDER BY id OFFSET (k %% 12) LIMIT 1) AS series_id,
                             date_bin('15 seconds', %1$s - interval '90 days' + random() * interval '90 days',
                                      timestamptz '2000-01-01Z') AS start,
                             least(-ln(1 - random()) * 40, 360) * interval '1 minute' AS length
                      FROM generate_series(1, 24 * 90) k) e
                CROSS JOIN LATERAL generate_series(e.start, least(e.start + e.length,
                                                   %1$s - interval '15 seconds'),
                                                   interval '15 seconds') t
                ON CONFLICT DO NOTHING;
                INSERT INTO dropscope.watermarks (source, loaded_to) VALUES ('prometheus', %1$s);
                """
                    .formatted(T)),
            new Step(
                "claims: seasons of 20 protocols x 50 wallets",
                """
                INSERT INTO dropscope.airdrop_claims (id, ts, ingested_at, protocol, wallet, token,
                    status, amount, value_usd, fee_usd, gas_used, gas_price_gwei, chain, tx_hash)
                SELECT bench.uuid7(ts), ts, ts, protocol, wallet, token, status,
                       CASE WHEN status = 'success' THEN round(value::numeric * 3, 6) END,
                       CASE WHEN status = 'success' THEN round(value::numeric, 2) END,
                       round((fee * exp(0.3 * bench.normal()))::numeric, 4),
                       50000 + (random() * 350000)::bigint, round((5 + random() * 40)::numeric, 2),
                       'ethereum', md5(random()::text) || md5(random()::text)
                FROM (SELECT w.protocol, w.wallet, w.token, p.fee_median_usd AS fee,
                             %1$s - interval '365 days'
                                 + (p.first_day + k * p.period_days + d) * interval '1 day'
                                 + random() * interval '1 day' AS ts,
                             CASE WHEN random() < p.success THEN 'success' ELSE 'failed' END AS status,
                             p.claim_median_usd * exp(0.8 * bench.normal()) AS value
                      FROM bench.protocols p
                      CROSS JOIN generate_series(0, 20) k
                      CROSS JOIN LATERAL generate_series(0, p.season_days - 1) d
                      JOIN bench.wallets w ON w.protocol_i = p.i
                      WHERE p.first_day + k * p.period_days + d < 365 AND random() < 0.6) c;
                """
                    .formatted(T)),
            new Step(
                "interactions: ~2.5 a wallet a day",
                """
                INSERT INTO dropscope.airdrop_interactions (id, ts, ingested_at, protocol, wallet,
                    action, status, chain, fee_usd, gas_used, gas_price_gwei, duration_seconds, tx_hash)
                SELECT bench.uuid7(ts), ts, ts, protocol, wallet,
                       (ARRAY['swap', 'bridge', 'stake', 'lp_add', 'mint'])[1 + floor(random() * 5)::int],
                       CASE WHEN random() < 0.95 THEN 'success' ELSE 'failed' END, 'ethereum',
                       CASE WHEN random() < 0.99 THEN round((fee * exp(0.4 * bench.normal()))::numeric, 4) END,
                       21000 + (random() * 1500000)::bigint, round((5 + random() * 40)::numeric, 2),
                       1 + random() * 30, md5(random()::text) || md5(random()::text)
                FROM (SELECT w.protocol, w.wallet, p.fee_median_usd AS fee,
                             %1$s - (d + random()) * interval '1 day' AS ts
                      FROM bench.wallets w
                      JOIN bench.protocols p ON p.i = w.protocol_i
                      CROSS JOIN generate_series(0, 364) d
                      CROSS JOIN generate_series(1, 5) n
                      WHERE random() < 0.5) i;
                """
                    .formatted(T)),
            new Step(
                "portfolio: a daily snapshot of each of the 1,000 wallets",
                """
                CREATE TABLE bench.snapshots AS
                SELECT bench.uuid7(ts) AS id, ts, w.wallet, w.token AS own_token, w.protocol_i
                FROM bench.wallets w
                CROSS JOIN generate_series(0, 364) d
                CROSS JOIN LATERAL (SELECT %1$s - interval '365 days' + d * interval '1 day'
                                           + (w.snapshot_second + random() * 600) * interval '1 second'
                                           AS ts) t
                WHERE t.ts < %1$s;
                CREATE TABLE bench.positions AS
                SELECT s.id AS snapshot_id, k - 1 AS position, tok AS token, amount,
                       round((amount * coalesce(bench.value('price', m.base, m.phase, s.ts), 1))::numeric, 2)
                           AS value_usd
                FROM bench.snapshots s
                CROSS JOIN LATERAL unnest(ARRAY['ETH', 'USDC', s.own_token, 'BTC',
                                                (SELECT token FROM bench.protocols
                                                 WHERE i = 1 + (s.protocol_i %% 20))])
                    WITH ORDINALITY AS x(tok, k)
                CROSS JOIN LATERAL (SELECT round((CASE tok WHEN 'ETH' THEN 0.5 WHEN 'USDC' THEN 400
                                                           WHEN 'BTC' THEN 0.004 ELSE 500 END
                                                  * (1 + 0.3 * sin(extract(epoch FROM s.ts)::float8
                                                                   / (40 * 86400) + s.protocol_i + k)))
                                                 ::numeric, 6) AS amount) a
                LEFT JOIN bench.models m ON m.metric = 'airdrops_token_price_usd'
                                        AND m.labels ->> 'token' = tok;
                INSERT INTO dropscope.portfolio_snapshots (id, ts, ingested_at, wallet, total_value_usd)
                SELECT s.id, s.ts, s.ts, s.wallet, p.total
                FROM bench.snapshots s
                JOIN (SELECT snapshot_id, sum(value_usd) AS total FROM bench.positions
                      GROUP BY snapshot_id) p ON p.snapshot_id = s.id;
                INSERT INTO dropscope.portfolio_positions (snapshot_id, position, token, amount, value_usd)
                SELECT snapshot_id, position, token, amount, value_usd FROM bench.positions;
                DROP TABLE bench.snapshots, bench.positions;
                """
                    .formatted(T)),
            new Step(
                "trades: 300 a day; gateway transactions: 1,000 a day",
                """
                INSERT INTO dropscope.trades (id, ts, ingested_at, exchange, symbol, side, quantity,
                    price, pnl_usd, fee_usd, execution_seconds, agent, trade_id)
                SELECT bench.uuid7(ts), ts, ts, (ARRAY['binance', 'bybit', 'okx'])[1 + floor(random() * 3)::int],
                       (ARRAY['BTC-USDT', 'ETH-USDT', 'SOL-USDT'])[1 + floor(random() * 3)::int],
                       CASE WHEN sell THEN 'sell' ELSE 'buy' END, round((random() * 2)::numeric, 6),
                       round((100 + random() * 3000)::numeric, 2),
                       CASE WHEN sell THEN round((3 + 40 * bench.normal())::numeric, 2) END,
                       round((0.2 + random() * 3)::numeric, 4),
                       CASE WHEN random() < 0.95 THEN 0.15 * exp(0.6 * bench.normal()) END,
                       CASE WHEN random() < 0.9 THEN (ARRAY['momentum', 'mean_reversion', 'grid'])
                                                     [1 + floor(random() * 3)::int] END,
                       md5(random()::text)
                FROM (SELECT %1$s - random() * interval '365 days' AS ts, random() < 0.5 AS sell
                      FROM generate_series(1, 300 * 365)) t;
                INSERT INTO dropscope.gateway_transactions (id, ts, ingested_at, tx_type, status, chain,
                    duration_seconds, fee_usd, tx_hash, service)
                SELECT bench.uuid7(ts), ts, ts, (ARRAY['transfer', 'swap', 'bridge', 'approve'])
                                                [1 + floor(random() * 4)::int],
                       CASE WHEN random() < 0.97 THEN 'confirmed' ELSE 'failed' END,
                       (ARRAY['ethereum', 'arbitrum', 'base', 'zksync'])[1 + floor(random() * 4)::int],
                       2 + random() * 60, round((random() * 2)::numeric, 4),
                       md5(random()::text) || md5(random()::text),
                       (ARRAY['signer', 'relayer', 'rpc'])[1 + floor(random() * 3)::int]
                FROM (SELECT %1$s - random() * interval '365 days' AS ts
                      FROM generate_series(1, 1000 * 365)) t;
                """
                    .formatted(T)));

    /**
     * One rollup table for every series of bench.models: buckets of {@code size} over the last
     * {@code span} before T, {@code count} samples each.
     */
    static String rollups(String table, String size, String span, int count) {
      return """
      INSERT INTO dropscope.%1$s (series_id, bucket, min, max, avg, last, count, increase)
      SELECT m.series_id, b,
             CASE WHEN m.model = 'counter' THEN v0 ELSE least(v0, v1) * 0.995 END,
             CASE WHEN m.model = 'counter' THEN v1 ELSE greatest(v0, v1) * 1.005 END,
             (v0 + v1) / 2, v1, %5$d,
             CASE WHEN m.model = 'counter' THEN v1 - v0 END
      FROM generate_series(%4$s - interval '%3$s', %4$s - interval '%2$s', interval '%2$s') b
      CROSS JOIN bench.models m
      CROSS JOIN LATERAL (SELECT bench.value(m.model, m.base, m.phase, b) AS v0,
                                 bench.value(m.model, m.base, m.phase, b + interval '%2$s') AS v1) v;
      """
          .formatted(table, size, span, T, count);
    }
  }
}
