package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.config.DaemonConfig;
import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.exporter.config.ConfigLoader;
import dev.dropscope.exporter.config.ServerConfig;
import dev.dropscope.stack.ComposeFile.Port;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every port agrees everywhere it is written: the services' own defaults, their configuration
 * files, the Prometheus scrape configuration, the healthchecks, the published ports and the URLs
 * the services use to reach each other.
 */
class ComposePortsTest {
  private final ComposeFile compose = ComposeFile.load();
  private final PrometheusConfig prometheus = PrometheusConfig.load();

  @Test
  void the_exporter_listens_where_prometheus_scrapes_it_and_the_simulator_posts() {
    int port = ServerConfig.DEFAULT_PORT;
    assertThat(new ConfigLoader().load(ComposeFileTest.EXPORTER_YML).server().port())
        .isEqualTo(port);
    assertThat(prometheus.target("dropscope")).isEqualTo("exporter:" + port);
    assertThat(compose.healthcheck("exporter"))
        .containsSubsequence("/app/healthcheck", Integer.toString(port), "/-/healthy");
    assertThat(containerPorts("exporter")).containsExactly(port);
    assertThat(compose.commandFlag("simulator", "--target")).isEqualTo("http://exporter:" + port);
  }

  @Test
  void the_etl_serves_its_metrics_where_prometheus_scrapes_them() {
    int port = DaemonConfig.defaults().metricsPort();
    assertThat(EtlConfig.load(ComposeFileTest.ETL_YML).daemon().metricsPort()).isEqualTo(port);
    assertThat(prometheus.target("dropscope-etl")).isEqualTo("etl:" + port);
    assertThat(compose.healthcheck("etl"))
        .containsSubsequence("/app/healthcheck", Integer.toString(port), "/metrics");
    assertThat(containerPorts("etl")).as("the ETL's metrics are not published").isEmpty();
  }

  @Test
  void prometheus_listens_where_it_scrapes_itself_and_the_etl_queries_it() {
    int port = 9090; // Prometheus' default --web.listen-address
    assertThat(compose.command("prometheus")).noneMatch(f -> f.startsWith("--web.listen-address"));
    assertThat(prometheus.target("prometheus")).isEqualTo("localhost:" + port);
    assertThat(containerPorts("prometheus")).containsExactly(port);
    assertThat(healthcheckUrl("prometheus").getPort()).isEqualTo(port);
    URI queried = URI.create(compose.commandFlag("etl", "--prometheus"));
    assertThat(queried.getHost() + ":" + queried.getPort()).isEqualTo("prometheus:" + port);
  }

  @Test
  void alertmanager_listens_where_prometheus_sends_alerts_and_scrapes_it() {
    int port = 9093; // Alertmanager's default --web.listen-address
    assertThat(compose.entrypoint("alertmanager"))
        .noneMatch(f -> f.startsWith("--web.listen-address"));
    assertThat(prometheus.alertmanagers()).containsExactly("alertmanager:" + port);
    assertThat(prometheus.target("alertmanager")).isEqualTo("alertmanager:" + port);
    assertThat(containerPorts("alertmanager")).containsExactly(port);
    assertThat(healthcheckUrl("alertmanager").getPort()).isEqualTo(port);
  }

  @Test
  void grafana_is_published_on_the_port_its_healthcheck_probes() {
    assertThat(containerPorts("grafana")).containsExactly(healthcheckUrl("grafana").getPort());
  }

  @Test
  void the_etl_connects_to_the_port_database_and_role_postgres_is_checked_on() {
    URI jdbc = URI.create(compose.commandFlag("etl", "--jdbc-url").substring("jdbc:".length()));
    List<String> check = compose.healthcheck("postgres");
    assertThat(jdbc.getHost()).isEqualTo("postgres");
    assertThat(flag(check, "-p")).isEqualTo(Integer.toString(jdbc.getPort()));
    assertThat(flag(check, "-d")).isEqualTo(jdbc.getPath().substring(1));
    assertThat(flag(check, "-U"))
        .isEqualTo(EtlConfig.load(ComposeFileTest.ETL_YML).database().user());
    assertThat(containerPorts("postgres")).as("PostgreSQL is not published").isEmpty();
  }

  @Test
  void the_init_script_creates_the_role_and_database_the_etl_uses() {
    String script = Repo.read(Repo.COMPOSE.resolve("postgres/initdb/10-dropscope.sh"));
    String role = EtlConfig.load(ComposeFileTest.ETL_YML).database().user();
    String database = compose.commandFlag("etl", "--jdbc-url").replaceAll(".*/", "");
    assertThat(script)
        .contains("CREATE ROLE " + role + " LOGIN CREATEROLE PASSWORD :'etl_password';")
        .contains("CREATE DATABASE " + database + " OWNER " + role + ";");
  }

  @Test
  void every_scrape_target_is_a_service_of_the_stack() {
    Map<String, List<String>> jobs = prometheus.jobs();
    assertThat(jobs).isNotEmpty();
    jobs.forEach(
        (job, targets) ->
            targets.forEach(
                target -> {
                  String host = target.substring(0, target.lastIndexOf(':'));
                  if (!job.equals("prometheus")) {
                    assertThat(compose.serviceNames()).as("job %s: %s", job, target).contains(host);
                  }
                }));
  }

  @Test
  void every_published_port_binds_to_the_configurable_address_loopback_by_default() {
    for (String service : compose.serviceNames()) {
      for (Port port : compose.ports(service)) {
        assertThat(port.host()).as(service).isEqualTo("${DROPSCOPE_BIND_ADDRESS:-127.0.0.1}");
        assertThat(port.hostPort()).as(service).matches("\\$\\{DROPSCOPE_[A-Z]+_PORT:-\\d+}");
      }
    }
  }

  private List<Integer> containerPorts(String service) {
    return compose.ports(service).stream().map(Port::containerPort).toList();
  }

  /** The URL a wget healthcheck fetches. */
  private URI healthcheckUrl(String service) {
    List<String> test = compose.healthcheck(service);
    assertThat(test).as(service + " healthcheck").contains("wget");
    return URI.create(test.getLast());
  }

  private static String flag(List<String> command, String flag) {
    int i = command.indexOf(flag);
    assertThat(i).as("%s in %s", flag, command).isNotNegative();
    return command.get(i + 1);
  }
}
