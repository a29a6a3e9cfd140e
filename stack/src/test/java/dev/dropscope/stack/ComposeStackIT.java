package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The whole compose stack in Docker, demo profile included: the images are built from the
 * Dockerfiles, and once it is up Grafana lists every provisioned dashboard, every datasource
 * answers its health check, and Prometheus scrapes every target. Where no Docker engine answers (as
 * on the machines that run ./dev test without Docker) the tests are skipped, saying so;
 * compose/local-stack.sh, which {@link LocalStackIT} runs, covers the same configuration there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeStackIT {
  private static final Duration STARTUP = Duration.ofMinutes(20);
  private static final Duration SETTLED = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> secrets = new HashMap<>();
  private ComposeContainer stack;

  private Boolean docker;

  /** Skips each test, saying why, without a Docker engine; else starts the stack once. */
  @BeforeEach
  void upOnce() {
    if (docker == null) {
      docker = DockerClientFactory.instance().isDockerAvailable();
    }
    assumeTrue(
        docker,
        "no Docker engine answers here: the compose stack is not started (compose/local-stack.sh"
            + " runs the same configuration without Docker, see LocalStackIT)");
    if (stack == null) {
      up();
    }
  }

  private void up() {
    SecureRandom random = new SecureRandom();
    for (String name : ComposeSecretsTest.envExample().keySet()) {
      if (name.matches("DROPSCOPE_.*(PASSWORD|TOKEN)")) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        secrets.put(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      }
    }
    Map<String, String> env = new HashMap<>(secrets);
    env.put("COMPOSE_PROFILES", "demo");
    env.put("DROPSCOPE_DEMO_HISTORY", "1h");
    env.put("DROPSCOPE_ETL_INTERVAL", "30s");
    // published ports: any free ones, the tests reach the services through Testcontainers
    for (String port :
        List.of(
            "DROPSCOPE_GRAFANA_PORT",
            "DROPSCOPE_PROMETHEUS_PORT",
            "DROPSCOPE_ALERTMANAGER_PORT",
            "DROPSCOPE_EXPORTER_PORT")) {
      env.put(port, "0");
    }
    stack =
        new ComposeContainer(ComposeFile.FILE.toFile())
            .withEnv(env)
            .withBuild(true)
            .withRemoveVolumes(true)
            .withExposedService("grafana", 3000, Wait.forHttp("/api/health").forStatusCode(200))
            .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200))
            .withStartupTimeout(STARTUP);
    stack.start();
  }

  @AfterAll
  void down() {
    if (stack != null) {
      stack.stop();
    }
  }

  @Test
  void grafana_lists_every_provisioned_dashboard() throws IOException {
    Set<String> provisioned = new TreeSet<>();
    try (Stream<Path> files = Files.list(GrafanaProvisioningTest.DASHBOARDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        provisioned.add(JSON.readTree(file.toFile()).path("uid").asText());
      }
    }
    assertThat(provisioned).isNotEmpty();
    JsonNode listed =
        await(grafana("/api/search?type=dash-db"), r -> r.size() >= provisioned.size());
    Set<String> uids = new TreeSet<>();
    listed.forEach(d -> uids.add(d.path("uid").asText()));
    assertThat(uids).containsAll(provisioned);
  }

  @Test
  void every_grafana_datasource_is_healthy() {
    JsonNode datasources = await(grafana("/api/datasources"), r -> !r.isEmpty());
    for (JsonNode ds : datasources) {
      String uid = ds.path("uid").asText();
      JsonNode health =
          await(
              grafana("/api/datasources/uid/" + uid + "/health"),
              r -> r.path("status").asText().equals("OK"));
      assertThat(health.path("status").asText()).as(ds.path("name").asText()).isEqualTo("OK");
    }
  }

  @Test
  void prometheus_scrapes_every_target_of_the_stack() {
    JsonNode targets =
        await(
            prometheus("/api/v1/targets"),
            r -> {
              JsonNode active = r.path("data").path("activeTargets");
              if (active.size() < 4) {
                return false;
              }
              for (JsonNode t : active) {
                if (!t.path("health").asText().equals("up")) {
                  return false;
                }
              }
              return true;
            });
    Set<String> jobs = new TreeSet<>();
    targets
        .path("data")
        .path("activeTargets")
        .forEach(t -> jobs.add(t.path("labels").path("job").asText()));
    assertThat(jobs)
        .containsExactlyInAnyOrder("prometheus", "alertmanager", "dropscope", "dropscope-etl");
  }

  private URI grafana(String path) {
    return exposed("grafana", 3000, path);
  }

  private URI prometheus(String path) {
    return exposed("prometheus", 9090, path);
  }

  /** Where the test reaches {@code service}'s {@code port}, through Testcontainers. */
  private URI exposed(String service, int port, String path) {
    return URI.create(
        "http://"
            + stack.getServiceHost(service, port)
            + ":"
            + stack.getServicePort(service, port)
            + path);
  }

  /** GETs {@code uri} (as Grafana's admin) until its JSON satisfies {@code done}. */
  private JsonNode await(URI uri, Predicate<JsonNode> done) {
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("admin:" + secrets.get("DROPSCOPE_GRAFANA_ADMIN_PASSWORD"))
                        .getBytes(StandardCharsets.UTF_8));
    long end = System.nanoTime() + SETTLED.toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      try {
        Http.Response response = Http.get(uri, "Authorization", auth);
        last = "HTTP " + response.status() + ": " + response.body();
        if (response.status() == 200) {
          JsonNode body = JSON.readTree(response.body());
          if (done.test(body)) {
            return body;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        last = e.toString();
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        uri + " did not give the expected answer within " + SETTLED + ": " + last);
  }
}
