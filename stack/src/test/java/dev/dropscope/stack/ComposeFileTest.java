package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.exporter.config.ConfigLoader;
import dev.dropscope.exporter.config.ExporterConfig;
import dev.dropscope.stack.ComposeFile.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The structure of {@code compose/compose.yaml}: the services and how they are wired, the mounted
 * files, the images. Ports are {@link ComposePortsTest}'s, secrets and variables {@link
 * ComposeSecretsTest}'s, Grafana's provisioning {@link GrafanaProvisioningTest}'s.
 */
class ComposeFileTest {
  static final Path EXPORTER_YML = Repo.COMPOSE.resolve("exporter/exporter.yml");
  static final Path ETL_YML = Repo.COMPOSE.resolve("etl/etl.yml");

  private final ComposeFile compose = ComposeFile.load();

  @Nested
  class Services {
    @Test
    void runs_every_part_of_the_stack() {
      assertThat(compose.serviceNames())
          .containsExactlyInAnyOrder(
              "prometheus", "alertmanager", "grafana", "postgres", "exporter", "etl", "simulator");
    }

    @Test
    void the_simulator_runs_only_in_the_demo_profile() {
      assertThat(compose.profiles("simulator")).containsExactly("demo");
      compose.serviceNames().stream()
          .filter(s -> !s.equals("simulator"))
          .forEach(s -> assertThat(compose.profiles(s)).as(s).isEmpty());
    }

    @Test
    void every_long_running_service_has_a_healthcheck_and_restarts_unless_stopped() {
      for (String service : compose.serviceNames()) {
        if (service.equals("simulator")) {
          continue;
        }
        assertThat(compose.healthcheck(service)).as(service + " healthcheck.test").isNotEmpty();
        assertThat(compose.service(service).path("restart").asText())
            .as(service + " restart")
            .isEqualTo("unless-stopped");
      }
    }

    @Test
    void the_simulator_is_not_restarted_because_it_would_journal_its_history_twice() {
      assertThat(compose.service("simulator").path("restart").asText()).isEqualTo("no");
    }

    @Test
    void the_etl_waits_for_a_healthy_postgres() {
      assertThat(
              compose.service("etl").path("depends_on").path("postgres").path("condition").asText())
          .isEqualTo("service_healthy");
    }

    @Test
    void the_simulator_waits_for_a_healthy_exporter() {
      assertThat(
              compose
                  .service("simulator")
                  .path("depends_on")
                  .path("exporter")
                  .path("condition")
                  .asText())
          .isEqualTo("service_healthy");
    }

    @Test
    void the_etl_runs_the_daemon_on_the_services_of_the_stack() {
      assertThat(compose.command("etl").getFirst()).isEqualTo("daemon");
      assertThat(compose.commandFlag("etl", "--jdbc-url"))
          .isEqualTo("jdbc:postgresql://postgres:5432/dropscope");
      assertThat(compose.commandFlag("etl", "--prometheus")).isEqualTo("http://prometheus:9090");
      assertThat(compose.commandFlag("etl", "--journal")).isEqualTo("/data/journal");
      assertThat(compose.commandFlag("etl", "--interval"))
          .isEqualTo("${DROPSCOPE_ETL_INTERVAL:-5m}");
    }

    @Test
    void the_simulator_plays_every_pack_with_the_ingest_token() {
      assertThat(compose.command("simulator").getFirst()).isEqualTo("simulate");
      assertThat(compose.commandFlag("simulator", "--packs")).isEqualTo("airdrops,trading,gateway");
      assertThat(compose.commandFlag("simulator", "--token-file"))
          .isEqualTo("/run/secrets/ingest_token");
      assertThat(compose.secrets("simulator")).containsExactly("ingest_token");
    }
  }

  @Nested
  class Configurations {
    @Test
    void the_exporter_configuration_loads_listens_on_every_interface_and_runs_every_pack() {
      ExporterConfig config = new ConfigLoader().load(EXPORTER_YML);
      assertThat(config.server().host()).isEqualTo("0.0.0.0");
      assertThat(config.packs().builtin()).containsExactly("airdrops", "trading", "gateway");
      assertThat(config.ingest().tokenFile()).isEqualTo(Path.of("/run/secrets/ingest_token"));
    }

