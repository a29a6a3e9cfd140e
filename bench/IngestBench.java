import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

/**
 * Load client for bench/ingest.sh: posts pre-generated airdrops events to the exporter's ingest API
 * (batched NDJSON or one event a request) or small text expositions to a Pushgateway, over
 * keep-alive connections for a fixed time, while another connection scrapes /metrics once a second
 * the way Prometheus does. Each run writes its figures to a file; {@code report} prints them side by
 * side with PASS/FAIL.
 *
 * <pre>
 * java bench/IngestBench.java free-ports 2
 * java bench/IngestBench.java batch  --target PORT:PID --components 10 --out FILE [--batch 1000]
 * java bench/IngestBench.java single --target PORT:PID --out FILE
 * java bench/IngestBench.java push   --target PORT:PID --groups 1000 --out FILE
 *     common: [--connections 2] [--warmup 10] [--duration 20] [--clk-tck 100] [--wait-seconds 60]
 * java bench/IngestBench.java report FILE...
 * </pre>
 *
 * Every event carries a unique idempotency key (as the simulator's do), so the exporter's dedup
 * never drops a re-sent template: ids are patched into the pre-built bytes before each send. JDK
 * classes only, so it runs as a single-file source program on any JDK 21+.
 */
public final class IngestBench {
  static final String SCRAPE_ACCEPT =
      "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
          + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

  /** The issue's targets. */
  static final double TARGET_EVENTS_PER_SECOND = 100_000;

