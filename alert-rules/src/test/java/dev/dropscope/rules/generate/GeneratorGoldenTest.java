package dev.dropscope.rules.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.rules.RulesProject;
import dev.dropscope.testing.Golden;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator's text outputs for a small fixture spec ({@code src/test/resources/fixture/})
 * against committed golden files under {@code src/test/resources/golden/}.
 */
class GeneratorGoldenTest {
  private static SortedMap<String, String> files;

  @BeforeAll
  static void generate() {
    files = RulesProject.in(Path.of("src/test/resources/fixture")).load().files();
  }

  @Test
  void writes_one_rule_file_one_test_file_and_the_alertmanager_configuration() {
    assertThat(files)
        .containsOnlyKeys(
            "prometheus/fixture.rules.yml",
            "tests/fixture.test.yml",
            "alertmanager/alertmanager.yml",
            "alertmanager/dropscope.tmpl");
  }

  @Test
  void rule_file_matches_golden() {
    Golden.assertMatches(
        "golden/prometheus/fixture.rules.yml", files.get("prometheus/fixture.rules.yml"));
  }

  @Test
  void unit_tests_match_golden() {
    Golden.assertMatches("golden/tests/fixture.test.yml", files.get("tests/fixture.test.yml"));
  }

  @Test
  void alertmanager_configuration_matches_golden() {
    Golden.assertMatches(
        "golden/alertmanager/alertmanager.yml", files.get("alertmanager/alertmanager.yml"));
  }

  @Test
  void notification_templates_match_golden() {
    Golden.assertMatches(
        "golden/alertmanager/dropscope.tmpl", files.get("alertmanager/dropscope.tmpl"));
  }
}
