import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.store.Database;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Helper for bench/etl.sh, run as a single-file source program with the ETL jar on the class path
 * (for pgjdbc and the embedded PostgreSQL):
 *
 * <pre>
 * java -cp etl/target/dropscope-etl.jar bench/EtlBench.java history --series 600 --hours 6 --out FILE
 * java -cp ... bench/EtlBench.java free-port
 * java -cp ... bench/EtlBench.java raw --data-dir DIR [--rounds 3]
 * java -cp ... bench/EtlBench.java report --round SAMPLES:ETL_S:WALL_S:RAW_S:RSS_KB ...
 * </pre>
 *
 * {@code history} writes an OpenMetrics file for {@code promtool tsdb create-blocks-from
 * openmetrics}: half counters, half gauges, every 15 s, each series on its own millisecond offset,
 * and prints the first and last timestamp in seconds. {@code raw} starts the embedded PostgreSQL
 * the backfill loaded, takes the rows of {@code dropscope.samples} in the order the ETL received
 * them (hour by hour, series by series), and times a plain binary COPY of them into an indexed
 * table {@code (series_id, ts, value, primary key (series_id, ts))} in the same server.
 */
public final class EtlBench {
  static final double TARGET_RATIO = 0.5;

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("expected history, free-port, raw or report");
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    switch (args[0]) {
      case "history" -> history(rest);
      case "free-port" -> freePort();
      case "raw" -> raw(rest);
      case "report" -> System.exit(report(rest));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    if (i < 0) {
      if (fallback == null) {
        throw new IllegalArgumentException("missing " + name);
      }
      return fallback;
    }
    return args.get(i + 1);
  }

