package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.Runs;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.run.Sources;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import dev.dropscope.exporter.config.ConfigException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sync}: one catch-up of every source, for cron, a CronJob or a systemd timer. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Catches every source up once: Prometheus samples from the watermark to now minus"
          + " prometheus.lag, and the journal's new records. Outages are retried with backoff;"
          + " a window is loaded whole or not at all, and a rerun adds nothing."
    },
    footer = ExitCodes.FOOTER)
public final class SyncCommand extends EtlCommand {
  private static final Logger log = LoggerFactory.getLogger(SyncCommand.class);

  @Option(
      names = "--only",
      paramLabel = "SOURCE",
      split = ",",
      description =
          "Catch up only these sources: prometheus, journal (comma-separated or repeated)."
              + " Default: the sources key, else both.")
  List<String> only;

  @Override
  int execute(EtlConfig fileConfig)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    EtlConfig config = only != null ? fileConfig.withSources(checked(only)) : fileConfig;
    try (Database db = open(config, Retry.DEFAULT)) {
      Source.Progress total = syncOnce(db, config, Retry.DEFAULT);
      log.info(
          "sync done: {} windows, {} samples, {} events",
          total.windows(),
          total.samples(),
          total.events());
      return ExitCodes.OK;
    }
  }

  private static List<String> checked(List<String> names) {
    for (String name : names) {
      if (!EtlConfig.SOURCES.contains(name)) {
        throw ConfigException.invalid(
            "--only", "one of " + String.join("|", EtlConfig.SOURCES), name);
      }
    }
    return names;
  }

  /**
   * Catches every source up, each with retries, recording the run. Used by {@code sync} and, on
   * each tick, by {@code daemon}.
   */
  public static Source.Progress syncOnce(Database db, EtlConfig config, Retry retry)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    long run = Runs.start(db, "sync");
    Source.Progress total = Source.Progress.NONE;
    try {
      for (Source source : Sources.of(config)) {
        Instant until = Instant.now().minus(config.prometheus().lag());
        Source.Progress p = retry.run("sync of " + source.name(), () -> source.catchUp(db, until));
        log.info(
            "{}: {} windows, {} samples, {} events",
            source.name(),
            p.windows(),
            p.samples(),
            p.events());
        total = total.plus(p);
      }
      Runs.finish(db, run, total, null);
      return total;
    } catch (DatabaseException | SourceUnavailableException | RuntimeException e) {
      Runs.finish(db, run, total, String.valueOf(e.getMessage()));
      throw e;
    }
  }
}
