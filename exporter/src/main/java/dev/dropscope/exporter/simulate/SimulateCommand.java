package dev.dropscope.exporter.simulate;

import dev.dropscope.exporter.config.Durations;
import dev.dropscope.exporter.config.ServerConfig;
import dev.dropscope.exporter.simulate.HttpEventSender.Backoff;
import dev.dropscope.exporter.simulate.HttpEventSender.Stats;
import dev.dropscope.exporter.simulate.HttpEventSender.TargetRefusedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dropscope-exporter simulate}: plays a realistic, seeded bot against an exporter's {@code
 * POST /api/v1/events}. The demo, the end-to-end tests and the dashboards use it.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = SimulateCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Plays a realistic bot against an exporter's POST /api/v1/events: scheduled tasks with"
          + " failures, protocol interactions with gas costs, claims with per-protocol success"
          + " rates and values, risk and allocation changes, daily portfolio snapshots valued at"
          + " seeded price random walks, heartbeats and the odd outage (and, with --packs, a"
          + " trading bot and a transaction gateway).",
      "The same --seed and start time give the same events. Timestamps are never in the future:"
          + " simulated time starts at now - --history and never passes the wall clock.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  simulate --history 30d",
      "      30 days of past claims, interactions and snapshots, then live",
      "  simulate --packs airdrops,trading,gateway --wallets 10 --token-file token.txt",
      "      all three packs, authenticated",
      "  simulate --history 1h --speed 60 --duration 0s",
      "      replay the last hour in a minute, then exit",
      "",
      "Exit codes: 0 done (or stopped with Ctrl-C), 1 the target rejected events or the token,"
          + " 2 bad flags."
    })