    @Test
    void the_exporter_journal_is_the_volume_the_etl_reads_read_only() {
      Path journal = new ConfigLoader().load(EXPORTER_YML).journal().dir();
      Mount written = mountAt("exporter", journal.toString());
      Mount read = mountAt("etl", compose.commandFlag("etl", "--journal"));
      assertThat(written.type()).isEqualTo("volume");
      assertThat(written.readOnly()).isFalse();
      assertThat(read.source()).isEqualTo(written.source());
      assertThat(read.readOnly()).as("the etl's journal mount is read-only").isTrue();
    }

    @Test
    void the_etl_configuration_loads_and_serves_metrics_on_every_interface() {
      EtlConfig config = EtlConfig.load(ETL_YML);
      assertThat(config.daemon().metricsHost()).isEqualTo("0.0.0.0");
      assertThat(config.database().user()).isEqualTo("dropscope_etl");
      assertThat(config.database().passwordFile())
          .isEqualTo(Path.of("/run/secrets/etl_db_password"));
      assertThat(config.reader().passwordFile()).isEqualTo(Path.of("/run/secrets/reader_password"));
    }

    @Test
    void the_services_mount_the_configurations_they_are_told_to_read() {
      assertThat(mountAt("exporter", compose.commandFlag("exporter", "--config")).hostPath())
          .isEqualTo(EXPORTER_YML);
      assertThat(mountAt("etl", compose.commandFlag("etl", "--config")).hostPath())
          .isEqualTo(ETL_YML);
      assertThat(mountAt("prometheus", "/etc/prometheus/prometheus.yml").hostPath())
          .isEqualTo(PrometheusConfig.FILE);
      assertThat(compose.command("prometheus"))
          .contains("--config.file=/etc/prometheus/prometheus.yml");
    }

    @Test
    void prometheus_runs_every_generated_rule_file() throws IOException {
      Mount rules = mountAt("prometheus", "/etc/prometheus/rules");
      assertThat(rules.hostPath()).isEqualTo(Repo.path("alert-rules/generated/prometheus"));
      assertThat(PrometheusConfig.load().ruleFiles())
          .containsExactly("/etc/prometheus/rules/*.rules.yml");
      try (Stream<Path> files = Files.list(rules.hostPath())) {
        assertThat(files.filter(f -> f.toString().endsWith(".rules.yml"))).isNotEmpty();
      }
    }

    @Test
    void prometheus_scrapes_every_job_the_rules_select() throws IOException {
      Set<String> selected = new TreeSet<>();
      Pattern job = Pattern.compile("job=\"([^\"]+)\"");
      try (Stream<Path> files = Files.list(Repo.path("alert-rules/generated/prometheus"))) {
        for (Path file : files.toList()) {
          Matcher m = job.matcher(Files.readString(file));
          while (m.find()) {
            selected.add(m.group(1));
          }
        }
      }
      assertThat(selected).isNotEmpty();
      assertThat(PrometheusConfig.load().jobs().keySet()).containsAll(selected);
    }

    @Test
    void prometheus_scrapes_at_the_interval_the_rules_were_written_for() throws IOException {
      JsonNode settings = new YAMLMapper().readTree(Repo.path("alert-rules/settings.yml").toFile());
      assertThat(PrometheusConfig.load().scrapeInterval())
          .isEqualTo(settings.path("scrape_interval").asText());
    }

    @Test
    void alertmanager_renders_the_generated_configuration_then_runs_on_the_result() {
      List<String> entrypoint = compose.entrypoint("alertmanager");
      String script = entrypoint.get(1);
      String sourceDir = entrypoint.get(2);
      String outDir = entrypoint.get(3);
      assertThat(entrypoint.getFirst()).isEqualTo("/bin/sh");
      assertThat(mountAt("alertmanager", script).hostPath())
          .isEqualTo(Repo.COMPOSE.resolve("alertmanager/render-config.sh"));
      assertThat(mountAt("alertmanager", sourceDir).hostPath())
          .isEqualTo(Repo.path("alert-rules/generated/alertmanager"));
      assertThat(mountAt("alertmanager", outDir).type())
          .as("rendered into a tmpfs")
          .isEqualTo("tmpfs");
      assertThat(entrypoint.subList(4, entrypoint.size()))
          .startsWith("--", "/bin/alertmanager")
          .contains("--config.file=" + outDir + "/alertmanager.yml");
    }

