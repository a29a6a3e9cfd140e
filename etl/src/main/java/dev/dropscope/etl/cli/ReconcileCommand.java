package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.prometheus.PrometheusSource;
import dev.dropscope.etl.prometheus.Reconciliation;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin TimeRange range;

  @Override
  int execute(EtlConfig config)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    range.requireForward();
    PrintWriter out = spec.commandLine().getOut();
    PrometheusSource source = new PrometheusSource(config.prometheus());
    try (Database db =
        Retry.ONCE.run(
            "connecting to the database",
            () -> Database.open(config.database(), config.reader(), System.getenv()))) {
      Reconciliation r =
          source.reconcile(
              db,
              range.from,
              range.to,
              d -> {
                out.println(d.describe());
                out.flush();
              });
      out.printf(
          "reconciled (%s, %s]: %d series, %d windows, %d differences%n",
          range.from, range.to, r.series(), r.windows(), r.differences());
      out.flush();
      return r.differences() > 0 ? ExitCodes.DIFFERENCES : ExitCodes.OK;
    }
  }
}
