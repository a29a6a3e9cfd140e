package dev.dropscope.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, and bad input ends with exit code 2 and one clear line. */
class MainTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void help_lists_every_flag_and_the_default_port() {
    Run r = run("--help");
    assertThat(r.code).isZero();
    assertThat(r.out)
        .contains("--host=ADDR", "--port=PORT", "--config=FILE", "--log-level=LEVEL", "19100");
  }

  @Test
  void config_error_exits_2_with_one_line_naming_the_key(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, "host:\n  collectors: [cpu, disk]\n");
    Run r = run("--config", file.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err.strip())
        .isEqualTo(
            "dropscope-exporter: config error: "
                + file
                + ": host.collectors[1]: expected one of"
                + " cpu|diskstats|filesystem|loadavg|meminfo|netdev|stat|time|uname, found 'disk'")
        .doesNotContain("\n");
  }

  @Test
  void unknown_flag_exits_2() {
    Run r = run("--prot=1");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).startsWith("Unknown option: '--prot=1'");
  }

  @Test
  void port_out_of_range_on_the_command_line_exits_2() {
    Run r = run("--port", "99999");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err.strip())
        .isEqualTo(
            "dropscope-exporter: config error: --port: expected a TCP port from 0 to 65535, found 99999");
  }

  @Test
  void bad_log_level_on_the_command_line_exits_2() {
    Run r = run("--log-level", "loud");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err.strip())
        .isEqualTo(
            "dropscope-exporter: config error: level: expected trace|debug|info|warn|error, found 'loud'");
  }
}
