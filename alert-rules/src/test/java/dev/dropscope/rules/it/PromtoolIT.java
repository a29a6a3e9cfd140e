package dev.dropscope.rules.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated rules and their unit tests through the real promtool 2.42: every rule file passes
 * {@code check rules} with every lint, every test file passes {@code test rules}, and the tests
 * have teeth: an alert that never fires fails its firing test, one that fires at once fails its
 * pending and quiet tests.
 */
class PromtoolIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final YAMLMapper YAML = new YAMLMapper();

  private static List<Path> ruleFiles() {
    List<Path> all =
        new ArrayList<>(Bundle.files(Bundle.GENERATED.resolve("prometheus"), ".rules.yml"));
    all.addAll(Bundle.files(Bundle.GOLDEN.resolve("prometheus"), ".rules.yml"));
    return all;
  }

  private static List<Path> testFiles() {
    List<Path> all = new ArrayList<>(Bundle.files(Bundle.GENERATED.resolve("tests"), ".test.yml"));
    all.addAll(Bundle.files(Bundle.GOLDEN.resolve("tests"), ".test.yml"));
    return all;
  }

  @TestFactory
  Stream<DynamicTest> every_rule_file_passes_promtool_check_rules_with_every_lint() {
    return ruleFiles().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    Bundle.MODULE.relativize(file).toString(),
                    () -> {
                      Processes.Result r =
                          Processes.run(
                              List.of(
                                  Binaries.promtool().toString(),
                                  "check",
                                  "rules",
                                  "--lint=all",
                                  "--lint-fatal",
                                  file.toString()),
                              "",
                              TIMEOUT);
                      assertThat(r.exitCode()).as(r.describe()).isZero();
                      assertThat(r.stdout()).as(r.describe()).contains("SUCCESS");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> every_generated_unit_test_passes_promtool_test_rules() {
    return testFiles().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    Bundle.MODULE.relativize(file).toString(),
                    () -> {
                      Processes.Result r = testRules(file);
                      assertThat(r.exitCode()).as(r.describe()).isZero();
                      assertThat(r.stdout() + r.stderr()).as(r.describe()).contains("SUCCESS");
                    }));
  }

  @Test
  void firing_tests_fail_when_no_alert_ever_fires(@TempDir Path tmp) throws IOException {
    List<String> alerts = new ArrayList<>();
    mutateAll(
        tmp,
        rule -> {
          alerts.add(rule.get("alert").asText());
          rule.put("expr", "vector(1) > 2");
        });
    for (Path test : Bundle.files(tmp.resolve("tests"), ".test.yml")) {
      Processes.Result r = testRules(test);
      assertThat(r.exitCode()).as(r.describe()).isNotZero();
      for (String alert : alertsOf(test)) {
        assertThat(r.stderr())
            .as("firing test of %s must fail", alert)
            .contains("name: " + alert + " is ");
      }
    }
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(25);
  }

  @Test
  void pending_and_quiet_tests_fail_when_every_alert_fires_at_once(@TempDir Path tmp)
      throws IOException {
    mutateAll(
        tmp,
        rule -> {
          rule.put("expr", "vector(1)");
          rule.remove("for");
        });
    for (Path test : Bundle.files(tmp.resolve("tests"), ".test.yml")) {
      Processes.Result r = testRules(test);
      assertThat(r.exitCode()).as(r.describe()).isNotZero();
      for (String alert : alertsOf(test)) {
        assertThat(r.stderr())
            .as("quiet test of %s must fail", alert)
            .contains("name: " + alert + " stays quiet on input close to its threshold");
      }
    }
  }

  /** promtool resolves a test file's rule_files relative to the test file. */
  private static Processes.Result testRules(Path file) {
    return Processes.run(
        List.of(Binaries.promtool().toString(), "test", "rules", file.toString()), "", TIMEOUT);
  }

  /** Copies the generated tests and a mutated copy of every rule file into {@code tmp}. */
  private static void mutateAll(Path tmp, Consumer<ObjectNode> alertRule) throws IOException {
    Files.createDirectories(tmp.resolve("prometheus"));
    Files.createDirectories(tmp.resolve("tests"));
    for (Path rules : Bundle.files(Bundle.GENERATED.resolve("prometheus"), ".rules.yml")) {
      JsonNode doc = YAML.readTree(rules.toFile());
      for (JsonNode group : doc.path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.has("alert")) {
            alertRule.accept((ObjectNode) rule);
          }
        }
      }
      YAML.writeValue(tmp.resolve("prometheus").resolve(rules.getFileName()).toFile(), doc);
    }
    for (Path test : Bundle.files(Bundle.GENERATED.resolve("tests"), ".test.yml")) {
      Files.copy(test, tmp.resolve("tests").resolve(test.getFileName()));
    }
  }

  private static List<String> alertsOf(Path testFile) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode test : YAML.readTree(testFile.toFile()).path("tests")) {
      for (JsonNode t : test.path("alert_rule_test")) {
        String name = t.path("alertname").asText();
        if (!out.contains(name)) {
          out.add(name);
        }
      }
    }
    return out;
  }
}
