package dev.dropscope.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dropscope.grafana.query.ProvisionedDashboard;
import dev.dropscope.grafana.query.QueryTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The hand-written provisioning files: what Grafana reads before it reads any dashboard. */
class ProvisioningFilesTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  /** {@code $NAME}, {@code ${NAME}} and anything else that starts with a dollar sign. */
  private static final Pattern REFERENCE = Pattern.compile("\\$(\\{[^}]*}|\\w+)");

  @Nested
  class Datasources {
    private final JsonNode datasources = read().path("datasources");

    private JsonNode read() {
      try {
        return YAML.readTree(Module.DATASOURCES.toFile());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    private JsonNode byUid(String uid) {
      for (JsonNode d : datasources) {
        if (d.path("uid").asText().equals(uid)) {
          return d;
        }
      }
      throw new AssertionError("no datasource with uid " + uid + " in " + Module.DATASOURCES);
    }

    @Test
    void provisions_prometheus_and_postgres_under_their_fixed_uids() {
      assertThat(byUid("prometheus").path("type").asText()).isEqualTo("prometheus");
      assertThat(byUid("postgres").path("type").asText())
          .isEqualTo("grafana-postgresql-datasource");
      assertThat(datasources).hasSize(2);
    }

    @Test
    void postgres_reads_as_the_read_only_role_with_the_password_from_the_environment() {
      JsonNode pg = byUid("postgres");
      assertThat(pg.path("user").asText()).isEqualTo("dropscope_reader");
      assertThat(pg.path("jsonData").path("database").asText()).isEqualTo("dropscope");
      assertThat(pg.path("secureJsonData").path("password").asText())
          .isEqualTo("$DROPSCOPE_READER_PASSWORD");
      assertThat(pg.path("url").asText()).isEqualTo("$DROPSCOPE_POSTGRES_ADDRESS");
    }

    @Test
    void prometheus_url_comes_from_the_environment() {
      assertThat(byUid("prometheus").path("url").asText()).isEqualTo("$DROPSCOPE_PROMETHEUS_URL");
    }

    @Test
    void every_datasource_a_dashboard_uses_is_provisioned() {
      Set<String> used = new TreeSet<>();
      for (QueryTarget t : ProvisionedDashboard.targets(Module.DASHBOARDS)) {
        assertThat(t.datasource()).as(t.where()).isNotNull();
        used.add(t.datasource().uid());
      }
      Set<String> provisioned = new TreeSet<>();
      datasources.forEach(d -> provisioned.add(d.path("uid").asText()));
      assertThat(provisioned).containsAll(used);
    }

    /**
     * Grafana expands $NAME and ${NAME} with os.ExpandEnv: ${NAME:-default} would become the empty
     * string, silently.
     */
    @Test
    void environment_references_use_the_syntax_grafana_expands() throws IOException {
      List<String> bad = new ArrayList<>();
      for (String line : Files.readAllLines(Module.DATASOURCES)) {
        if (line.strip().startsWith("#")) {
          continue;
        }
        Matcher m = REFERENCE.matcher(line);
        while (m.find()) {
          if (!m.group(1).matches("\\w+|\\{\\w+}")) {
            bad.add(m.group());
          }
        }
      }
      assertThat(bad).as("references Grafana cannot expand").isEmpty();
    }
  }

  @Nested
  class Provider {
    @Test
    void is_a_file_provider_into_the_dropscope_folder() throws IOException {
      JsonNode providers = YAML.readTree(Module.PROVIDER.toFile()).path("providers");
      assertThat(providers).hasSize(1);
      JsonNode p = providers.path(0);
      assertThat(p.path("type").asText()).isEqualTo("file");
      assertThat(p.path("folder").asText()).isEqualTo("dropscope");
      assertThat(p.path("options").path("path").asText())
          .isEqualTo("/etc/grafana/provisioning/dashboards");
    }
  }

  @Nested
  class Docs {
    @Test
    void the_readme_and_the_dashboards_page_name_every_dashboard() throws IOException {
      String readme = Files.readString(Module.DIR.resolve("README.md"));
      String page = Files.readString(Module.DIR.resolve("../docs/dashboards.md"));
      for (ProvisionedDashboard d : ProvisionedDashboard.readAll(Module.DASHBOARDS)) {
        assertThat(readme).as("README.md names %s", d.uid()).contains(d.uid());
        assertThat(page).as("docs/dashboards.md names %s", d.uid()).contains(d.uid());
      }
    }
  }
}
