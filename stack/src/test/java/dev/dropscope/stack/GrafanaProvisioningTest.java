package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dropscope.stack.ComposeFile.Mount;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Grafana's provisioning, as compose mounts it: the datasources directory, the dashboard provider
 * file and the dashboards directory of {@code grafana-provisioning/}, and whether what they say
 * fits the stack (the provider reads the directory the dashboards are mounted at, the datasources
 * reach the services by their compose names, passwords come from files).
 */
class GrafanaProvisioningTest {
  static final Path DATASOURCES = Repo.path("grafana-provisioning/datasources");
  static final Path PROVIDERS = Repo.path("grafana-provisioning/dashboards.yml");
  static final Path DASHBOARDS = Repo.path("grafana-provisioning/dashboards");

  private static final Map<String, Integer> SERVICE_PORTS =
      Map.of("prometheus", 9090, "postgres", 5432, "alertmanager", 9093);

  private final ComposeFile compose = ComposeFile.load();

  @Test
  void compose_mounts_the_provisioning_where_grafana_reads_it() {
    assertThat(mountOf(DATASOURCES).target()).isEqualTo("/etc/grafana/provisioning/datasources");
    assertThat(mountOf(PROVIDERS).target()).startsWith("/etc/grafana/provisioning/dashboards/");
    assertThat(mountOf(PROVIDERS).target()).endsWith(".yml");
  }

  @Test
  void the_dashboard_provider_reads_the_directory_the_dashboards_are_mounted_at()
      throws IOException {
    JsonNode providers = new YAMLMapper().readTree(PROVIDERS.toFile()).path("providers");
    assertThat(providers).as(Repo.relative(PROVIDERS) + " providers").isNotEmpty();
    for (JsonNode provider : providers) {
      assertThat(provider.path("type").asText("file")).isEqualTo("file");
      // the provider scans its path and the directories below it
      String path = provider.path("options").path("path").asText();
      assertThat(mountOf(DASHBOARDS).target() + "/")
          .as("provider %s options.path %s", provider.path("name").asText(), path)
          .startsWith(path.endsWith("/") ? path : path + "/");
    }
  }

  @Test
  void there_are_dashboards_to_provision() throws IOException {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      assertThat(files.filter(f -> f.toString().endsWith(".json"))).isNotEmpty();
    }
  }

  @Test
  void the_datasources_reach_the_services_by_their_compose_names_with_passwords_from_files()
      throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(DATASOURCES)) {
      files = list.filter(f -> f.toString().matches(".*\\.ya?ml")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      for (JsonNode ds : new YAMLMapper().readTree(file.toFile()).path("datasources")) {
        String where = Repo.relative(file) + " datasource " + ds.path("name").asText();
        Map<String, String> env = compose.environment("grafana");
        String url = expand(ds.path("url").asText(), env, where);
        URI uri = URI.create(url.contains("://") ? url : "tcp://" + url);
        assertThat(SERVICE_PORTS).as(where + " url " + url).containsKey(uri.getHost());
        assertThat(uri.getPort()).as(where).isEqualTo(SERVICE_PORTS.get(uri.getHost()));
        // a password is a variable the entrypoint exports from a compose secret granted to grafana
        String entrypoint = String.join(" ", compose.entrypoint("grafana"));
        ds.path("secureJsonData")
            .properties()
            .forEach(
                secret -> {
                  String variable = secret.getValue().asText().replaceAll("^\\$\\{?|\\}$", "");
                  assertThat(compose.secrets("grafana"))
                      .as(where + " secureJsonData." + secret.getKey())
                      .anySatisfy(
                          granted ->
                              assertThat(entrypoint)
                                  .contains(
                                      variable + "=\"$$(cat /run/secrets/" + granted + ")\""));
                  assertThat(env)
                      .as(where + ": no password in the environment")
                      .doesNotContainKey(variable);
                });
      }
    }
  }

  /** Grafana's $NAME and ${NAME}, from the service's environment; unset is an error. */
  private static String expand(String value, Map<String, String> env, String where) {
    var m = java.util.regex.Pattern.compile("\\$\\{?(\\w+)\\}?").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      assertThat(v).as(where + ": grafana's environment sets " + m.group(1)).isNotNull();
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Mount mountOf(Path source) {
    return compose.mounts("grafana").stream()
        .filter(m -> m.isBind() && m.hostPath().equals(source))
        .findFirst()
        .orElseThrow(() -> new AssertionError("grafana does not mount " + Repo.relative(source)));
  }
}