public final class SimulateCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);

  static final String DEFAULT_TARGET = "http://127.0.0.1:" + ServerConfig.DEFAULT_PORT;
  static final int BATCH_SIZE = 500;
  static final int MAX_WALLETS = 100;
  static final Duration MAX_HISTORY = Duration.ofDays(366);

  /** How much of the --history backlog is sent in full; before it, only journaled events. */
  static final Duration FULL_TAIL = Duration.ofMinutes(15);

  @Spec CommandSpec spec;

  @Option(
      names = "--target",
      paramLabel = "URL",
      defaultValue = DEFAULT_TARGET,
      description =
          "The exporter's base URL; events go to URL/api/v1/events (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the bearer token to send (default: no Authorization header).")
  Path tokenFile;

  @Option(
      names = "--wallets",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Wallets the airdrop bot farms with, 1 to "
              + MAX_WALLETS
              + " (default: ${DEFAULT-VALUE}).")
  int wallets;

  @Option(
      names = "--speed",
      paramLabel = "X",
      converter = SpeedConverter.class,
      description = {
        "Simulated time runs X times faster than the wall clock until it catches up with it;"
            + " 'max' runs as fast as the target accepts (default: 1; a --history backlog is"
            + " replayed at max unless --speed is given)."
      })
  Double speed;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Stop once simulated time reaches now + D, e.g. 10m; 0s stops after the --history"
              + " backlog (default: run until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seeds wallets, prices, outcomes and outages (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--packs",
      paramLabel = "PACK",
      split = ",",
      defaultValue = "airdrops",
      converter = PackConverter.class,
      description =
          "Packs to play: airdrops, trading, gateway, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Pack> packs;

  @Option(
      names = "--history",
      paramLabel = "D",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = {
        "Start D in the past, e.g. 30d, and send that history first (default: ${DEFAULT-VALUE},"
            + " start now). Of the backlog older than 15m only the journaled events go out"
            + " (claims, interactions, portfolio snapshots, trades, transactions): older gauges"
            + " and heartbeats would just be overwritten."
      })
  Duration history;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    URI endpoint;
    String token;
    try {
      endpoint = endpoint(target);
      token = tokenFile == null ? null : readToken(tokenFile);
      check(wallets >= 1 && wallets <= MAX_WALLETS, "--wallets", "1 to " + MAX_WALLETS, wallets);
      check(
          history.compareTo(MAX_HISTORY) <= 0,
          "--history",
          "at most " + Durations.format(MAX_HISTORY),
          Durations.format(history));
    } catch (BadFlag e) {
      err.println("simulate: " + e.getMessage());
      err.flush();
      return 2;
    }

    Instant wallStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant start = wallStart.minus(history);
    double pace = speed != null ? speed : history.isZero() ? 1 : Double.POSITIVE_INFINITY;
    Set<Pack> chosen = EnumSet.copyOf(packs);
    Scenario world = new Scenario(seed, start, wallets, chosen);
    Instant stopAt = duration == null ? null : wallStart.plus(duration);
    log.info(
        "simulating {} with {} wallets, seed {}, from {} to {}{}",
        chosen.stream().map(Pack::wireName).collect(Collectors.joining(",")),
        wallets,
        seed,
        start,
        endpoint,
        stopAt == null ? " until stopped" : " until " + stopAt);

    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                done.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (HttpEventSender sender =
        new HttpEventSender(endpoint, token, BATCH_SIZE, Backoff.DEFAULT, stop)) {
      Instant fullFrom = wallStart.minus(FULL_TAIL);
      Playback.Plan plan =
          new Playback.Plan(new SimClock(start, wallStart, pace), stopAt, fullFrom, BATCH_SIZE);
      Playback.Result result = new Playback(world, plan, Clock.systemUTC(), sender, stop).run();
      Stats s = sender.stats();
      log.info(
          "simulated up to {}: {} events sent ({} older gauges and heartbeats left out) in {}"
              + " requests: {} accepted, {} rejected, {} dropped, {} retries",
          result.reached(),
          result.events(),
          result.skipped(),
          s.requests(),
          s.accepted(),
          s.rejected(),
          s.dropped(),
          s.retries());
      if (s.rejected() > 0) {
        err.println("simulate: the target rejected " + s.rejected() + " events; see the log");
        err.flush();
        return 1;
      }
      return 0;
    } catch (TargetRefusedException e) {
      err.println("simulate: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for done
      }
    }
  }

  /** {@code <target>/api/v1/events}, or why the target is not a usable URL. */
  static URI endpoint(String target) throws BadFlag {
    String expected = "an http:// or https:// URL like " + DEFAULT_TARGET;
    try {
      URI uri = new URI(target.strip());
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new BadFlag("--target", expected, target);
      }
      String base = uri.toString().replaceAll("/+$", "");
      return URI.create(base + "/api/v1/events");
    } catch (URISyntaxException e) {
      throw new BadFlag("--target", expected, target);
    }
  }

  private static String readToken(Path file) throws BadFlag {
    String token;
    try {
      token = Files.readString(file).strip();
    } catch (IOException e) {
      throw new BadFlag(
          "--token-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (token.isEmpty()) {
      throw new BadFlag("--token-file: " + file + " is empty; put the bearer token in it");
    }
    if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new BadFlag(
          "--token-file: "
              + file
              + " holds more than one token (whitespace or control characters inside)");
    }
    return token;
  }

  private static void check(boolean ok, String flag, String expected, Object found) throws BadFlag {
    if (!ok) {
      throw new BadFlag(flag, expected, found);
    }
  }

  /** A flag that parsed but cannot be used; the message names it and says what was expected. */
  static final class BadFlag extends Exception {
    private static final long serialVersionUID = 1L;

    BadFlag(String message) {
      super(message);
    }

    BadFlag(String flag, String expected, Object found) {
      this(flag + ": expected " + expected + ", found '" + found + "'");
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SimulateCommand.class.getPackage().getImplementationVersion();
      return new String[] {"dropscope-exporter simulate " + (v != null ? v : "development build")};
    }
  }

  /** {@code 1}, {@code 0.5}, {@code 3600} or {@code max}. */
  static final class SpeedConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      if (value.equals("max")) {
        return Double.POSITIVE_INFINITY;
      }
      try {
        double x = Double.parseDouble(value);
        if (x > 0 && Double.isFinite(x)) {
          return x;
        }
      } catch (NumberFormatException e) {
        // falls through to the message
      }
      throw new CommandLine.TypeConversionException(
          "expected a positive number or 'max', found '" + value + "'");
    }
  }

  /** Prometheus-style durations, as in the configuration file. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = Durations.parseOrNull(value);
      if (d == null) {
        throw new CommandLine.TypeConversionException(
            "expected " + Durations.EXPECTED + ", found '" + value + "'");
      }
      return d;
    }
  }

  /** A built-in pack's name. */
  static final class PackConverter implements CommandLine.ITypeConverter<Pack> {
    @Override
    public Pack convert(String value) {
      Pack p = Pack.byWireName(value.strip());
      if (p == null) {
        throw new CommandLine.TypeConversionException(
            "expected "
                + EnumSet.allOf(Pack.class).stream()
                    .map(Pack::wireName)
                    .collect(Collectors.joining("|"))
                + ", found '"
                + value
                + "'");
      }
      return p;
    }
  }
}
