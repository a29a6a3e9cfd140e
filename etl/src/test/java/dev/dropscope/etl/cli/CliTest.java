package dev.dropscope.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.Main;
import dev.dropscope.etl.config.EtlConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, exit codes, configuration errors. */
class CliTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  PrintStream oldOut;
  PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.dropscope"))
        .setLevel(null); // --log-level set it for the JVM
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void help_lists_every_command_and_the_exit_codes() {
    assertThat(Main.run("--help")).isZero();
    assertThat(out())
        .contains("sync", "daemon", "status", "prune", "Exit codes:", "reconcile found");
  }

  @Test
  void every_command_has_help_with_the_connection_flags() {
    for (String command : new String[] {"sync", "daemon", "status", "prune"}) {
      out.reset();
      assertThat(Main.run(command, "--help")).as(command).isZero();
      assertThat(out())
          .as(command)
          .contains(
              "--prometheus=URL",
              "--jdbc-url=URL",
              "--journal=DIR",
              "--config=FILE",
              "--log-level=LEVEL",
              "Exit codes:");
    }
  }

  @Test
  void an_unknown_flag_is_a_usage_error() {
    assertThat(Main.run("sync", "--promethues", "http://x")).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("--promethues");
  }

  @Nested
  class Config {
    @Test
    void an_unknown_key_names_the_file_and_the_path(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("etl.yml");
      Files.writeString(file, "prometheus:\n  urll: http://x\n");
      assertThat(Main.run("status", "--config", file.toString())).isEqualTo(ExitCodes.USAGE);
      assertThat(err()).contains(file.toString(), "prometheus.urll", "unknown key");
    }

    @Test
    void a_bad_value_says_what_was_expected(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("etl.yml");
      Files.writeString(file, "prometheus:\n  url: ftp://x\n");
      assertThat(Main.run("status", "--config", file.toString())).isEqualTo(ExitCodes.USAGE);
      assertThat(err()).contains("prometheus.url", "an http:// or https:// URL", "ftp://x");
    }

    @Test
    void a_missing_file_is_named(@TempDir Path dir) {
      Path file = dir.resolve("nope.yml");
      assertThat(Main.run("status", "--config", file.toString())).isEqualTo(ExitCodes.USAGE);
      assertThat(err()).contains(file.toString(), "not found");
    }

    @Test
    void a_bad_interval_is_a_usage_error(@TempDir Path dir) {
      assertThat(Main.run("daemon", "--interval", "soon", "--data-dir", dir.toString()))
          .isEqualTo(ExitCodes.USAGE);
      assertThat(err()).contains("--interval", "soon");
    }
  }

  @Test
  void flags_override_the_file_and_keep_the_rest_of_it(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("etl.yml");
    Files.writeString(file, "sources: [journal]\nprometheus:\n  url: http://prom:9090\n");
    ConnectionOptions options = new ConnectionOptions();
    options.config = file;
    options.journal = dir.resolve("journal");
    EtlConfig resolved = options.resolve();
    assertThat(resolved.sources()).containsExactly("journal");
    assertThat(resolved.prometheus().url()).hasToString("http://prom:9090");
    assertThat(resolved.journal().dir()).isEqualTo(dir.resolve("journal"));
  }

  @Test
  void a_bad_log_level_names_the_levels() {
    assertThat(Main.run("status", "--log-level", "loud")).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("--log-level", "loud", "TRACE, DEBUG, INFO, WARN, ERROR");
  }

  @Test
  void the_log_level_decides_which_lines_reach_standard_error(@TempDir Path dir) {
    String dataDir = dir.resolve("pg").toString();
    assertThat(Main.run("status", "--data-dir", dataDir, "--log-level", "WARN")).isZero();
    assertThat(err()).doesNotContain(" INFO ");
    err.reset();
    assertThat(Main.run("status", "--data-dir", dataDir, "--log-level", "info")).isZero();
    assertThat(err()).contains(" INFO  EmbeddedServer: started the embedded PostgreSQL");
  }

  @Test
  void status_on_a_fresh_database_says_nothing_is_loaded(@TempDir Path dir) {
    assertThat(Main.run("status", "--data-dir", dir.resolve("pg").toString())).isZero();
    assertThat(out()).contains("none yet: run sync or backfill", "journal: 0 segments");
  }
}
