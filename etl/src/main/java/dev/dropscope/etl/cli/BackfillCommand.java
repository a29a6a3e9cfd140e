package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.prometheus.PrometheusSource;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.Runs;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code backfill}: loads a past range of Prometheus samples, with a progress bar. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Loads the raw Prometheus samples of (--from, --to] for prometheus.selectors, window by"
          + " window, each window in one transaction: interrupted, it leaves whole windows only,"
          + " and run again with the same range it resumes where it stopped. Samples already"
          + " loaded are skipped, so ranges may overlap earlier syncs and backfills. The sync"
          + " watermark never moves back; it moves forward where the range continues it.",
      "On a terminal a progress bar shows samples/s and the time left; otherwise a log line every"
          + " few seconds."
    },
    footer = ExitCodes.FOOTER)
public final class BackfillCommand extends EtlCommand {
  private static final Logger log = LoggerFactory.getLogger(BackfillCommand.class);

  @Spec CommandSpec spec;

  @Mixin TimeRange range;

  @Override
  int execute(EtlConfig config)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    range.requireForward();
    PrometheusSource source = new PrometheusSource(config.prometheus());
    try (Database db =
        Retry.DEFAULT.run(
            "connecting to the database",
            () -> Database.open(config.database(), config.reader(), System.getenv()))) {
      BackfillProgress progress = // timed from here: the database's start-up is not loading
          new BackfillProgress(
              Terminal.interactive() ? spec.commandLine().getOut() : null, range.from, range.to);
      long run = Runs.start(db, "backfill");
      try {
        Retry.DEFAULT.run(
            "backfill from " + config.prometheus().url(),
            () -> source.backfill(db, range.from, range.to, progress));
      } catch (DatabaseException | SourceUnavailableException | RuntimeException e) {
        Runs.finish(db, run, done(progress), String.valueOf(e.getMessage()));
        throw e;
      }
      Runs.finish(db, run, done(progress), null);
      log.info(
          "backfill done: {} windows, {} samples fetched, {} new, in {} s: {} samples/s",
          progress.windows(),
          progress.fetched(),
          progress.inserted(),
          String.format(java.util.Locale.ROOT, "%.3f", progress.seconds()),
          Math.round(progress.rate()));
      return ExitCodes.OK;
    }
  }

  private static Source.Progress done(BackfillProgress p) {
    return new Source.Progress(p.windows(), p.inserted(), 0);
  }
}
