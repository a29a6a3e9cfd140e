package dev.dropscope.rules;

import dev.dropscope.rules.check.Problem;
import dev.dropscope.rules.check.SpecException;
import dev.dropscope.rules.generate.Generator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code java -jar dropscope-rules.jar}: the command line of the rules bundle generator. */
@Command(
    name = "dropscope-rules",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {Main.Generate.class, Main.Check.class},
    usageHelpWidth = 100,
    description = {
      "Generates Prometheus alerting and recording rules, their promtool unit tests and an",
      "Alertmanager configuration from YAML specs, checked against dropscope's metric catalog",
      "(the packs, the host set, the exporter's own metrics).",
      ""
    },
    footer = {
      "",
      "Run from the repository root; paths default to the alert-rules module's layout.",
      "Exit codes: 0 ok, 1 generated files are stale (check) or cannot be written,",
      "            2 the specs have problems (each printed as file: path: expected ..., found ...).",
      "Guide: docs/alerting.md    Runbooks: docs/runbooks.md"
    })
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code. */
  static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("dropscope-rules: " + e.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** The inputs both subcommands read. */
  static final class Inputs {
    @Option(
        names = "--rules",
        paramLabel = "DIR",
        defaultValue = "alert-rules/rules",
        description = "Directory of rule specs, one *.yml per pack (default: ${DEFAULT-VALUE}).")
    Path rules;

    @Option(
        names = "--channels",
        paramLabel = "FILE",
        defaultValue = "alert-rules/channels.yml",
        description = "Notification channels and routing spec (default: ${DEFAULT-VALUE}).")
    Path channels;

    @Option(
        names = "--settings",
        paramLabel = "FILE",
        defaultValue = "alert-rules/settings.yml",
        description =
            "Generator settings: runbook base URL, scrape interval, test interval"
                + " (default: ${DEFAULT-VALUE}; built-in defaults when absent).")
    Path settings;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "alert-rules/generated",
        description = "Directory of the generated files (default: ${DEFAULT-VALUE}).")
    Path out;

    RulesProject project() {
      return new RulesProject(settings, rules, channels);
    }
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      usageHelpWidth = 100,
      description = {
        "Checks the specs, then writes into --out:",
        "  prometheus/NAME.rules.yml   alerting and recording rules, one group per spec file",
        "  tests/NAME.test.yml         promtool unit tests: every alert pending, firing (exact labels",
        "                              and annotations) and quiet; every recording rule's samples",
        "  alertmanager/alertmanager.yml and dropscope.tmpl   routing, inhibition, receivers",
        "Nothing is written when a spec has a problem.",
        ""
      })
  static final class Generate implements Callable<Integer> {
    @Mixin Inputs inputs;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      RulesProject.Loaded loaded;
      try {
        loaded = inputs.project().load();
      } catch (SpecException e) {
        return report(err, e.problems());
      }
      Map<String, String> files = loaded.files();
      List<String> stale = Generator.stale(inputs.out, files);
      Generator.write(inputs.out, files);
      for (String s : stale) {
        if (s.endsWith("(not generated any more)")) {
          err.println(
              "dropscope-rules: note: "
                  + inputs.out.resolve(s.substring(0, s.indexOf(" (")))
                  + " is not generated any more; delete it");
        }
      }
      out.println(
          "dropscope-rules: wrote "
              + files.size()
              + " files to "
              + inputs.out
              + " ("
              + summary(loaded)
              + "; "
              + (stale.isEmpty() ? "no changes" : stale.size() + " changed")
              + ")");
      return 0;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      usageHelpWidth = 100,
      description = {
        "Checks the specs without writing anything: metrics exist in a pack, the host set or the",
        "exporter's own set; alerts compare; counters only under rate/irate/increase/resets; range",
        "windows at least min_range_factor × scrape_interval; absent() alerts have a for; names",
        "unique; annotation templates valid; channels and routes sound. Then checks that --out",
        "holds exactly what generate would write.",
        ""
      })
  static final class Check implements Callable<Integer> {
    @Mixin Inputs inputs;
    @Spec CommandSpec spec;

    @Option(
        names = "--skip-generated",
        description = "Check the specs only, not that the generated files are up to date.")
    boolean skipGenerated;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      RulesProject.Loaded loaded;
      try {
        loaded = inputs.project().load();
      } catch (SpecException e) {
        return report(err, e.problems());
      }
      if (!skipGenerated) {
        List<String> stale = Generator.stale(inputs.out, loaded.files());
        if (!stale.isEmpty()) {
          err.println("dropscope-rules: " + inputs.out + " is stale:");
          stale.forEach(s -> err.println("  " + s));
          err.println("dropscope-rules: regenerate with: " + Generator.REGENERATE);
          return 1;
        }
      }
      out.println(
          "dropscope-rules: "
              + summary(loaded)
              + " pass every check"
              + (skipGenerated ? "" : "; " + inputs.out + " is up to date"));
      return 0;
    }
  }

  static int report(PrintWriter err, List<Problem> problems) {
    err.println(
        "dropscope-rules: "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in the specs:");
    problems.forEach(p -> err.println("  " + p));
    return 2;
  }

  static String summary(RulesProject.Loaded loaded) {
    long alerts = loaded.bundle().alerts().count();
    long recordings = loaded.bundle().recordings().count();
    return alerts
        + " alerts and "
        + recordings
        + " recording rules in "
        + loaded.bundle().groups().size()
        + " groups";
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dropscope-rules " + (v != null ? v : "dev")};
    }
  }
}
