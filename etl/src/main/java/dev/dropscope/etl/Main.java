package dev.dropscope.etl;

import dev.dropscope.etl.cli.BackfillCommand;
import dev.dropscope.etl.cli.DaemonCommand;
import dev.dropscope.etl.cli.ExitCodes;
import dev.dropscope.etl.cli.PruneCommand;
import dev.dropscope.etl.cli.ReconcileCommand;
import dev.dropscope.etl.cli.ReportCommand;
import dev.dropscope.etl.cli.StatusCommand;
import dev.dropscope.etl.cli.SyncCommand;
import dev.dropscope.exporter.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar dropscope-etl.jar COMMAND}: loads Prometheus samples and the event journal. */
@Command(
    name = "dropscope-etl",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Loads raw Prometheus samples and the exporter's event journal into PostgreSQL,"
          + " where the analytics views read them.",
      "Without --jdbc-url every command uses an embedded PostgreSQL under data/postgres."
    },
    subcommands = {
      SyncCommand.class,
      DaemonCommand.class,
      BackfillCommand.class,
      ReconcileCommand.class,
      StatusCommand.class,
      PruneCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = ExitCodes.FOOTER)
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line; returns the exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ConfigException) {
            cmd.getErr().println("dropscope-etl: " + e.getMessage());
            return ExitCodes.USAGE;
          }
          throw e;
        });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dropscope-etl " + (v != null ? v : "(development build)")};
    }
  }
}
