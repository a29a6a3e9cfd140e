package dev.dropscope.rules.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable {@code alert-rules/target/dropscope-rules.jar} as users run it, from the repository
 * root: it starts without the exporter's runtime it leaves out, checks the committed bundle, and
 * refuses a bad spec with exit code 2.
 */
class RulesJarIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Path REPO = Bundle.MODULE.getParent();

  private static Processes.Result jar(String... args) {
    String jar = System.getProperty("dropscope.rules.jar");
    assertThat(jar).as("system property dropscope.rules.jar (set by failsafe)").isNotNull();
    List<String> command =
        new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", REPO.toString()));
    command.addAll(List.of(Processes.java().toString(), "-jar", jar));
    command.addAll(List.of(args));
    return Processes.run(command, "", TIMEOUT);
  }

  @Test
  void help_describes_both_commands() {
    Processes.Result r = jar("--help");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("generate", "check", "Exit codes");
  }

  @Test
  void check_passes_on_the_committed_bundle_from_the_repository_root() {
    Processes.Result r = jar("check");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout())
        .as(r.describe())
        .contains("pass every check", "alert-rules/generated is up to date");
  }

  @Test
  void check_refuses_a_bad_spec_with_exit_code_2(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("bad.yml"),
        "pack: host\nalerts:\n  - {name: HostDown, metric: node_up, condition: eq, threshold: 0,"
            + " severity: high, summary: x, description: y}\n");
    Processes.Result r = jar("check", "--skip-generated", "--rules", dir.toString());
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.stderr())
        .contains(
            dir.resolve("bad.yml")
                + ": alerts[0].metric: expected a metric of a pack, the host set, the exporter's own"
                + " set or a recording rule, found 'node_up'");
  }
}
