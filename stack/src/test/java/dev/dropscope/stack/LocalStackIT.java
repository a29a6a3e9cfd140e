package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.testing.FreePort;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code compose/local-stack.sh} for real, on free loopback ports and a state directory of its own:
 * {@code up} starts Alertmanager, the exporter, Prometheus, the ETL daemon and the simulator;
 * Prometheus scrapes every part and has the packs' metrics; {@code status} lists each part; and
 * {@code down} leaves no process running. The tests run in order on one stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {
  private static final Path SCRIPT = Repo.COMPOSE.resolve("local-stack.sh");
  private static final Duration UP = Duration.ofMinutes(4);
  private static final Duration DOWN = Duration.ofMinutes(3);
  private static final Duration SCRAPED = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private Path state;
  private Processes.Result up;

  @BeforeAll
  void up() throws IOException {
    state = Files.createTempDirectory("local-stack-it-");
    ports.put("DROPSCOPE_PROMETHEUS_PORT", FreePort.pick());
    ports.put("DROPSCOPE_ALERTMANAGER_PORT", FreePort.pick());
    ports.put("DROPSCOPE_EXPORTER_PORT", FreePort.pick());
    ports.put("DROPSCOPE_ETL_METRICS_PORT", FreePort.pick());
    up = script(UP, "up");
  }

  @AfterAll
  void downAnywayAndDeleteTheState() throws IOException {
    if (state == null) {
      return;
    }
    Processes.Result down = script(DOWN, "down");
    if (down.exitCode() == 0) {
      try (Stream<Path> tree = Files.walk(state)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  @Order(1)
  void up_starts_every_part_and_says_where_it_answers() {
    assertThat(up.exitCode()).as(up.describe() + logs()).isZero();
    for (String part : List.of("alertmanager", "exporter", "prometheus", "etl", "simulator")) {
      assertThat(up.stdout())
          .as(up.describe())
          .containsPattern("(?m)^" + part + " +started +pid \\d+");
    }
    assertThat(up.stdout()).contains("http://127.0.0.1:" + port("PROMETHEUS") + "\n");
  }

  @Test
  @Order(2)
  void prometheus_scrapes_every_part_of_the_stack() {
    Map<String, String> health = awaitTargets();
    assertThat(health)
        .as(logs())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "prometheus", "up",
                "alertmanager", "up",
                "dropscope", "up",
                "dropscope-etl", "up"));
  }

  @Test
  @Order(3)
  void prometheus_has_the_metrics_of_every_pack_from_the_simulated_bot() {
    for (String pack : List.of("airdrops", "trading", "gateway")) {
      JsonNode result =
          await(
              "count({__name__=~\"" + pack + "_.+\", job=\"dropscope\"})",
              r -> !r.isEmpty() && r.get(0).path("value").path(1).asDouble() > 0);
      assertThat(result.get(0).path("value").path(1).asDouble()).as(pack).isPositive();
    }
  }

  @Test
  @Order(4)
  void the_exporter_refuses_events_without_the_stack_ingest_token() {
    Http.Response response =
        Http.post(
            URI.create("http://127.0.0.1:" + port("EXPORTER") + "/api/v1/events"),
            "application/json",
            "{\"type\": \"airdrops.heartbeat\", \"component\": \"scheduler\"}");
    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  @Order(5)
  void the_image_healthcheck_passes_on_the_exporter_and_the_etl() {
    Path healthcheck = Repo.COMPOSE.resolve("image/healthcheck.sh");
    for (List<String> check :
        List.of(
            List.of(port("EXPORTER"), "/-/healthy"), List.of(port("ETL_METRICS"), "/metrics"))) {
      List<String> command = new ArrayList<>(List.of("bash", healthcheck.toString()));
      command.addAll(check);
      Processes.Result r = Processes.run(command, "", Duration.ofSeconds(20));
      assertThat(r.exitCode()).as(r.describe()).isZero();
    }
  }

  @Test
  @Order(6)
  void status_lists_every_part_running_with_its_url() {
    Processes.Result status = script(Duration.ofSeconds(30), "status");
    assertThat(status.exitCode()).as(status.describe()).isZero();
    assertThat(status.stdout())
        .containsPattern(
            "(?m)^prometheus +running +pid \\d+ +http://127\\.0\\.0\\.1:" + port("PROMETHEUS"))
        .containsPattern(
            "(?m)^alertmanager +running .*http://127\\.0\\.0\\.1:" + port("ALERTMANAGER"))
        .containsPattern("(?m)^exporter +running .*http://127\\.0\\.0\\.1:" + port("EXPORTER"))
        .containsPattern(
            "(?m)^etl +running .*http://127\\.0\\.0\\.1:" + port("ETL_METRICS") + "/metrics")
        .containsPattern("(?m)^simulator +running ")
        .containsPattern("(?m)^postgres +running ");
  }

  @Test
  @Order(7)
  void down_stops_everything_and_leaves_no_process_or_port_behind() throws IOException {
    List<Long> pids = startedPids();
    assertThat(pids).as("the pids of the five parts and the embedded PostgreSQL").hasSize(6);

    Processes.Result down = script(DOWN, "down");

    assertThat(down.exitCode()).as(down.describe()).isZero();
    for (long pid : pids) {
      assertThat(alive(pid)).as("pid %d is gone", pid).isFalse();
    }
    assertThat(processesNaming(state)).as("processes naming " + state).isEmpty();
    for (int port : ports.values()) {
      assertThat(listening(port)).as("port %d is closed", port).isFalse();
    }
    Processes.Result status = script(Duration.ofSeconds(30), "status");
    assertThat(status.exitCode()).as(status.describe()).isEqualTo(3);
  }

  private Processes.Result script(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("env", "DROPSCOPE_LOCAL_STACK_DIR=" + state));
    ports.forEach((name, port) -> command.add(name + "=" + port));
    command.add("DROPSCOPE_DEMO_HISTORY=15m");
    command.add("DROPSCOPE_ETL_INTERVAL=1m");
    command.add("bash");
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    return Processes.run(command, "", timeout);
  }

  private String port(String part) {
    return Integer.toString(ports.get("DROPSCOPE_" + part + "_PORT"));
  }

  /** Job to health, once every job has been scraped (health no longer "unknown"). */
  private Map<String, String> awaitTargets() {
    long end = System.nanoTime() + SCRAPED.toNanos();
    Map<String, String> health = new TreeMap<>();
    String last = "";
    while (System.nanoTime() < end) {
      try {
        last = Http.get(prometheus("/api/v1/targets")).body();
        health.clear();
        for (JsonNode target : JSON.readTree(last).path("data").path("activeTargets")) {
          health.put(target.path("labels").path("job").asText(), target.path("health").asText());
        }
        if (health.size() == 4 && health.values().stream().allMatch("up"::equals)) {
          return health;
        }
      } catch (IOException | UncheckedIOException e) {
        last = e.toString();
      }
      sleep();
    }
    throw new AssertionError("targets not all up within " + SCRAPED + ": " + last + logs());
  }

  private JsonNode await(String promql, java.util.function.Predicate<JsonNode> done) {
    long end = System.nanoTime() + SCRAPED.toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      try {
        last =
            Http.get(
                    prometheus(
                        "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .body();
        JsonNode result = JSON.readTree(last).path("data").path("result");
        if (done.test(result)) {
          return result;
        }
      } catch (IOException | UncheckedIOException e) {
        last = e.toString();
      }
      sleep();
    }
    throw new AssertionError(promql + " gave no result within " + SCRAPED + ": " + last + logs());
  }

  private URI prometheus(String path) {
    return URI.create("http://127.0.0.1:" + port("PROMETHEUS") + path);
  }

  /** The pids in the state's pid files, and the embedded PostgreSQL's. */
  private List<Long> startedPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(state.resolve("run"))) {
      for (Path file : files.toList()) {
        pids.add(Long.parseLong(Files.readString(file).strip()));
      }
    }
    Path postmaster = state.resolve("etl/postgres/postmaster.pid");
    pids.add(Long.parseLong(Files.readAllLines(postmaster).getFirst().strip()));
    return pids;
  }

  /** Pids of processes whose command line contains {@code dir}. */
  private static List<Long> processesNaming(Path dir) throws IOException {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        if (!proc.getFileName().toString().matches("\\d+")) {
          continue;
        }
        try {
          String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
          if (cmdline.contains(dir.toString() + "/")) {
            found.add(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException gone) {
          // the process ended while the list was read
        }
      }
    }
    return found;
  }

  /** Whether the process exists and is not a zombie waiting to be reaped. */
  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  /** The end of every part's log, for failure messages. */
  private String logs() {
    StringBuilder out = new StringBuilder();
    Path dir = state.resolve("logs");
    if (!Files.isDirectory(dir)) {
      return "\n(no logs under " + dir + ")";
    }
    try (Stream<Path> logs = Files.list(dir)) {
      for (Path log : logs.sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        out.append("\n--- end of ").append(log).append(" ---\n");
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> out.append(l, 0, Math.min(l.length(), 400)).append('\n'));
      }
    } catch (IOException e) {
      out.append("\n(cannot read the logs: ").append(e).append(")");
    }
    return out.toString();
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