  static void history(List<String> args) throws IOException {
    int series = Integer.parseInt(option(args, "--series", "600"));
    double hours = Double.parseDouble(option(args, "--hours", "6"));
    long stepMillis = Long.parseLong(option(args, "--step", "15")) * 1000;
    Path out = Path.of(option(args, "--out", null));
    long end = (System.currentTimeMillis() / 3_600_000 - 2) * 3_600_000; // two hours back, whole
    long start = end - (long) (hours * 3_600_000);
    Random random = new Random(1);
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      int counters = series / 2;
      w.write("# TYPE dropscope_bench_requests counter\n");
      for (int i = 0; i < counters; i++) {
        String labels = "{job=\"bot\",instance=\"host-" + i % 20 + "\",route=\"r" + i + "\"}";
        long v = 0;
        for (long t = start + i % 1000 + 1; t <= end; t += stepMillis) {
          v += random.nextInt(50);
          w.write("dropscope_bench_requests_total" + labels + " " + v + " " + seconds(t) + "\n");
        }
      }
      w.write("# TYPE dropscope_bench_balance gauge\n");
      for (int i = 0; i < series - counters; i++) {
        String labels = "{job=\"bot\",wallet=\"0x" + Integer.toHexString(0x1000 + i) + "\"}";
        for (long t = start + (i * 7) % 1000 + 1; t <= end; t += stepMillis) {
          double v = random.nextInt(100_000_000) / 1000.0;
          w.write("dropscope_bench_balance" + labels + " " + v + " " + seconds(t) + "\n");
        }
      }
      w.write("# EOF\n");
    }
    System.out.println(start / 1000 + " " + end / 1000);
  }

  static String seconds(long millis) {
    return millis / 1000 + "." + String.format("%03d", millis % 1000);
  }

  static void freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      System.out.println(s.getLocalPort());
    }
  }

  /** Prints "ROWS SECONDS" for the median of the rounds. */
  static void raw(List<String> args) throws Exception {
    Path dataDir = Path.of(option(args, "--data-dir", null));
    int rounds = Integer.parseInt(option(args, "--rounds", "3"));
    System.setProperty("org.jooq.no-logo", "true");
    try (Database db =
            Database.open(
                new DatabaseConfig(null, null, null, dataDir), ReaderConfig.defaults(), Map.of());
        Connection c = db.connection();
        Statement s = c.createStatement()) {
      ByteArrayOutputStream rows = new ByteArrayOutputStream();
      long exported =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyOut(
                  "COPY (SELECT series_id, ts, value FROM dropscope.samples"
                      + " ORDER BY date_bin('1 hour', ts, timestamptz '2000-01-01Z'), series_id, ts)"
                      + " TO STDOUT (FORMAT binary)",
                  rows);
      byte[] bytes = rows.toByteArray();
      List<Double> times = new ArrayList<>();
      long copied = 0;
      for (int round = 0; round < rounds; round++) {
        s.execute("DROP TABLE IF EXISTS public.bench_raw");
        s.execute(
            "CREATE TABLE public.bench_raw (series_id bigint, ts timestamptz,"
                + " value double precision, PRIMARY KEY (series_id, ts))");
        s.execute("CHECKPOINT"); // each round starts from the same clean state
        long t0 = System.nanoTime();
        CopyIn in =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY public.bench_raw FROM STDIN (FORMAT binary)");
        for (int off = 0; off < bytes.length; off += 256 * 1024) {
          in.writeToCopy(bytes, off, Math.min(256 * 1024, bytes.length - off));
        }
        copied = in.endCopy();
        times.add((System.nanoTime() - t0) / 1e9);
      }
      s.execute("DROP TABLE public.bench_raw");
      if (copied != exported) {
        throw new IllegalStateException("exported " + exported + " rows, copied " + copied);
      }
      List<Double> sorted = times.stream().sorted().toList();
      System.err.printf(Locale.ROOT, "raw COPY rounds: %s s%n", times);
      System.out.printf(Locale.ROOT, "%d %.3f%n", copied, sorted.get(sorted.size() / 2));
    }
  }

  /** One round: samples, ETL loading seconds, ETL process seconds, raw COPY seconds, RSS KiB. */
  record Round(long samples, double etl, double wall, double raw, long rssKb) {
    static Round parse(String text) {
      String[] f = text.split(":");
      return new Round(
          Long.parseLong(f[0]),
          Double.parseDouble(f[1]),
          Double.parseDouble(f[2]),
          Double.parseDouble(f[3]),
          Long.parseLong(f[4]));
    }
  }

  static int report(List<String> args) {
    List<Round> rounds = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--round")) {
        rounds.add(Round.parse(args.get(++i)));
      }
    }
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no --round given");
    }
    long samples = rounds.getFirst().samples();
    double etl = median(rounds.stream().map(Round::etl).toList());
    double wall = median(rounds.stream().map(Round::wall).toList());
    double raw = median(rounds.stream().map(Round::raw).toList());
    long rssKb = rounds.stream().mapToLong(Round::rssKb).max().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "%-44s %10s %9s %11s %8s%n",
        "median of " + rounds.size() + " rounds",
        "samples",
        "seconds",
        "samples/s",
        "peak MB");
    row("etl backfill, loading (from the first window)", samples, etl, String.format(Locale.ROOT, "%.1f", rssKb / 1024.0));
    row("etl backfill, whole process (JVM, PostgreSQL)", samples, wall, "");
    row("raw binary COPY into an indexed table", samples, raw, "");
    double ratio = raw / etl;
    List<String> perRound =
        rounds.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.raw() / r.etl())).toList();
    boolean pass = ratio >= TARGET_RATIO;
    System.out.printf(
        Locale.ROOT,
        "%nratio etl loading / raw COPY: %.2f (rounds: %s; target >= %.2f)  %s%n",
        ratio,
        String.join(", ", perRound),
        TARGET_RATIO,
        pass ? "PASS" : "FAIL");
    return pass ? 0 : 1;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static void row(String what, long samples, double seconds, String rss) {
    System.out.printf(
        Locale.ROOT, "%-44s %,10d %9.2f %,11.0f %8s%n", what, samples, seconds, samples / seconds, rss);
  }
}
