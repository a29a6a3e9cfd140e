package dev.dropscope.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, generate, check, and the exit code for each outcome. */
class MainTest {
  private static final String FIXTURE = "src/test/resources/fixture";

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

  private static String[] fixture(String command, Path out, String... more) {
    String[] base = {
      command,
      "--rules",
      FIXTURE + "/rules",
      "--channels",
      FIXTURE + "/channels.yml",
      "--settings",
      FIXTURE + "/settings.yml",
      "--out",
      out.toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void help_names_both_commands_and_the_exit_codes() {
    Run r = run("--help");
    assertThat(r.code).isZero();
    assertThat(r.out).contains("generate", "check", "Exit codes", "docs/alerting.md");
  }

  @Test
  void generate_help_lists_the_inputs_with_their_defaults() {
    Run r = run("generate", "--help");
    assertThat(r.code).isZero();
    assertThat(r.out)
        .contains(
            "--rules=DIR",
            "alert-rules/rules",
            "--channels=FILE",
            "--settings=FILE",
            "--out=DIR",
            "alert-rules/generated");
  }

  @Test
  void generate_writes_the_bundle_and_says_what_it_wrote(@TempDir Path out) {
    Run r = run(fixture("generate", out));
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out)
        .contains("wrote 4 files to " + out, "3 alerts and 1 recording rules in 1 groups");
    assertThat(out.resolve("prometheus/fixture.rules.yml")).isRegularFile();
    assertThat(out.resolve("tests/fixture.test.yml")).isRegularFile();
    assertThat(out.resolve("alertmanager/alertmanager.yml")).isRegularFile();
  }

  @Test
  void check_passes_on_fresh_output(@TempDir Path out) {
    run(fixture("generate", out));
    Run r = run(fixture("check", out));
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("pass every check", "is up to date");
  }

  @Test
  void check_exits_1_with_the_regenerate_command_when_output_is_stale(@TempDir Path out)
      throws IOException {
    run(fixture("generate", out));
    Files.writeString(out.resolve("tests/fixture.test.yml"), "edited\n");
    Files.writeString(out.resolve("prometheus/old.rules.yml"), "groups: []\n");
    Run r = run(fixture("check", out));
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err)
        .contains(
            "tests/fixture.test.yml (differs)",
            "prometheus/old.rules.yml (not generated any more)",
            "regenerate with: java -jar alert-rules/target/dropscope-rules.jar generate");
  }

  @Test
  void a_bad_spec_exits_2_with_one_line_per_problem_and_writes_nothing(@TempDir Path dir)
      throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("bad.yml"),
        """
        pack: host
        alerts:
          - name: host_down
            metric: node_lod1
            condition: gt
            threshold: 1
            severity: urgent
            summary: x
            description: y
            test: {fire: {series: {'node_load1{a="b"}': '1+0x9'}, from: 1m, labels: {}}, quiet: {series: {'node_load1{a="b"}': '1+0x9'}}}
        """);
    Path out = dir.resolve("out");
    Run r =
        run(
            "generate",
            "--rules",
            rules.toString(),
            "--channels",
            FIXTURE + "/channels.yml",
            "--settings",
            dir.resolve("none.yml").toString(),
            "--out",
            out.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err.lines().toList())
        .containsExactly(
            "dropscope-rules: 3 problems in the specs:",
            "  "
                + rules.resolve("bad.yml")
                + ": alerts[0].name: expected a CamelCase alert name like"
                + " HostCpuBusy, found 'host_down'",
            "  "
                + rules.resolve("bad.yml")
                + ": alerts[0].severity: expected low|medium|high|critical,"
                + " found 'urgent'",
            "  "
                + rules.resolve("bad.yml")
                + ": alerts[0].metric: expected a metric of a pack, the host"
                + " set, the exporter's own set or a recording rule, found 'node_lod1' (did you mean"
                + " 'node_load1'?)");
    assertThat(out).doesNotExist();
  }

  @Test
  void a_yaml_error_names_the_file_and_key() throws IOException {
    Path dir = Files.createTempDirectory("rules");
    Files.writeString(dir.resolve("x.yml"), "pack: host\nalert: []\n");
    Run r =
        run(
            "check",
            "--rules",
            dir.toString(),
            "--skip-generated",
            "--channels",
            FIXTURE + "/channels.yml");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err)
        .contains(
            dir.resolve("x.yml")
                + ": alert: unknown key; expected one of alerts, description, pack, recording");
  }
}