  static final double FLAT_RATIO = 0.8;

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage("missing command");
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    int status;
    switch (args[0]) {
      case "free-ports" -> {
        freePorts(rest.length > 0 ? Integer.parseInt(rest[0]) : 1);
        status = 0;
      }
      case "batch", "single", "push" -> {
        Options o = Options.parse(args[0], rest);
        try {
          status = measure(o);
        } catch (Exception e) {
          System.err.println("IngestBench: " + args[0] + ": " + e);
          status = 2;
        }
      }
      case "report" -> status = report(rest);
      default -> {
        usage("unknown command '" + args[0] + "'");
        status = 2;
      }
    }
    System.exit(status);
  }

  static void usage(String why) {
    System.err.println("IngestBench: " + why);
    System.err.println(
        "usage: IngestBench free-ports N | batch|single|push --target PORT:PID --out FILE"
            + " [--components N] [--groups N] [--batch N] [--connections N] [--warmup S]"
            + " [--duration S] [--clk-tck N] [--wait-seconds N] | report FILE...");
    System.exit(2);
  }

  /** Prints N loopback ports that were free a moment ago (bound, then released together). */
  static void freePorts(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        held.add(s);
      }
      held.forEach(s -> System.out.println(s.getLocalPort()));
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  record Options(
      String mode,
      int port,
      long pid,
      int components,
      int groups,
      int batch,
      int connections,
      int warmupSeconds,
      int durationSeconds,
      long clkTck,
      int waitSeconds,
      Path out) {
    static Options parse(String mode, String[] a) {
      int port = -1;
      long pid = -1;
      int components = 10;
      int groups = 10;
      int batch = 1000;
      int connections = 2;
      int warmup = 10;
      int duration = 20;
      long clkTck = 100;
      int wait = 60;
      Path out = null;
      for (int i = 0; i < a.length; i += 2) {
        String v = i + 1 < a.length ? a[i + 1] : null;
        if (v == null) {
          usage(a[i] + " needs a value");
        }
        switch (a[i]) {
          case "--target" -> {
            String[] portPid = v.split(":", 2);
            port = Integer.parseInt(portPid[0]);
            pid = Long.parseLong(portPid[1]);
          }
          case "--components" -> components = Integer.parseInt(v);
          case "--groups" -> groups = Integer.parseInt(v);
          case "--batch" -> batch = Integer.parseInt(v);
          case "--connections" -> connections = Integer.parseInt(v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--duration" -> duration = Integer.parseInt(v);
          case "--clk-tck" -> clkTck = Long.parseLong(v);
          case "--wait-seconds" -> wait = Integer.parseInt(v);
          case "--out" -> out = Path.of(v);
          default -> usage("unknown option " + a[i]);
        }
      }
      if (port < 0 || out == null) {
        usage(mode + " needs --target PORT:PID and --out FILE");
      }
      if (components < 1 || groups < 1 || batch < 1 || connections < 1 || duration < 1) {
        usage("--components, --groups, --batch, --connections and --duration must be positive");
      }
      return new Options(
          mode,
          port,
          pid,
          components,
          groups,
          batch,
          connections,
          warmup,
          duration,
          clkTck,
          wait,
          out);
    }
  }

  // ---- workloads -------------------------------------------------------------------------------

  /**
   * Pre-built requests: the whole HTTP request (head and body) as bytes, with the offsets of the
   * fixed-width id digits to patch before each send so every event is new to the exporter's dedup.
   */
  record Request(byte[] bytes, int[] idDigits, int units) {}

  record Workload(
      String label, String unit, String path, List<Request> requests, int unitsPerRequest) {}

  static final String[] COMPONENT_KINDS = {
    "scheduler", "risk_manager", "capital_allocator", "claimer", "portfolio_tracker"
  };
  static final String[] ACTIONS = {
    "swap", "bridge", "stake", "unstake", "lp_add", "lp_remove", "mint", "vote", "deposit",
    "withdraw", "other"
  };
  static final String[] CHAINS = {
    "ethereum", "arbitrum", "optimism", "base", "zksync", "linea", "scroll", "starknet"
  };
  static final String[] TASKS = {
    "farm_swaps", "farm_bridges", "farm_staking", "farm_lp", "claim_check", "price_update",
    "rebalance", "portfolio_sync", "gas_watch", "nonce_repair", "health_report", "wallet_warmup"
  };
  static final int ID_DIGITS = 12;

  /**
   * The airdrops bot's events with {@code n} distinct values each of protocol (each with its own
   * token and two actions), wallet and component: 25% claims and 30% interactions (both journaled),
   * 20% tasks, 15% heartbeats and 10% prices.
   */
  static final class Airdrops {
    final String[] protocols;
    final String[] tokens;
    final String[][] actions;
    final String[] chains;
    final String[] wallets;
    final String[] components;
    final String runPrefix;
    final Random rnd;

    Airdrops(int n, long seed) {
      rnd = new Random(seed);
      protocols = new String[n];
      tokens = new String[n];
      actions = new String[n][];
      chains = new String[n];
      wallets = new String[n];
      components = new String[n];
      for (int i = 0; i < n; i++) {
        protocols[i] = String.format(Locale.ROOT, "protocol_%04d", i);
        tokens[i] = String.format(Locale.ROOT, "TK%04d", i);
        int a = rnd.nextInt(ACTIONS.length);
        actions[i] = new String[] {ACTIONS[a], ACTIONS[(a + 1 + rnd.nextInt(3)) % ACTIONS.length]};
        chains[i] = CHAINS[rnd.nextInt(CHAINS.length)];
        wallets[i] = "0x" + hex(40);
        components[i] = COMPONENT_KINDS[i % COMPONENT_KINDS.length] + "-" + i / COMPONENT_KINDS.length;
      }
      // Unique per run: a template re-sent to the same exporter still carries new ids.
      runPrefix = "ib-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 32) + "-";
    }

    String hex(int digits) {
      StringBuilder sb = new StringBuilder(digits);
      for (int i = 0; i < digits; i++) {
        sb.append(Character.forDigit(rnd.nextInt(16), 16));
      }
      return sb.toString();
    }

    /**
     * Appends one event as a JSON object (no newline) and returns the offset of its id digits.
     * {@code base} is the offset the text will have in the request bytes.
     */
    int event(StringBuilder sb, int base, Instant ts) {
      int p = rnd.nextInt(protocols.length);
      int roll = rnd.nextInt(100);
      String type =
          roll < 25
              ? "claim"
              : roll < 55 ? "interaction" : roll < 75 ? "task" : roll < 90 ? "heartbeat" : "price";
      sb.append("{\"type\":\"airdrops.").append(type).append("\",\"ts\":\"").append(ts);
      sb.append("\",\"id\":\"").append(runPrefix);
      int digits = base + sb.length();
      sb.append("0".repeat(ID_DIGITS)).append('"');
      switch (type) {
        case "claim" -> {
          boolean ok = rnd.nextInt(100) < 85;
          double amount = round(10 + rnd.nextDouble() * 5000, 6);
          str(sb, "protocol", protocols[p]);
          str(sb, "wallet", wallets[rnd.nextInt(wallets.length)]);
          str(sb, "token", tokens[p]);
          str(sb, "status", ok ? "success" : "failed");
          if (ok) {
            num(sb, "amount", amount);
            num(sb, "value_usd", round(amount * rnd.nextDouble() * 3, 2));
          }
          gas(sb, chains[p]);
        }
        case "interaction" -> {
          boolean ok = rnd.nextInt(100) < 93;
          str(sb, "protocol", protocols[p]);
          str(sb, "wallet", wallets[rnd.nextInt(wallets.length)]);
          str(sb, "action", actions[p][rnd.nextInt(2)]);
          str(sb, "status", ok ? "success" : "failed");
          num(sb, "duration_seconds", round(0.4 + rnd.nextDouble() * 40, 3));
          gas(sb, chains[p]);
        }
        case "task" -> {
          int r = rnd.nextInt(100);
          str(sb, "task", TASKS[rnd.nextInt(TASKS.length)]);
          str(sb, "status", r < 90 ? "success" : r < 95 ? "failed" : r < 98 ? "skipped" : "timeout");
          num(sb, "duration_seconds", round(rnd.nextDouble() * 120, 3));
        }
        case "heartbeat" -> {
          str(sb, "component", components[rnd.nextInt(components.length)]);
          str(sb, "status", rnd.nextInt(100) < 97 ? "up" : "degraded");
        }
        default -> {
          str(sb, "token", tokens[p]);
          num(sb, "usd", round(0.01 + rnd.nextDouble() * 50, 6));
        }
      }
      sb.append('}');
      return digits;
    }

    void gas(StringBuilder sb, String chain) {
      long used = 60_000 + rnd.nextInt(400_000);
      double gwei = round(0.01 + rnd.nextDouble() * 40, 3);
      num(sb, "fee_usd", round(used * gwei * 1e-9 * 3000, 4));
      sb.append(",\"gas_used\":").append(used);
      num(sb, "gas_price_gwei", gwei);
      str(sb, "chain", chain);
      str(sb, "tx_hash", "0x" + hex(64));
      sb.append(",\"block_number\":").append(18_000_000 + rnd.nextInt(2_000_000));
    }

    static void str(StringBuilder sb, String name, String value) {
      sb.append(",\"").append(name).append("\":\"").append(value).append('"');
    }

    static void num(StringBuilder sb, String name, double value) {
      sb.append(",\"").append(name).append("\":").append(value);
    }

    static double round(double v, int places) {
      double f = Math.pow(10, places);
      return Math.round(v * f) / f;
    }
  }

  static String postHead(int port, String contentType, int length) {
    return "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:"
        + port
        + "\r\nUser-Agent: dropscope-ingestbench\r\nContent-Type: "
        + contentType
        + "\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  /** {@code templates} NDJSON batches of {@code batch} events each. */
  static Workload batches(int port, int components, int batch, int templates) {
    Airdrops gen = new Airdrops(components, 42);
    Instant now = Instant.now();
    List<Request> out = new ArrayList<>(templates);
    for (int t = 0; t < templates; t++) {
      StringBuilder body = new StringBuilder(batch * 420);
      int[] digits = new int[batch];
      for (int i = 0; i < batch; i++) {
        // ts: the last minute, millisecond precision, RFC 3339 as the simulator sends it
        digits[i] = gen.event(body, 0, now.minusMillis(gen.rnd.nextInt(60_000)));
        body.append('\n');
      }
      byte[] bodyBytes = body.toString().getBytes(StandardCharsets.UTF_8);
      byte[] head =
          postHead(port, "application/x-ndjson", bodyBytes.length)
              .getBytes(StandardCharsets.US_ASCII);
      out.add(new Request(concat(head, bodyBytes), shift(digits, head.length), batch));
    }
    return new Workload(
        "dropscope NDJSON x" + batch + ", " + components + " comp.",
        "events",
        "/api/v1/events",
        out,
        batch);
  }

  /** One JSON event a request. */
  static Workload singles(int port, int components, int templates) {
    Airdrops gen = new Airdrops(components, 43);
    Instant now = Instant.now();
    List<Request> out = new ArrayList<>(templates);
    for (int t = 0; t < templates; t++) {
      StringBuilder body = new StringBuilder(512);
      int digit = gen.event(body, 0, now.minusMillis(gen.rnd.nextInt(60_000)));
      byte[] bodyBytes = body.toString().getBytes(StandardCharsets.UTF_8);
      byte[] head =
          postHead(port, "application/json", bodyBytes.length).getBytes(StandardCharsets.US_ASCII);
      out.add(new Request(concat(head, bodyBytes), new int[] {head.length + digit}, 1));
    }
    return new Workload(
        "dropscope single-event JSON", "requests", "/api/v1/events", out, 1);
  }

  /** A PUT of five metrics to each of {@code groups} job/instance groups. */
  static Workload pushes(int port, int groups) {
    Random rnd = new Random(44);
    List<Request> out = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      String body =
          String.format(
              Locale.ROOT,
              "# TYPE bot_claims_total counter\nbot_claims_total{status=\"success\"} %d\n"
                  + "# TYPE bot_fees_usd_total counter\nbot_fees_usd_total %.4f\n"
                  + "# TYPE bot_gas_used_total counter\nbot_gas_used_total %d\n"
                  + "# TYPE bot_component_up gauge\nbot_component_up 1\n"
                  + "# TYPE bot_last_run_timestamp_seconds gauge\nbot_last_run_timestamp_seconds %.3f\n",
              rnd.nextInt(10_000),
              rnd.nextDouble() * 1000,
              rnd.nextInt(100_000_000),
              System.currentTimeMillis() / 1000.0);
      byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
      String head =
          String.format(
              Locale.ROOT,
              "PUT /metrics/job/airdrops_bot/instance/worker-%04d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                  + "User-Agent: dropscope-ingestbench\r\n"
                  + "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                  + "Content-Length: %d\r\n\r\n",
              g,
              port,
              bodyBytes.length);
      out.add(new Request(concat(head.getBytes(StandardCharsets.US_ASCII), bodyBytes), new int[0], 1));
    }
    return new Workload(
        "pushgateway PUT x5 metrics, " + groups + " groups", "pushes", "/metrics/job/...", out, 1);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static int[] shift(int[] offsets, int by) {
    int[] out = new int[offsets.length];
    for (int i = 0; i < offsets.length; i++) {
      out[i] = offsets[i] + by;
    }
    return out;
  }

  /** Writes {@code n} as ID_DIGITS decimal digits at {@code at}. */
  static void patchId(byte[] b, int at, long n) {
    for (int i = at + ID_DIGITS - 1; i >= at; i--) {
      b[i] = (byte) ('0' + n % 10);
      n /= 10;
    }
  }

  // ---- the run ---------------------------------------------------------------------------------

  /** A growable array of longs: latencies of one thread. */
  static final class Longs {
    long[] a = new long[1024];
    int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    long[] sorted(Longs... more) {
      int total = n;
      for (Longs m : more) {
        total += m.n;
      }
      long[] out = Arrays.copyOf(a, total);
      int at = n;
      for (Longs m : more) {
        System.arraycopy(m.a, 0, out, at, m.n);
        at += m.n;
      }
      Arrays.sort(out);
      return out;
    }
  }

  /** What one sender measured inside the window. */
  static final class SenderStats {
    final Longs latency = new Longs();
    final long[] unitsPerSecond;
    long units;
    long requests;
    long unitsTotal; // warm-up included

    SenderStats(int seconds) {
      unitsPerSecond = new long[seconds];
    }
  }

  static int measure(Options o) throws Exception {
    Workload w =
        switch (o.mode) {
          case "batch" -> batches(o.port, o.components, o.batch, 48);
          case "single" -> singles(o.port, o.components, 1000);
          default -> pushes(o.port, o.groups);
        };
    waitUntilServing(o);
    if (o.mode.equals("push")) {
      // every group exists before the clock starts
      try (Conn c = new Conn(o.port)) {
        for (Request r : w.requests()) {
          c.send(r.bytes(), r.bytes().length);
        }
      }
    }
    long warmupNanos = o.warmupSeconds * 1_000_000_000L;
    long durationNanos = o.durationSeconds * 1_000_000_000L;
    long start = System.nanoTime() + 200_000_000L; // let every thread get going
    long windowStart = start + warmupNanos;
    long windowEnd = windowStart + durationNanos;
    AtomicLong nextId = new AtomicLong(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();

    SenderStats[] stats = new SenderStats[o.connections];
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < o.connections; k++) {
      SenderStats s = stats[k] = new SenderStats(o.durationSeconds);
      int first = k;
      threads.add(
          Thread.ofPlatform()
              .name("sender-" + k)
              .start(
                  () -> {
                    try {
                      send(o, w, first, s, nextId, start, windowStart, windowEnd, failure);
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    Longs scrapeNanos = new Longs();
    long[] scrapeBytes = new long[1];
    threads.add(
        Thread.ofPlatform()
            .name("scraper")
            .start(
                () -> {
                  try {
                    scrapeEverySecond(o.port, start, windowStart, windowEnd, scrapeNanos, scrapeBytes, failure);
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                }));

    sleepUntil(windowStart);
    long cpu0 = cpuTicks(o.pid);
    long self0 = cpuTicks(ProcessHandle.current().pid());
    sleepUntil(windowEnd);
    long cpu1 = cpuTicks(o.pid);
    long self1 = cpuTicks(ProcessHandle.current().pid());
    double rssMb = statusKb(o.pid, "VmRSS") / 1024.0;
    double hwmMb = statusKb(o.pid, "VmHWM") / 1024.0;
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IOException("the run failed: " + failure.get(), failure.get());
    }

    long[] perSecond = new long[o.durationSeconds];
    long units = 0;
    long requests = 0;
    long unitsTotal = 0;
    for (SenderStats s : stats) {
      for (int i = 0; i < perSecond.length; i++) {
        perSecond[i] += s.unitsPerSecond[i];
      }
      units += s.units;
      requests += s.requests;
      unitsTotal += s.unitsTotal;
    }
    long[] lat =
        stats[0].latency.sorted(
            Arrays.stream(stats).skip(1).map(s -> s.latency).toArray(Longs[]::new));
    long[] scrapes = scrapeNanos.sorted();
    long[] rates = perSecond.clone();
    Arrays.sort(rates);

    Map<String, String> r = new LinkedHashMap<>();
    r.put("mode", o.mode);
    r.put("label", w.label());
    r.put("unit", w.unit());
    r.put("connections", Integer.toString(o.connections));
    r.put("per_request", Integer.toString(w.unitsPerRequest()));
    r.put("warmup_s", Integer.toString(o.warmupSeconds));
    r.put("duration_s", Integer.toString(o.durationSeconds));
    r.put("requests", Long.toString(requests));
    r.put("units", Long.toString(units));
    r.put("median_rate", Double.toString(median(rates)));
    r.put("min_rate", Long.toString(rates[0]));
    r.put("overall_rate", Double.toString(units * 1e9 / durationNanos));
    r.put("p50_ms", ms(percentile(lat, 50)));
    r.put("p99_ms", ms(percentile(lat, 99)));
    r.put("max_ms", ms(lat.length > 0 ? lat[lat.length - 1] : 0));
    r.put("scrapes", Integer.toString(scrapes.length));
    r.put("scrape_p50_ms", ms(percentile(scrapes, 50)));
    r.put("scrape_max_ms", ms(scrapes.length > 0 ? scrapes[scrapes.length - 1] : 0));
    r.put(
        "scrape_kb",
        String.format(Locale.ROOT, "%.1f", scrapes.length > 0 ? scrapeBytes[0] / 1024.0 / scrapes.length : 0));
    r.put("cpu_pct", pct(cpu1 - cpu0, o.clkTck, durationNanos));
    r.put(
        "cpu_us_per_unit",
        String.format(
            Locale.ROOT, "%.1f", units == 0 ? 0 : (cpu1 - cpu0) * 1e6 / o.clkTck / units));
    r.put("client_cpu_pct", pct(self1 - self0, o.clkTck, durationNanos));
    r.put("rss_mb", String.format(Locale.ROOT, "%.1f", rssMb));
    r.put("hwm_mb", String.format(Locale.ROOT, "%.1f", hwmMb));
    r.put("sent_total", Long.toString(unitsTotal));
    Map<String, Double> after = scrapeValues(o.port);
    r.put("samples", Long.toString(Math.round(after.getOrDefault("#samples", 0.0))));
    if (!o.mode.equals("push")) {
      r.put("exporter_accepted", num(after.get("dropscope_events_accepted_total")));
      r.put("exporter_journaled", num(after.get("dropscope_journal_records_total")));
      r.put("exporter_fsyncs", num(after.get("dropscope_journal_fsyncs_total")));
      r.put("exporter_series", num(after.get("dropscope_series")));
      r.put("exporter_rejected", num(after.get("dropscope_events_rejected_total")));
      r.put("exporter_duplicates", num(after.get("dropscope_events_duplicate_total")));
    }
    StringBuilder text = new StringBuilder();
    r.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.writeString(o.out, text);
    System.err.printf(
        Locale.ROOT,
        "  %-44s median %,.0f %s/s, overall %,.0f/s, p50 %s ms, p99 %s ms, scrape p50 %s ms%n",
        w.label(),
        Double.parseDouble(r.get("median_rate")),
        w.unit(),
        Double.parseDouble(r.get("overall_rate")),
        r.get("p50_ms"),
        r.get("p99_ms"),
        r.get("scrape_p50_ms"));
    return 0;
  }

  /** One connection's loop: send, read the answer, count it when it completed in the window. */
  static void send(
      Options o,
      Workload w,
      int first,
      SenderStats s,
      AtomicLong nextId,
      long start,
      long windowStart,
      long windowEnd,
      AtomicReference<Throwable> failure)
      throws Exception {
    List<Request> requests = w.requests();
    int max = requests.stream().mapToInt(r -> r.bytes().length).max().orElse(0);
    byte[] buf = new byte[max];
    sleepUntil(start);
    try (Conn c = new Conn(o.port)) {
      int next = first;
      while (failure.get() == null) {
        long now = System.nanoTime();
        if (now >= windowEnd) {
          return;
        }
        Request r = requests.get(next % requests.size());
        next += o.connections;
        System.arraycopy(r.bytes(), 0, buf, 0, r.bytes().length);
        int[] digits = r.idDigits();
        long id = nextId.getAndAdd(digits.length);
        for (int i = 0; i < digits.length; i++) {
          patchId(buf, digits[i], id + i);
        }
        long t0 = System.nanoTime();
        Conn.Answer a = c.send(buf, r.bytes().length);
        long t1 = System.nanoTime();
        check(w, r, a);
        s.unitsTotal += r.units();
        if (t0 >= windowStart && t1 < windowEnd) {
          s.latency.add(t1 - t0);
        }
        if (t1 >= windowStart && t1 < windowEnd) {
          s.unitsPerSecond[(int) ((t1 - windowStart) / 1_000_000_000L)] += r.units();
          s.units += r.units();
          s.requests++;
        }
      }
    }
  }

  /** The answer must be a success that accepted every event (none taken for a duplicate). */
  static void check(Workload w, Request r, Conn.Answer a) throws IOException {
    boolean ok =
        w.unit().equals("pushes")
            ? a.status() / 100 == 2
            : a.status() == 202 && a.body().equals("{\"accepted\":" + r.units() + "}");
    if (!ok) {
      throw new IOException(
          "POST/PUT answered " + a.status() + " " + a.body().substring(0, Math.min(300, a.body().length())));
    }
  }

  static void scrapeEverySecond(
      int port,
      long start,
      long windowStart,
      long windowEnd,
      Longs nanos,
      long[] bytes,
      AtomicReference<Throwable> failure)
      throws Exception {
    try (Conn c = new Conn(port)) {
      byte[] request =
          ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nUser-Agent: Prometheus/2.42.0\r\nAccept: "
                  + SCRAPE_ACCEPT
                  + "\r\nAccept-Encoding: gzip\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      for (long at = start; at < windowEnd && failure.get() == null; at += 1_000_000_000L) {
        sleepUntil(at);
        long t0 = System.nanoTime();
        Conn.Answer a = c.send(request, request.length);
        long t1 = System.nanoTime();
        if (a.status() != 200) {
          throw new IOException("/metrics answered " + a.status());
        }
        if (t0 >= windowStart && t1 < windowEnd) {
          nanos.add(t1 - t0);
          bytes[0] += a.bodyBytes();
        }
      }
    }
  }

  /**
   * The uncompressed exposition after the run: sample count, and the sums of a few exporter series
   * (all label sets of a name together), to check the exporter counted what the client sent.
   */
  static Map<String, Double> scrapeValues(int port) throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    try (Conn c = new Conn(port)) {
      c.keepBody = true;
      byte[] request =
          ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/plain\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      Conn.Answer a = c.send(request, request.length);
      String text = new String(a.kept(), StandardCharsets.UTF_8);
      long samples = 0;
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        samples++;
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
        try {
          out.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
        } catch (NumberFormatException e) {
          // a timestamp or an unusual value: not one we check
        }
      }
      out.put("#samples", (double) samples);
    }
    return out;
  }

  static void waitUntilServing(Options o) throws Exception {
    long deadline = System.nanoTime() + o.waitSeconds * 1_000_000_000L;
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!Files.exists(Path.of("/proc", Long.toString(o.pid)))) {
        throw new IOException("pid " + o.pid + " exited before serving /metrics");
      }
      try {
        scrapeValues(o.port);
        return;
      } catch (IOException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IOException(
        "nothing served /metrics on 127.0.0.1:" + o.port + " within " + o.waitSeconds + " s", last);
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  // ---- figures ---------------------------------------------------------------------------------

  static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  static String pct(long ticks, long clkTck, long nanos) {
    return String.format(Locale.ROOT, "%.0f", ticks * 100.0 / clkTck / (nanos / 1e9));
  }

  static String num(Double d) {
    return d == null ? "" : String.format(Locale.ROOT, "%.0f", d);
  }

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** A numeric field of /proc/PID/status in kB. */
  static long statusKb(long pid, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(key + ":")) {
        return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no " + key + " in /proc/" + pid + "/status");
  }

  // ---- report ----------------------------------------------------------------------------------

  static Map<String, String> load(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }

  static int report(String[] files) throws IOException {
    List<Map<String, String>> runs = new ArrayList<>();
    for (String f : files) {
      Path p = Path.of(f);
      if (Files.exists(p)) {
        runs.add(load(p));
      }
    }
    if (runs.isEmpty()) {
      System.err.println("IngestBench: no results to report");
      return 2;
    }
    System.out.printf(
        Locale.ROOT,
        "%-38s %5s %9s %11s %11s %8s %8s %9s %8s %6s %7s %7s %7s%n",
        "scenario",
        "conns",
        "unit",
        "median/s",
        "overall/s",
        "p50 ms",
        "p99 ms",
        "scrape ms",
        "samples",
        "CPU %",
        "RSS MB",
        "peak MB",
        "client%");
    for (Map<String, String> r : runs) {
      System.out.printf(
          Locale.ROOT,
          "%-38s %5s %9s %,11.0f %,11.0f %8s %8s %9s %8s %6s %7s %7s %7s%n",
          r.get("label"),
          r.get("connections"),
          r.get("unit"),
          Double.parseDouble(r.get("median_rate")),
          Double.parseDouble(r.get("overall_rate")),
          r.get("p50_ms"),
          r.get("p99_ms"),
          r.get("scrape_p50_ms"),
          r.get("samples"),
          r.get("cpu_pct"),
          r.get("rss_mb"),
          r.get("hwm_mb"),
          r.get("client_cpu_pct"));
    }
    System.out.println();
    System.out.println(
        "median/s: median of the per-second rates over the measured window; overall/s: all units"
            + " / window.\nscrape ms: p50 of one Prometheus-style gzip scrape a second during the"
            + " load; samples: after the run.\nCPU %: the server process over the window (200 = both"
            + " cores); client%: this load client. Latencies are per request.");
    for (Map<String, String> r : runs) {
      if (r.containsKey("exporter_accepted")) {
        System.out.printf(
            Locale.ROOT,
            "  %s: client sent %s, exporter accepted %s, journaled %s with %s fsyncs,"
                + " rejected %s, duplicates %s, pack series %s%n",
            r.get("label"),
            r.get("sent_total"),
            r.get("exporter_accepted"),
            r.get("exporter_journaled"),
            r.get("exporter_fsyncs"),
            blankZero(r.get("exporter_rejected")),
            blankZero(r.get("exporter_duplicates")),
            r.get("exporter_series"));
      }
    }
    String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
    System.out.printf("load average at the end: %s %s %s%n%n", load[0], load[1], load[2]);

    List<Map<String, String>> batch =
        runs.stream().filter(r -> r.get("mode").equals("batch")).toList();
    if (batch.isEmpty()) {
      return 0;
    }
    boolean ok = true;
    for (Map<String, String> r : batch) {
      double median = Double.parseDouble(r.get("median_rate"));
      boolean pass = median >= TARGET_EVENTS_PER_SECOND;
      ok &= pass;
      System.out.printf(
          Locale.ROOT,
          "%-38s median %,9.0f events/s (target >= %,.0f)  %s%n",
          r.get("label"),
          median,
          TARGET_EVENTS_PER_SECOND,
          pass ? "PASS" : "FAIL");
    }
    if (batch.size() >= 2) {
      double low = Double.parseDouble(batch.getFirst().get("median_rate"));
      double high = Double.parseDouble(batch.getLast().get("median_rate"));
      double ratio = high / low;
      boolean flat = ratio >= FLAT_RATIO;
      ok &= flat;
      System.out.printf(
          Locale.ROOT,
          "flat: %s / %s = %.2f (target >= %.2f)  %s%n",
          batch.getLast().get("label"),
          batch.getFirst().get("label"),
          ratio,
          FLAT_RATIO,
          flat ? "PASS" : "FAIL");
    }
    return ok ? 0 : 1;
  }

  static String blankZero(String s) {
    return s == null || s.isEmpty() ? "0" : s;
  }

  // ---- HTTP/1.1 on one socket ------------------------------------------------------------------

  /**
   * A minimal keep-alive HTTP/1.1 client: writes a pre-built request, reads the status line, the
   * headers and the body by Content-Length or chunked encoding; keeps short bodies as text.
   */
  static final class Conn implements AutoCloseable {
    record Answer(int status, String body, long bodyBytes, byte[] kept) {}

    private final int port;
    private final byte[] buf = new byte[64 * 1024];
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    boolean keepBody;

    Conn(int port) throws IOException {
      this.port = port;
      connect();
    }

    private void connect() throws IOException {
      close();
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
    }

    Answer send(byte[] request, int length) throws IOException {
      out.write(request, 0, length);
      out.flush();
      String status = line();
      if (status == null) {
        throw new EOFException("127.0.0.1:" + port + " closed the connection before answering");
      }
      String[] parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP status line: '" + status + "'");
      }
      int code = Integer.parseInt(parts[1]);
      long contentLength = -1;
      boolean chunked = false;
      boolean close = false;
      boolean gzip = false;
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          contentLength = Long.parseLong(h.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        } else if (lower.startsWith("content-encoding:") && lower.contains("gzip")) {
          gzip = true;
        }
      }
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      long read = 0;
      if (chunked) {
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
          read += body(size, kept);
          line();
        }
        for (String t = line(); t != null && !t.isEmpty(); t = line()) {}
      } else if (contentLength >= 0) {
        read = body(contentLength, kept);
      } else {
        throw new IOException("response without Content-Length or chunked encoding");
      }
      if (close) {
        connect(); // the next request goes on a new connection, as a real client's would
      }
      byte[] bytes = kept.toByteArray();
      if (gzip && keepBody) {
        try (InputStream z = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = z.readAllBytes();
        }
      }
      String text =
          bytes.length <= 4096 && !gzip ? new String(bytes, StandardCharsets.UTF_8) : "";
      return new Answer(code, text, read, bytes);
    }

    private long body(long n, ByteArrayOutputStream kept) throws IOException {
      long left = n;
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          throw new EOFException("connection closed inside the body");
        }
        if (keepBody || kept.size() < 4096) {
          kept.write(buf, 0, r);
        }
        left -= r;
      }
      return n;
    }

    private long chunkSize() throws IOException {
      String s = line();
      if (s == null) {
        throw new EOFException("connection closed inside a chunked body");
      }
      int semi = s.indexOf(';');
      return Long.parseLong((semi >= 0 ? s.substring(0, semi) : s).trim(), 16);
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          int len = sb.length();
          if (len > 0 && sb.charAt(len - 1) == '\r') {
            sb.setLength(len - 1);
          }
          return sb.toString();
        }
        sb.append((char) c);
      }
      return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }
}
