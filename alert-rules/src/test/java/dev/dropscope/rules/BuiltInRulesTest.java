package dev.dropscope.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.rules.model.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in bundle: at least 25 alerts over every pack, each with a runbook section in
 * docs/runbooks.md (meaning, likely causes, first steps) that states its severity and priority.
 */
class BuiltInRulesTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path RUNBOOKS = MODULE.resolveSibling("docs").resolve("runbooks.md");
  private static List<Rule.Alert> alerts;
  private static Map<String, String> sections;

  @BeforeAll
  static void load() throws IOException {
    alerts = RulesProject.in(MODULE).load().bundle().alerts().toList();
    sections = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?m)^## (\\S+)\\n((?:(?!^## ).*\\n?)*)")
            .matcher(Files.readString(RUNBOOKS));
    while (m.find()) {
      sections.put(m.group(1), m.group(2));
    }
  }

  @Test
  void has_at_least_25_alerts_covering_every_pack() {
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(25);
    assertThat(alerts.stream().map(a -> a.labels().get("pack")).distinct())
        .containsExactlyInAnyOrder("airdrops", "exporter", "gateway", "host", "trading");
  }

  @Test
  void every_alert_has_a_runbook_section_at_its_runbook_url_anchor() {
    for (Rule.Alert a : alerts) {
      assertThat(a.annotations().get("runbook_url"))
          .endsWith("/docs/runbooks.md#" + a.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(sections)
          .as("docs/runbooks.md has a '## %s' section", a.name())
          .containsKey(a.name());
    }
  }

  @Test
  void every_runbook_section_says_meaning_causes_and_first_steps() {
    sections.forEach(
        (name, body) ->
            assertThat(body)
                .as("section %s of docs/runbooks.md", name)
                .contains("**Meaning**", "**Likely causes**", "**First steps**"));
  }

  @Test
  void every_runbook_section_states_the_alerts_severity_and_priority() {
    for (Rule.Alert a : alerts) {
      assertThat(sections.get(a.name()).strip())
          .as("first line of section %s of docs/runbooks.md", a.name())
          .startsWith(
              a.labels().get("severity") + " · priority " + a.labels().get("priority") + " · ");
    }
  }

  @Test
  void no_runbook_section_is_left_for_an_alert_that_is_gone() {
    assertThat(sections.keySet())
        .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Rule.Alert::name).toList());
  }
}
