package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dropscope.stack.ComposeFile.Interpolation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * No default credentials: secrets reach the containers as files, from variables that .env.example
 * leaves empty; and every variable compose.yaml reads is in .env.example, with the same default.
 */
class ComposeSecretsTest {
  static final Path ENV_EXAMPLE = Repo.COMPOSE.resolve(".env.example");

  /** Names that hold a secret; Alertmanager's placeholders are secrets too (see below). */
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|token|secret|credential|api_?key|user_key).*");

  private final ComposeFile compose = ComposeFile.load();

  /** The {@code ${NAME}} placeholders of the generated Alertmanager configuration. */
  static Set<String> alertmanagerPlaceholders() {
    String config = Repo.read(Repo.path("alert-rules/generated/alertmanager/alertmanager.yml"));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}").matcher(config);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** {@code .env.example} as name to value, in file order. */
  static Map<String, String> envExample() {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String line : Repo.read(ENV_EXAMPLE).lines().toList()) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      assertThat(eq).as(".env.example line '%s' is NAME=VALUE", line).isPositive();
      vars.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return vars;
  }

  private Set<String> secretVariables() {
    Set<String> names = new TreeSet<>(alertmanagerPlaceholders());
    compose.secretDefinitions().values().forEach(d -> names.add(d.path("environment").asText()));
    compose.variables().stream().filter(v -> SECRET_NAME.matcher(v).matches()).forEach(names::add);
    return names;
  }

  @Nested
  class NoDefaultCredentials {
    @Test
    void every_secret_comes_from_an_environment_variable_never_from_a_file_in_the_repository() {
      Map<String, JsonNode> secrets = compose.secretDefinitions();
      assertThat(secrets)
          .containsOnlyKeys(
              "ingest_token",
              "postgres_password",
              "etl_db_password",
              "reader_password",
              "grafana_admin_password");
      secrets.forEach(
          (name, definition) -> {
            assertThat(definition.path("environment").asText())
                .as(name)
                .matches("DROPSCOPE_[A-Z_]+");
            assertThat(definition.has("file")).as(name).isFalse();
          });
    }

    @Test
    void every_secret_a_service_is_granted_is_defined() {
      for (String service : compose.serviceNames()) {
        assertThat(compose.secretDefinitions().keySet())
            .as(service)
            .containsAll(compose.secrets(service));
      }
    }

    @Test
    void no_service_environment_holds_a_secret_value() {
      for (String service : compose.serviceNames()) {
        compose
            .environment(service)
            .forEach(
                (name, value) -> {
                  if (!SECRET_NAME.matcher(name).matches()) {
                    return;
                  }
                  if (name.endsWith("_FILE")) {
                    String secret = value.replaceFirst("^/run/secrets/", "");
                    assertThat(value).as("%s %s", service, name).startsWith("/run/secrets/");
                    assertThat(compose.secrets(service))
                        .as("%s %s", service, name)
                        .contains(secret);
                  } else {
                    assertThat(value)
                        .as(
                            "%s %s is the variable of the same name, empty when unset",
                            service, name)
                        .isEqualTo("${" + name + ":-}");
                  }
                });
      }
    }

    @Test
    void no_interpolated_secret_has_a_default() {
      for (Interpolation i : compose.interpolations()) {
        if (secretVariables().contains(i.variable()) && i.hasDefault()) {
          assertThat(i.argument()).as("default of %s at %s", i.variable(), i.where()).isEmpty();
        }
      }
    }

    @Test
    void grafana_reads_its_admin_password_from_a_secret_and_refuses_an_empty_one() {
      Map<String, String> env = compose.environment("grafana");
      assertThat(env).doesNotContainKey("GF_SECURITY_ADMIN_PASSWORD");
      assertThat(env)
          .containsEntry("GF_SECURITY_ADMIN_PASSWORD__FILE", "/run/secrets/grafana_admin_password");
      assertThat(String.join(" ", compose.entrypoint("grafana")))
          .contains("[ -s /run/secrets/grafana_admin_password ] ||")
          .contains("exit 1")
          .contains("exec /run.sh");
    }

    @Test
    void postgres_reads_its_passwords_from_secrets_and_never_trusts() {
      Map<String, String> env = compose.environment("postgres");
      assertThat(env).doesNotContainKeys("POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD");
      assertThat(env)
          .containsEntry("POSTGRES_PASSWORD_FILE", "/run/secrets/postgres_password")
          .containsEntry("DROPSCOPE_ETL_PASSWORD_FILE", "/run/secrets/etl_db_password");
    }

    @Test
    void the_mounted_configurations_name_secret_files_only() throws IOException {
      for (Path file : new Path[] {ComposeFileTest.EXPORTER_YML, ComposeFileTest.ETL_YML}) {
        JsonNode root = new YAMLMapper().readTree(file.toFile());
        assertNoSecretValues(root, Repo.relative(file));
      }
    }

    private void assertNoSecretValues(JsonNode node, String where) {
      node.properties()
          .forEach(
              e -> {
                String at = where + ": " + e.getKey();
                if (e.getValue().isObject()) {
                  assertNoSecretValues(e.getValue(), at);
                } else if (SECRET_NAME.matcher(e.getKey()).matches()) {
                  assertThat(e.getKey()).as(at).endsWith("_file");
                  assertThat(e.getValue().asText()).as(at).startsWith("/run/secrets/");
                }
              });
    }

    @Test
    void env_example_leaves_every_secret_empty() {
      Map<String, String> example = envExample();
      for (String secret : secretVariables()) {
        assertThat(example).as(".env.example lists " + secret).containsKey(secret);
        assertThat(example.get(secret)).as(".env.example value of " + secret).isEmpty();
      }
    }

    @Test
    void alertmanager_gets_exactly_the_placeholders_of_the_generated_configuration() {
      assertThat(compose.environment("alertmanager").keySet())
          .containsExactlyInAnyOrderElementsOf(alertmanagerPlaceholders());
    }
  }

  @Nested
  class Variables {
    @Test
    void every_variable_compose_reads_is_in_env_example() {
      assertThat(envExample().keySet()).containsAll(compose.variables());
    }

    @Test
    void env_example_lists_only_variables_compose_reads() {
      assertThat(compose.variables()).containsAll(envExample().keySet());
    }

    @Test
    void the_defaults_in_compose_are_the_values_in_env_example() {
      Map<String, String> example = envExample();
      for (Interpolation i : compose.interpolations()) {
        if (i.hasDefault()) {
          assertThat(example.get(i.variable()))
              .as("%s at %s", i.variable(), i.where())
              .isEqualTo(i.argument());
        }
      }
    }

    @Test
    void compose_refers_to_variables_in_braces_only() {
      assertThat(compose.bareVariables()).isEmpty();
    }
  }
}
