import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Load client for bench/exporter-scrape.sh: scrapes two or more /metrics endpoints the way
 * Prometheus does (same Accept and Accept-Encoding headers, one keep-alive connection per target),
 * alternating target by target, and prints latency percentiles, CPU per scrape and RSS of each
 * target process read from /proc.
 *
 * <pre>
 * java bench/ScrapeBench.java free-ports 2
 * java bench/ScrapeBench.java run --target dropscope=19100:PID --target node_exporter=9100:PID \
 *     [--warmup 500] [--scrapes 10000] [--client raw|httpclient] [--clk-tck 100] [--wait-seconds 60]
 * </pre>
 *
 * JDK classes only, so it runs as a single-file source program on any JDK 21+.
 */
public final class ScrapeBench {
  static final String ACCEPT =
      "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
          + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage("missing command");
    }
    switch (args[0]) {
      case "free-ports" -> freePorts(args.length > 1 ? Integer.parseInt(args[1]) : 1);
      case "run" -> {
        Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        int status;
        try {
          status = run(options);
        } catch (Exception e) {
          System.err.println("ScrapeBench: " + e);
          status = 2;
        }
        System.exit(status);
      }
      default -> usage("unknown command '" + args[0] + "'");
    }
  }

  static void usage(String why) {
    System.err.println("ScrapeBench: " + why);
    System.err.println(
        "usage: ScrapeBench free-ports N | run --target NAME=PORT:PID ... [--warmup N]"
            + " [--scrapes N] [--client raw|httpclient] [--clk-tck N] [--wait-seconds N]");
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

  record Target(String name, int port, long pid) {}

  record Options(
      List<Target> targets, int warmup, int scrapes, String client, long clkTck, int waitSeconds) {
    static Options parse(String[] a) {
      List<Target> targets = new ArrayList<>();
      int warmup = 500;
      int scrapes = 10_000;
      String client = "raw";
      long clkTck = 100;
      int wait = 60;
      for (int i = 0; i < a.length; i++) {
        String v = i + 1 < a.length ? a[i + 1] : null;
        if (v == null) {
          usage(a[i] + " needs a value");
        }
        switch (a[i]) {
          case "--target" -> {
            String[] nameRest = v.split("=", 2);
            String[] portPid = nameRest[1].split(":", 2);
            targets.add(
                new Target(
                    nameRest[0], Integer.parseInt(portPid[0]), Long.parseLong(portPid[1])));
          }
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--scrapes" -> scrapes = Integer.parseInt(v);
          case "--client" -> client = v;
          case "--clk-tck" -> clkTck = Long.parseLong(v);
          case "--wait-seconds" -> wait = Integer.parseInt(v);
          default -> usage("unknown option " + a[i]);
        }
        i++;
      }
      if (targets.isEmpty()) {
        usage("at least one --target NAME=PORT:PID");
      }
      if (!client.equals("raw") && !client.equals("httpclient")) {
        usage("--client: expected raw|httpclient, found '" + client + "'");
      }
      return new Options(List.copyOf(targets), warmup, scrapes, client, clkTck, wait);
    }
  }

  /** One scrape: returns body bytes as received (compressed when the server gzipped). */
  interface Scraper extends AutoCloseable {
    long scrape() throws IOException, InterruptedException;

    int reconnects();

    @Override
    void close() throws IOException;
  }

  static int run(Options o) throws Exception {
    int n = o.targets.size();
    for (Target t : o.targets) {
      waitUntilServing(t, o.waitSeconds);
    }
    int[] samples = new int[n];
    for (int i = 0; i < n; i++) {
      samples[i] = countSamples(o.targets.get(i));
    }
    Scraper[] scrapers = new Scraper[n];
    for (int i = 0; i < n; i++) {
      scrapers[i] = o.client.equals("raw") ? new RawScraper(o.targets.get(i).port) : new JdkScraper(o.targets.get(i).port);
    }
    long[] bytes = new long[n];
    try {
      for (int k = 0; k < o.warmup; k++) {
        for (int i = 0; i < n; i++) {
          scrapers[i].scrape();
        }
      }
      long[][] nanos = new long[n][o.scrapes];
      long[] cpuBefore = new long[n];
      for (int i = 0; i < n; i++) {
        cpuBefore[i] = cpuTicks(o.targets.get(i).pid);
      }
      for (int k = 0; k < o.scrapes; k++) {
        for (int i = 0; i < n; i++) {
          long t0 = System.nanoTime();
          bytes[i] += scrapers[i].scrape();
          nanos[i][k] = System.nanoTime() - t0;
        }
      }
      long[] cpuAfter = new long[n];
      for (int i = 0; i < n; i++) {
        cpuAfter[i] = cpuTicks(o.targets.get(i).pid);
      }
      report(o, samples, nanos, cpuBefore, cpuAfter, bytes, scrapers);
      return verdict(o, nanos);
    } finally {
      for (Scraper s : scrapers) {
        s.close();
      }
    }
  }

  static void report(
      Options o,
      int[] samples,
      long[][] nanos,
      long[] cpuBefore,
      long[] cpuAfter,
      long[] bytes,
      Scraper[] scrapers)
      throws IOException {
    System.out.printf(
        Locale.ROOT,
        "client: %s, one keep-alive connection per target, %d warm-up + %d measured scrapes per target, alternating%n%n",
        o.client.equals("raw") ? "raw-socket HTTP/1.1" : "java.net.http.HttpClient HTTP/1.1",
        o.warmup,
        o.scrapes);
    System.out.printf(
        Locale.ROOT,
        "%-14s %8s %8s %8s %8s %14s %8s %8s %9s%n",
        "target", "samples", "p50 ms", "p99 ms", "max ms", "CPU ms/scrape", "RSS MB", "threads", "KB/scrape");
    for (int i = 0; i < o.targets.size(); i++) {
      Target t = o.targets.get(i);
      long[] sorted = nanos[i].clone();
      Arrays.sort(sorted);
      double cpuMs = (cpuAfter[i] - cpuBefore[i]) * 1000.0 / o.clkTck / o.scrapes;
      System.out.printf(
          Locale.ROOT,
          "%-14s %8d %8.3f %8.3f %8.3f %14.3f %8.1f %8d %9.1f%n",
          t.name,
          samples[i],
          percentile(sorted, 50) / 1e6,
          percentile(sorted, 99) / 1e6,
          sorted[sorted.length - 1] / 1e6,
          cpuMs,
          statusKb(t.pid, "VmRSS") / 1024.0,
          statusKb(t.pid, "Threads"),
          bytes[i] / 1024.0 / o.scrapes);
      if (scrapers[i].reconnects() > 0) {
        System.out.printf("  (%s closed the connection %d times)%n", t.name, scrapers[i].reconnects());
      }
    }
    // Other work on the machine skews latency and CPU figures; say how busy it was.
    String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
    System.out.printf("load average at the end: %s %s %s%n%n", load[0], load[1], load[2]);
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /**
   * Checks the issue's targets when the first two targets are dropscope and node_exporter: p50
   * ratio at most 1.0 and the first target's RSS at most 64 MB. Returns the exit code.
   */
  static int verdict(Options o, long[][] nanos) throws IOException {
    if (o.targets.size() < 2) {
      return 0;
    }
    long[] a = nanos[0].clone();
    long[] b = nanos[1].clone();
    Arrays.sort(a);
    Arrays.sort(b);
    double ratio = (double) percentile(a, 50) / percentile(b, 50);
    double rssMb = statusKb(o.targets.get(0).pid, "VmRSS") / 1024.0;
    boolean ratioOk = ratio <= 1.0;
    boolean rssOk = rssMb <= 64.0;
    String first = o.targets.get(0).name;
    String second = o.targets.get(1).name;
    System.out.printf(
        Locale.ROOT,
        "p50 ratio %s/%s: %.2f (target <= 1.00)  %s%n",
        first,
        second,
        ratio,
        ratioOk ? "PASS" : "FAIL");
    System.out.printf(
        Locale.ROOT,
        "%s RSS after the run: %.1f MB (target <= 64 MB)  %s%n",
        first,
        rssMb,
        rssOk ? "PASS" : "FAIL");
    return ratioOk && rssOk ? 0 : 1;
  }

  // ---- /proc -------------------------------------------------------------------------------

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces; fields after it start past the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state), so field 14 is f[11] and field 15 is f[12].
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** A numeric field of /proc/PID/status (VmRSS in kB, Threads as a count). */
  static long statusKb(long pid, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(key + ":")) {
        return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no " + key + " in /proc/" + pid + "/status");
  }

  static void waitUntilServing(Target t, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!Files.exists(Path.of("/proc", Long.toString(t.pid)))) {
        throw new IOException(t.name + " (pid " + t.pid + ") exited before serving /metrics");
      }
      try (RawScraper s = new RawScraper(t.port)) {
        s.scrape();
        return;
      } catch (IOException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IOException(
        t.name + " did not serve /metrics on 127.0.0.1:" + t.port + " within " + seconds + " s",
        last);
  }

  /** Samples in one uncompressed scrape: lines that are neither blank nor comments. */
  static int countSamples(Target t) throws IOException {
    try (RawScraper s = new RawScraper(t.port)) {
      s.gzip = false;
      s.keep = new ByteArrayOutputStream();
      s.scrape();
      byte[] body = s.keep.toByteArray();
      if (s.lastGzipped) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      int count = 0;
      for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          count++;
        }
      }
      return count;
    }
  }

  // ---- clients -----------------------------------------------------------------------------

  /**
   * A minimal HTTP/1.1 client on one socket: writes the request, reads the status line and
   * headers, then the body by Content-Length or chunked encoding, and throws it away.
   */
  static final class RawScraper implements Scraper {
    private final int port;
    private final byte[] buf = new byte[64 * 1024];
    private final byte[] gzipRequest;
    private final byte[] plainRequest;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int reconnects = -1;
    boolean gzip = true;
    boolean lastGzipped;
    ByteArrayOutputStream keep;

    RawScraper(int port) {
      this.port = port;
      String common =
          "GET /metrics HTTP/1.1\r\n"
              + "Host: 127.0.0.1:"
              + port
              + "\r\n"
              + "User-Agent: Prometheus/2.42.0\r\n"
              + "Accept: "
              + ACCEPT
              + "\r\n";
      String tail = "X-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n";
      gzipRequest = (common + "Accept-Encoding: gzip\r\n" + tail).getBytes(StandardCharsets.US_ASCII);
      plainRequest = (common + tail).getBytes(StandardCharsets.US_ASCII);
    }

    private void connect() throws IOException {
      close();
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
      reconnects++;
    }

    @Override
    public long scrape() throws IOException {
      if (socket == null) {
        connect();
      }
      out.write(gzip ? gzipRequest : plainRequest);
      out.flush();
      String status = line();
      if (status == null) {
        // The server closed the idle connection; Prometheus would reconnect too.
        connect();
        out.write(gzip ? gzipRequest : plainRequest);
        out.flush();
        status = line();
        if (status == null) {
          throw new EOFException("connection closed before a response");
        }
      }
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException("127.0.0.1:" + port + " answered '" + status + "'");
      }
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      lastGzipped = false;
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(h.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        } else if (lower.startsWith("content-encoding:") && lower.contains("gzip")) {
          lastGzipped = true;
        }
      }
      long read = 0;
      if (chunked) {
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
          read += skip(size);
          line();
        }
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {}
      } else if (length >= 0) {
        read = skip(length);
      } else {
        throw new IOException("response without Content-Length or chunked encoding");
      }
      if (close) {
        close();
      }
      return read;
    }

    private long chunkSize() throws IOException {
      String s = line();
      if (s == null) {
        throw new EOFException("connection closed inside a chunked body");
      }
      int semi = s.indexOf(';');
      return Long.parseLong((semi >= 0 ? s.substring(0, semi) : s).trim(), 16);
    }

    private long skip(long n) throws IOException {
      long left = n;
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          throw new EOFException("connection closed inside the body");
        }
        if (keep != null) {
          keep.write(buf, 0, r);
        }
        left -= r;
      }
      return n;
    }

    /** One CRLF-terminated line without the CRLF, or null at end of stream. */
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
    public int reconnects() {
      return Math.max(0, reconnects);
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }

  /** The JDK's HttpClient, HTTP/1.1 only, which keeps one pooled keep-alive connection. */
  static final class JdkScraper implements Scraper {
    private final HttpClient client;
    private final HttpRequest request;

    JdkScraper(int port) {
      client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .header("User-Agent", "Prometheus/2.42.0")
              .header("Accept", ACCEPT)
              .header("Accept-Encoding", "gzip")
              .header("X-Prometheus-Scrape-Timeout-Seconds", "10")
              .timeout(Duration.ofSeconds(30))
              .build();
    }

    @Override
    public long scrape() throws IOException, InterruptedException {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IOException(request.uri() + " answered " + r.statusCode());
      }
      return r.body().length;
    }

    @Override
    public int reconnects() {
      return 0;
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
