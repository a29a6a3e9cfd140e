package dev.dropscope.exporter;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.ConfigLoader;
import dev.dropscope.exporter.config.ExporterConfig;
import dev.dropscope.exporter.config.ServerConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar dropscope-exporter.jar}: the command line. */
@Command(
    name = "dropscope-exporter",
    mixinStandardHelpOptions = true,
    subcommands = dev.dropscope.exporter.simulate.SimulateCommand.class,
    versionProvider = Main.Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Publishes host metrics under node_exporter's names and your bot's component metrics on",
      "/metrics. Components POST typed events to /api/v1/events; business events are journaled.",
      "With no --config it runs on built-in defaults: host metrics and the airdrops pack, no auth,",
      "127.0.0.1:" + ServerConfig.DEFAULT_PORT + ", journal in data/journal.",
      ""
    },
    footer = {
      "",
      "Endpoints: /metrics  /health  /health/system  /health/components/{name}  /-/healthy",
      "           POST /api/v1/events",
      "Exit codes: 0 stopped cleanly, 1 could not start (e.g. port in use), 2 bad flags or config.",
      "Configuration reference: docs/configuration.md"
    })
public final class Main implements Callable<Integer> {

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      description = "Address to listen on (default: server.host, 127.0.0.1).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port to listen on (default: server.port, " + ServerConfig.DEFAULT_PORT + ").")
  Integer port;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file (default: built-in defaults).")
  Path config;

  @Option(
      names = "--journal",
      paramLabel = "DIR",
      description = "Directory of the event journal (default: journal.dir, data/journal).")
  Path journal;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "trace|debug|info|warn|error (default: logging.level, info).")
  String logLevel;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code. */
  static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("dropscope-exporter: " + e.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    ExporterConfig cfg;
    try {
      cfg = config != null ? new ConfigLoader().load(config) : ExporterConfig.defaults();
      if (port != null && (port < 0 || port > 65535)) {
        throw ConfigException.invalid("--port", "a TCP port from 0 to 65535", port);
      }
      cfg = cfg.withServer(cfg.server().withAddress(host, port));
      if (journal != null) {
        cfg = cfg.withJournal(cfg.journal().withDir(journal));
      }
      if (logLevel != null) {
        cfg = cfg.withLogging(cfg.logging().withLevel(logLevel));
      }
    } catch (ConfigException e) {
      PrintWriter err = new CommandLine(this).getErr();
      err.println("dropscope-exporter: config error: " + e.getMessage());
      err.flush();
      return 2;
    }
    Logging.apply(cfg.logging());
    Exporter exporter;
    try {
      exporter = Exporter.start(cfg);
    } catch (ConfigException e) {
      // found while starting: a pack, the token file, the TLS material
      System.err.println("dropscope-exporter: config error: " + e.getMessage());
      return 2;
    } catch (UncheckedIOException e) {
      System.err.println("dropscope-exporter: " + e.getMessage());
      return 1;
    }
    awaitStopSignal(exporter);
    return 0;
  }

  /**
   * Blocks until the JVM shuts down (SIGTERM, SIGINT). The hook closes the exporter and ends the
   * process with status 0, as documented; left alone the JVM would report 143 for SIGTERM. No other
   * shutdown hooks are registered, so halting skips nothing.
   */
  private static void awaitStopSignal(Exporter exporter) throws InterruptedException {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  exporter.close();
                  org.slf4j.LoggerFactory.getLogger(Main.class).info("stopped");
                  Runtime.getRuntime().halt(0);
                },
                "shutdown"));
    new CountDownLatch(1).await();
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dropscope-exporter " + (v != null ? v : "development build")};
    }
  }
}
