package dev.dropscope.rules.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.rules.RulesProject;
import dev.dropscope.rules.alertmanager.Channels;
import dev.dropscope.rules.model.Rule;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Alertmanager configuration through the real Alertmanager 0.25 and amtool: it loads,
 * each severity (and the trading pack) routes to its receiver, every built-in alert routes where
 * its labels say, every notification template renders, and a critical alert inhibits the warning of
 * the same alertname and instance.
 */
class AlertmanagerConfigIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Path CONFIG = Bundle.GENERATED.resolve("alertmanager/alertmanager.yml");

  private static Processes.Result amtool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Binaries.amtool().toString());
    command.addAll(List.of(args));
    return Processes.run(command, "", TIMEOUT);
  }

  @TestFactory
  Stream<DynamicTest> amtool_check_config_accepts_the_generated_configurations() {
    return Stream.of(CONFIG, Bundle.GOLDEN.resolve("alertmanager/alertmanager.yml"))
        .map(
            config ->
                DynamicTest.dynamicTest(
                    Bundle.MODULE.relativize(config).toString(),
                    () -> {
                      // the golden config loads its template from next to it: use the generated one
                      Processes.Result r = amtool("check-config", config.toString());
                      assertThat(r.exitCode()).as(r.describe()).isZero();
                      assertThat(r.stdout()).as(r.describe()).contains("SUCCESS", "1 templates");
                    }));
  }

  /** Labels of an alert, and the receiver the routing must pick for it. */
  private record Route(String receiver, String... labels) {}

  @TestFactory
  Stream<DynamicTest> each_severity_routes_to_its_receiver() {
    return Stream.of(
            new Route("critical", "severity=critical"),
            new Route("warning", "severity=warning"),
            new Route("info", "severity=info"),
            new Route("trading-critical", "severity=critical", "pack=trading"),
            new Route("warning", "severity=warning", "pack=trading"),
            new Route("critical", "severity=critical", "pack=airdrops"),
            new Route("default", "alertname=FromAnotherRuleFile"))
        .map(
            route ->
                DynamicTest.dynamicTest(
                    String.join(",", route.labels()) + " -> " + route.receiver(),
                    () -> assertRoutesTo(route.receiver(), route.labels())));
  }

  @TestFactory
  Stream<DynamicTest> every_built_in_alert_routes_to_the_receiver_of_its_severity_and_pack() {
    RulesProject.Loaded loaded = RulesProject.in(Bundle.MODULE).load();
    Channels.Routing routing = loaded.channels().routing();
    return loaded
        .bundle()
        .alerts()
        .map(
            alert ->
                DynamicTest.dynamicTest(
                    alert.name(),
                    () -> {
                      String severity = alert.labels().get("severity");
                      String pack = alert.labels().get("pack");
                      String expected =
                          routing.packs().containsKey(pack)
                                  && routing.packs().get(pack).containsKey(severity)
                              ? pack + "-" + severity
                              : routing.severities().containsKey(severity) ? severity : "default";
                      assertRoutesTo(expected, labels(alert));
                    }));
  }

  private static String[] labels(Rule.Alert alert) {
    List<String> out = new ArrayList<>();
    out.add("alertname=" + alert.name());
    alert.labels().forEach((k, v) -> out.add(k + "=" + v));
    out.add("instance=bot-1:19100");
    return out.toArray(String[]::new);
  }

  private static void assertRoutesTo(String receiver, String... labels) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "config",
                "routes",
                "test",
                "--config.file=" + CONFIG,
                "--verify.receivers=" + receiver));
    args.addAll(List.of(labels));
    Processes.Result r = amtool(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout().strip()).as(r.describe()).isEqualTo(receiver);
  }

  @TestFactory
  Stream<DynamicTest> every_notification_template_renders() throws IOException {
    Path templates = Bundle.GENERATED.resolve("alertmanager/dropscope.tmpl");
    Matcher m = Pattern.compile("define \"([^\"]+)\"").matcher(Files.readString(templates));
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).contains("dropscope.title", "dropscope.text", "dropscope.email.html");
    return names.stream()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      Processes.Result r =
                          amtool(
                              "template",
                              "render",
                              "--template.glob=" + templates,
                              "--template.text={{ template \"" + name + "\" . }}");
                      assertThat(r.exitCode()).as(r.describe()).isZero();
                      assertThat(r.stdout()).as(r.describe()).isNotBlank();
                    }));
  }

  @Test
  void a_critical_alert_inhibits_the_warning_of_the_same_alertname_and_instance(@TempDir Path dir)
      throws IOException {
    Path config = dir.resolve("alertmanager.yml");
    Files.copy(CONFIG, config);
    Files.copy(
        Bundle.GENERATED.resolve("alertmanager/dropscope.tmpl"), dir.resolve("dropscope.tmpl"));
    try (AlertmanagerProcess am = AlertmanagerProcess.start(config, dir)) {
      String now = Instant.now().toString();
      am.post(
          "["
              + alert("HostFilesystemUsed", "critical", "host-1:19100", now)
              + ","
              + alert("HostFilesystemUsed", "warning", "host-1:19100", now)
              + ","
              + alert("HostFilesystemUsed", "warning", "host-2:19100", now)
              + ","
              + alert("HostCpuBusy", "warning", "host-1:19100", now)
              + "]");
      Map<String, String> state = awaitStates(am, 4);
      assertThat(state)
          .containsEntry("HostFilesystemUsed/critical/host-1:19100", "active")
          .containsEntry("HostFilesystemUsed/warning/host-1:19100", "suppressed")
          .containsEntry("HostFilesystemUsed/warning/host-2:19100", "active")
          .containsEntry("HostCpuBusy/warning/host-1:19100", "active");
    }
  }

  private static String alert(String name, String severity, String instance, String startsAt) {
    return "{\"labels\":{\"alertname\":\""
        + name
        + "\",\"severity\":\""
        + severity
        + "\",\"instance\":\""
        + instance
        + "\",\"pack\":\"host\"},\"startsAt\":\""
        + startsAt
        + "\"}";
  }

  /**
   * alertname/severity/instance to the alert's state, once Alertmanager holds {@code n} alerts and
   * has judged inhibition.
   */
  private static Map<String, String> awaitStates(AlertmanagerProcess am, int n) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Map<String, String> state = new LinkedHashMap<>();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      last = am.alerts();
      state.clear();
      for (JsonNode a : last) {
        JsonNode l = a.path("labels");
        state.put(
            l.path("alertname").asText()
                + "/"
                + l.path("severity").asText()
                + "/"
                + l.path("instance").asText(),
            a.path("status").path("state").asText());
      }
      if (state.size() == n && state.containsValue("suppressed")) {
        return state;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "Alertmanager never suppressed an alert; last /api/v2/alerts: " + last);
  }
}
