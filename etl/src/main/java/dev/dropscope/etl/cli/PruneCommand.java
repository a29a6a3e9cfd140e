package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.prune.Pruner;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prune}: drops old raw samples a day partition at a time, and older rollups. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Drops raw-sample day partitions wholly older than --older-than (default retention.raw, 90d)"
          + " and rollup buckets older than retention.rollups (730d). Journal events are kept."
    },
    footer = ExitCodes.FOOTER)
public final class PruneCommand extends EtlCommand {
  @Spec CommandSpec spec;

  @Option(
      names = "--older-than",
      paramLabel = "D",
      description = "Raw samples older than this go, e.g. 30d. Default: retention.raw, else 90d.")
  String olderThan;

  @Option(names = "--dry-run", description = "Print what would be dropped; drop nothing.")
  boolean dryRun;

  @Override
  int execute(EtlConfig config)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    Duration raw = olderThan != null ? parse(olderThan) : config.retention().raw();
    Duration rollups =
        raw.compareTo(config.retention().rollups()) > 0 ? raw : config.retention().rollups();
    PrintWriter out = spec.commandLine().getOut();
    Database db = open(config, Retry.ONCE);
    try (db) {
      Instant now = Instant.now();
      Pruner.Result r = Pruner.prune(db, now.minus(raw), now.minus(rollups), dryRun);
      String verb = dryRun ? "would drop" : "dropped";
      for (String p : r.partitions()) {
        out.printf("%s partition %s%n", verb, p);
      }
      out.printf(
          "%s %d raw partitions (before %s) and %d rollup rows (before %s)%n",
          verb, r.partitions().size(), now.minus(raw), r.rollupRows(), now.minus(rollups));
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static Duration parse(String text) {
    Duration d = Durations.parseOrNull(text);
    if (d == null || d.toDays() < 1) {
      throw new ConfigException(
          "--older-than: expected " + Durations.EXPECTED + " of at least 1d, found '" + text + "'");
    }
    return d;
  }
}
