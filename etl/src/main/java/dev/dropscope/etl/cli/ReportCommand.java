package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.report.Report;
import dev.dropscope.etl.report.ReportFormat;
import dev.dropscope.etl.report.ReportLoader;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import dev.dropscope.exporter.config.ConfigException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code report}: the analytics views' answers as text, JSON, CSV or one HTML file. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes what the analytics views say: protocol summaries (claim success, revenue, cost,"
          + " ROI), claim success by day, portfolio value, concentration and risk, benchmarks,"
          + " the airdrop season forecast and suggestions.",
      "--from/--to bound the time series (claims by day, portfolio value); the summaries cover"
          + " all data. html is one self-contained file with charts (nothing fetched when"
          + " opened)."
    },
    footer = ExitCodes.FOOTER)
public final class ReportCommand extends EtlCommand {
  private static final Logger log = LoggerFactory.getLogger(ReportCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "F",
      defaultValue = "console",
      description = "console, json, csv or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--from",
      paramLabel = "T",
      converter = TimeConverter.class,
      description =
          "Start of the time series: RFC 3339, epoch seconds or now. Default: --to minus 90 days.")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "T",
      converter = TimeConverter.class,
      description =
          "End of the time series (exclusive): RFC 3339, epoch seconds or now. Default: now.")
  Instant to;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path out;

  @Override
  int execute(EtlConfig config)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    ReportFormat f = format(format);
    Instant end = to != null ? to : Instant.now();
    Instant start = from != null ? from : end.minus(Duration.ofDays(90));
    if (!start.isBefore(end)) {
      throw new ConfigException(
          "--from: expected a time before --to (" + end + "), found " + start);
    }
    Report report;
    try (Database db = open(config, Retry.ONCE)) {
      report = ReportLoader.load(db, start, end);
    }
    try {
      if (out != null) {
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          f.write(report, w);
        }
        log.info("wrote the {} report to {}", format, out);
      } else {
        Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        f.write(report, w);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report to " + (out != null ? out : "stdout"), e);
    }
    return ExitCodes.OK;
  }

  private static ReportFormat format(String text) {
    try {
      return ReportFormat.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "--format: expected console, json, csv or html, found '" + text + "'");
    }
  }
}
