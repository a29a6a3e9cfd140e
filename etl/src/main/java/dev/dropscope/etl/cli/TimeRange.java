package dev.dropscope.etl.cli;

import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The range {@code (--from, --to]} that {@code backfill} and {@code reconcile} work on. */
final class TimeRange {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

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

  /** Refuses an empty or reversed range as a usage error (exit code 2). */
  void requireForward() {
    if (!to.isAfter(from)) {
      throw new ParameterException(
          spec.commandLine(), "--to (" + to + ") must be after --from (" + from + ")");
    }
  }
}