    @Test
    void alertmanager_finds_the_secret_files_of_the_generated_configuration_in_its_secrets_mount() {
      Mount secrets = mountAt("alertmanager", "/etc/alertmanager/secrets");
      assertThat(secrets.hostPath()).isEqualTo(Repo.COMPOSE.resolve("alertmanager/secrets"));
      String config = Repo.read(Repo.path("alert-rules/generated/alertmanager/alertmanager.yml"));
      Matcher file = Pattern.compile("_file: *(\\S+)").matcher(config);
      int files = 0;
      while (file.find()) {
        files++;
        assertThat(file.group(1)).startsWith(secrets.target() + "/");
      }
      assertThat(files).isPositive();
    }
  }

  @Nested
  class Mounts {
    @Test
    void every_bind_mounted_path_exists_in_the_repository() {
      for (Mount mount : compose.allMounts()) {
        if (!mount.isBind()) {
          continue;
        }
        assertThat(mount.hostPath())
            .as("%s mounts %s at %s", mount.service(), mount.source(), mount.target())
            .exists();
      }
    }

    @Test
    void bind_mounts_are_read_only() {
      compose.allMounts().stream()
          .filter(Mount::isBind)
          .forEach(
              m ->
                  assertThat(m.readOnly())
                      .as("%s: %s is read-only", m.service(), m.source())
                      .isTrue());
    }

    @Test
    void bind_mounts_stay_inside_the_repository() {
      compose.allMounts().stream()
          .filter(Mount::isBind)
          .forEach(m -> assertThat(m.hostPath()).as(m.source()).startsWithRaw(Repo.ROOT));
    }

    @Test
    void every_named_volume_is_declared() {
      compose.allMounts().stream()
          .filter(m -> m.type().equals("volume"))
          .forEach(m -> assertThat(compose.namedVolumes()).as(m.service()).contains(m.source()));
    }

    @Test
    void the_alertmanager_secrets_directory_exists_but_git_keeps_its_files_out() {
      Path ignore = Repo.COMPOSE.resolve("alertmanager/secrets/.gitignore");
      assertThat(Repo.read(ignore).lines()).contains("*", "!.gitignore");
    }
  }

  @Nested
  class Images {
    private static final Pattern VERSION = Pattern.compile("v?\\d+\\.\\d+(\\.\\d+)?");

    @Test
    void every_image_is_pinned_to_a_version() {
      for (String service : compose.serviceNames()) {
        String image = compose.image(service);
        assertThat(image).as(service + " image").isNotBlank();
        int colon = image.lastIndexOf(':');
        assertThat(colon).as(service + ": '" + image + "' has a tag").isPositive();
        String tag = image.substring(colon + 1);
        assertThat(tag).as(service).isNotEqualTo("latest");
        if (compose.service(service).has("build")) {
          continue;
        }
        assertThat(tag)
            .as("%s: %s is pinned to a version (major.minor at least)", service, image)
            .matches(VERSION.pattern() + "(-.+)?");
      }
    }

    @Test
    void the_images_built_here_carry_the_project_version_and_their_module_dockerfile() {
      String version = System.getProperty("dropscope.version");
      assertThat(version).as("system property dropscope.version (set by Maven)").isNotBlank();
      assertThat(built("exporter")).isEqualTo("exporter/Dockerfile");
      assertThat(built("simulator")).isEqualTo("exporter/Dockerfile");
      assertThat(built("etl")).isEqualTo("etl/Dockerfile");
      assertThat(compose.image("exporter")).isEqualTo("dropscope-exporter:" + version);
      assertThat(compose.image("simulator")).isEqualTo("dropscope-exporter:" + version);
      assertThat(compose.image("etl")).isEqualTo("dropscope-etl:" + version);
    }

    /** The Dockerfile a service is built from, relative to the repository root. */
    private String built(String service) {
      JsonNode build = compose.service(service).path("build");
      Path context = Repo.COMPOSE.resolve(build.path("context").asText()).normalize();
      assertThat(context).as(service + " build context").isEqualTo(Repo.ROOT);
      Path dockerfile = context.resolve(build.path("dockerfile").asText());
      assertThat(dockerfile).exists();
      return Repo.relative(dockerfile);
    }
  }

  private Mount mountAt(String service, String target) {
    return compose.mounts(service).stream()
        .filter(m -> m.target().equals(target))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    service + " mounts nothing at " + target + ": " + compose.mounts(service)));
  }
}
