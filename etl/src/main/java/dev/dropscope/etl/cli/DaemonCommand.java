package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.run.EtlMetrics;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.Durations;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daemon}: {@code sync} on a schedule, with its own metrics; stops cleanly on SIGTERM. */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    description = {
      "Runs sync every --interval until stopped (SIGTERM or Ctrl-C let the window in progress"
          + " commit or roll back, then exit 0). A run that fails after its retries is logged and"
          + " the next one catches up.",
      "Serves dropscope_etl_* metrics on http://daemon.metrics_host:daemon.metrics_port/metrics"
          + " (127.0.0.1:19101 by default)."
    },
    footer = ExitCodes.FOOTER)
public final class DaemonCommand extends EtlCommand {
  private static final Logger log = LoggerFactory.getLogger(DaemonCommand.class);

  /** How long a SIGTERM waits for the run in progress. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  @Option(
      names = "--interval",
      paramLabel = "D",
      description = "Time between sync runs, e.g. 30s, 5m, 1h. Default: daemon.interval, else 5m.")
  String interval;

  @Override
  int execute(EtlConfig config)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    Duration every = interval != null ? parseInterval(interval) : config.daemon().interval();
    EtlMetrics metrics = new EtlMetrics();
    HTTPServer server = serveMetrics(config, metrics);
    Thread worker = Thread.currentThread();
    CountDownLatch stopped = new CountDownLatch(1);
    var stopping = new java.util.concurrent.atomic.AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              log.info("stopping: finishing the run in progress");
              worker.interrupt();
              try {
                stopped.await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "daemon-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Database db = open(config, Retry.DEFAULT)) {
      log.info("daemon: sync every {} into {}", Durations.format(every), db.description());
      while (!stopping.get()) {
        Instant start = Instant.now();
        try {
          Source.Progress p = SyncCommand.syncOnce(db, config, Retry.DEFAULT);
          metrics.succeeded(
              p, Duration.between(start, Instant.now()), start.minus(config.prometheus().lag()));
        } catch (DatabaseException | SourceUnavailableException e) {
          metrics.failed(Duration.between(start, Instant.now()));
          log.error("sync failed after its retries; the next run catches up: {}", e.getMessage());
        } catch (InterruptedException e) {
          break;
        }
        Duration left = every.minus(Duration.between(start, Instant.now()));
        if (!left.isNegative()) {
          try {
            Thread.sleep(left);
          } catch (InterruptedException e) {
            break;
          }
        }
      }
      log.info("daemon stopped");
      return ExitCodes.OK;
    } finally {
      if (server != null) {
        server.close();
      }
      stopped.countDown();
      if (!stopping.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
  }

  private static Duration parseInterval(String text) {
    Duration d = Durations.parseOrNull(text);
    if (d == null || d.toSeconds() < 1) {
      throw new ConfigException(
          "--interval: expected " + Durations.EXPECTED + " (at least 1s), found '" + text + "'");
    }
    return d;
  }

  private static HTTPServer serveMetrics(EtlConfig config, EtlMetrics metrics) {
    int port = config.daemon().metricsPort();
    if (port == 0) {
      return null;
    }
    try {
      return HTTPServer.builder()
          .hostname(config.daemon().metricsHost())
          .port(port)
          .registry(metrics.registry())
          .buildAndStart();
    } catch (IOException e) {
      throw new ConfigException(
          "daemon.metrics_port: cannot listen on "
              + config.daemon().metricsHost()
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); choose a free port, or 0 for none");
    }
  }
}
