package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.prometheus.PrometheusSource;
import dev.dropscope.etl.prometheus.Reconciliation;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reconcile}: compares what PostgreSQL holds with what Prometheus holds. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Compares count, sum, min and max of every series prometheus.selectors match, per"
          + " prometheus.max_window window of (--from, --to], between Prometheus"
          + " (count_over_time, sum_over_time, min_over_time, max_over_time) and PostgreSQL, and"
          + " prints each difference. Exits 1 when there is any.",
      "Sums may differ by 1e-9 relative (the two sides add in different orders); everything"
          + " else must be equal."
    },
    footer = ExitCodes.FOOTER)
public final class ReconcileCommand extends EtlCommand {
  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "T",
      converter = TimeConverter.class,
      description = "Start, exclusive: RFC 3339 (2026-01-01T00:00:00Z) or seconds since the epoch.")
  Instant from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "T",
      converter = TimeConverter.class,
      description = "End, inclusive: RFC 3339, seconds since the epoch, or now.")
  Instant to;

  @Override
  int execute(EtlConfig config)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    if (!to.isAfter(from)) {
      throw new ParameterException(
          spec.commandLine(), "--to (" + to + ") must be after --from (" + from + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrometheusSource source = new PrometheusSource(config.prometheus());
    try (Database db =
        Retry.ONCE.run(
            "connecting to the database",
            () -> Database.open(config.database(), config.reader(), System.getenv()))) {
      Reconciliation r =
          source.reconcile(
              db,
              from,
              to,
              d -> {
                out.println(d.describe());
                out.flush();
              });
      out.printf(
          "reconciled (%s, %s]: %d series, %d windows, %d differences%n",
          from, to, r.series(), r.windows(), r.differences());
      out.flush();
      return r.differences() > 0 ? ExitCodes.DIFFERENCES : ExitCodes.OK;
    }
  }
}
