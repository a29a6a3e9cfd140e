package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack's configurations through the real tools, laid out as the containers see them:
 * {@code promtool check config} on Prometheus' configuration with the mounted rule files, and
 * {@code amtool check-config} on Alertmanager's configuration as {@code render-config.sh} renders
 * it at start-up; and the renderer's own behaviour.
 */
class ComposeConfigsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Path RENDER = Repo.COMPOSE.resolve("alertmanager/render-config.sh");

  private final ComposeFile compose = ComposeFile.load();

  @Test
  void promtool_accepts_the_prometheus_configuration_and_every_mounted_rule_file(@TempDir Path dir)
      throws IOException {
    ContainerLayout container = ContainerLayout.of(compose, "prometheus", dir);
    Path config = container.path("/etc/prometheus/prometheus.yml");
    // the absolute rule paths of the container, under the temporary root
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode root = (ObjectNode) yaml.readTree(config.toFile());
    ArrayNode ruleFiles = root.putArray("rule_files");
    PrometheusConfig.load().ruleFiles().forEach(f -> ruleFiles.add(container.path(f).toString()));
    yaml.writeValue(config.toFile(), root);

    Processes.Result r =
        Processes.run(
            List.of(Binaries.promtool().toString(), "check", "config", config.toString()),
            "",
            TIMEOUT);

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout() + r.stderr())
        .as(r.describe())
        .contains("SUCCESS: " + generatedRuleFiles() + " rule files found");
  }

  @Test
  void amtool_accepts_the_alertmanager_configuration_rendered_without_any_placeholder_filled(
      @TempDir Path dir) {
    Path rendered = renderAsTheContainerDoes(dir, List.of());
    assertThat(Repo.read(rendered)).contains("${TELEGRAM_BOT_TOKEN}");
    checkConfig(rendered);
  }

  @Test
  void amtool_accepts_the_alertmanager_configuration_rendered_with_every_placeholder_filled(
      @TempDir Path dir) {
    List<String> env = new ArrayList<>();
    ComposeSecretsTest.alertmanagerPlaceholders().forEach(n -> env.add(n + "=test-" + n.length()));
    Path rendered = renderAsTheContainerDoes(dir, env);
    assertThat(Repo.read(rendered)).doesNotContain("${").contains("bot_token: 'test-18'");
    checkConfig(rendered);
  }

  /** Runs the entrypoint's render step on the mounts copied under {@code dir}. */
  private Path renderAsTheContainerDoes(Path dir, List<String> env) {
    ContainerLayout container = ContainerLayout.of(compose, "alertmanager", dir);
    List<String> entrypoint = compose.entrypoint("alertmanager");
    List<String> command = new ArrayList<>(List.of("env"));
    ComposeSecretsTest.alertmanagerPlaceholders().forEach(n -> command.addAll(List.of("-u", n)));
    command.addAll(env);
    command.addAll(
        List.of(
            entrypoint.get(0),
            container.path(entrypoint.get(1)).toString(),
            container.path(entrypoint.get(2)).toString(),
            container.path(entrypoint.get(3)).toString()));
    Processes.Result r = Processes.run(command, "", TIMEOUT);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return container.path(entrypoint.get(3)).resolve("alertmanager.yml");
  }

  private static void checkConfig(Path config) {
    Processes.Result r =
        Processes.run(
            List.of(Binaries.amtool().toString(), "check-config", config.toString()), "", TIMEOUT);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("SUCCESS").contains("Found:");
    assertThat(r.stdout()).as("the template beside it is loaded").contains("- 1 templates");
  }

  private static long generatedRuleFiles() throws IOException {
    try (Stream<Path> files = Files.list(Repo.path("alert-rules/generated/prometheus"))) {
      return files.filter(f -> f.toString().endsWith(".rules.yml")).count();
    }
  }

  /** render-config.sh on a small configuration of its own. */
  @Nested
  class RenderConfig {
    private static final String CONFIG =
        """
        receivers:
          - name: chat
            telegram_configs:
              - bot_token: '${BOT_TOKEN}'
                chat_id: 1
                message: '{{ range .Alerts }}{{ $labels.instance }} ${{ $value }}{{ end }}'
            webhook_configs:
              - url: https://hooks.example.com/${HOOK_ID}/x
                http_config:
                  authorization:
                    credentials_file: /etc/alertmanager/secrets/webhook-token
        """;

    @Test
    void fills_the_placeholders_whose_variables_are_set_and_leaves_the_others(@TempDir Path dir)
        throws IOException {
      Processes.Result r = render(dir, List.of("BOT_TOKEN=123:abc&/x"));

      assertThat(r.exitCode()).as(r.describe()).isZero();
      String out = Files.readString(dir.resolve("out/alertmanager.yml"));
      assertThat(out)
          .contains("bot_token: '123:abc&/x'")
          .contains("url: https://hooks.example.com/${HOOK_ID}/x");
      assertThat(r.stderr())
          .contains("filled ${BOT_TOKEN}")
          .contains("HOOK_ID is not set")
          .doesNotContain("123:abc");
    }

    @Test
    void leaves_go_templates_and_other_dollar_signs_alone(@TempDir Path dir) throws IOException {
      Processes.Result r = render(dir, List.of("BOT_TOKEN=t", "HOOK_ID=h", "labels=no"));

      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(Files.readString(dir.resolve("out/alertmanager.yml")))
          .contains("message: '{{ range .Alerts }}{{ $labels.instance }} ${{ $value }}{{ end }}'");
    }

    @Test
    void refuses_a_value_the_quoted_yaml_cannot_take_without_printing_it(@TempDir Path dir) {
      Processes.Result r = render(dir, List.of("BOT_TOKEN=it's"));

      assertThat(r.exitCode()).as(r.describe()).isNotZero();
      assertThat(r.stderr()).contains("BOT_TOKEN holds a quote").doesNotContain("it's");
      assertThat(dir.resolve("out/alertmanager.yml")).doesNotExist();
    }

    @Test
    void writes_files_only_their_owner_can_read_with_the_templates_beside_them(@TempDir Path dir)
        throws IOException {
      Processes.Result r = render(dir, List.of());

      assertThat(r.exitCode()).as(r.describe()).isZero();
      for (String file : List.of("alertmanager.yml", "dropscope.tmpl")) {
        assertThat(
                PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("out/" + file))))
            .as(file)
            .isEqualTo("rw-------");
      }
    }

    @Test
    void points_the_secret_files_at_another_directory_when_given_one(@TempDir Path dir)
        throws IOException {
      Processes.Result r = render(dir, List.of(), "/srv/secrets");

      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(Files.readString(dir.resolve("out/alertmanager.yml")))
          .contains("credentials_file: /srv/secrets/webhook-token");
    }

    @Test
    void runs_the_command_after_the_double_dash_once_rendered(@TempDir Path dir) {
      Processes.Result r =
          render(dir, List.of(), "--", "cat", dir.resolve("out/alertmanager.yml").toString());

      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).contains("bot_token: '${BOT_TOKEN}'");
    }

    /** render-config.sh SOURCE OUT ARGS... with only {@code env} of the placeholders set. */
    private Processes.Result render(Path dir, List<String> env, String... args) {
      List<String> command = new ArrayList<>(List.of("env", "-u", "BOT_TOKEN", "-u", "HOOK_ID"));
      command.addAll(env);
      command.addAll(
          List.of("sh", RENDER.toString(), source(dir).toString(), dir.resolve("out").toString()));
      command.addAll(List.of(args));
      return Processes.run(command, "", TIMEOUT);
    }

    private static Path source(Path dir) {
      Path source = dir.resolve("source");
      try {
        Files.createDirectories(source);
        Files.writeString(source.resolve("alertmanager.yml"), CONFIG);
        Files.writeString(source.resolve("dropscope.tmpl"), "{{ define \"x\" }}x{{ end }}\n");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return source;
    }
  }
}
