package dev.dropscope.etl.cli;

import static dev.dropscope.etl.db.dropscope.Tables.JOURNAL_SEGMENTS;
import static dev.dropscope.etl.db.dropscope.Tables.RUNS;
import static dev.dropscope.etl.db.dropscope.Tables.WATERMARKS;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: watermarks and their lag, journal progress, the last runs. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Shows how far each source is loaded, how far behind now that is, and the last runs.",
    footer = ExitCodes.FOOTER)
public final class StatusCommand extends EtlCommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many of the last runs to list (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  int execute(EtlConfig config)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Database db = open(config, Retry.ONCE);
    try (db) {
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      out.printf("database: %s%n%n", db.description());

      out.println("source watermarks (everything up to loaded_to is in):");
      var marks = db.dsl().selectFrom(WATERMARKS).orderBy(WATERMARKS.SOURCE).fetch();
      if (marks.isEmpty()) {
        out.println("  none yet: run sync or backfill");
      }
      for (var m : marks) {
        out.printf(
            "  %-24s loaded_to %s  lag %s%n",
            m.getSource(),
            TIME.format(m.getLoadedTo()),
            human(Duration.between(m.getLoadedTo(), now)));
      }

      var journal =
          db.dsl()
              .select(
                  DSL.count(),
                  DSL.coalesce(DSL.sum(JOURNAL_SEGMENTS.RECORDS), DSL.inline(BigDecimal.ZERO)),
                  DSL.max(JOURNAL_SEGMENTS.UPDATED_AT))
              .from(JOURNAL_SEGMENTS)
              .fetchOne();
      out.printf(
          "%njournal: %d segments seen, %s records loaded%s%n",
          journal.value1(),
          journal.value2(),
          journal.value3() != null ? ", last load " + TIME.format(journal.value3()) : "");

      out.printf("%nlast runs:%n");
      var last = db.dsl().selectFrom(RUNS).orderBy(RUNS.ID.desc()).limit(runs).fetch();
      if (last.isEmpty()) {
        out.println("  none yet");
      }
      for (var r : last) {
        out.printf(
            "  #%-5d %-9s %s  %-7s %5d windows %10d samples %8d events%s%n",
            r.getId(),
            r.getCommand(),
            TIME.format(r.getStartedAt()),
            r.getStatus(),
            r.getWindows(),
            r.getSamples(),
            r.getEvents(),
            r.getError() != null ? "  error: " + r.getError() : "");
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** 3d 4h, 2h 5m, 4m 10s, 12s. */
  static String human(Duration d) {
    if (d.isNegative()) {
      return "0s";
    }
    long s = d.toSeconds();
    if (s >= 86_400) {
      return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }
    if (s >= 3600) {
      return s / 3600 + "h " + s % 3600 / 60 + "m";
    }
    if (s >= 60) {
      return s / 60 + "m " + s % 60 + "s";
    }
    return s + "s";
  }
}
