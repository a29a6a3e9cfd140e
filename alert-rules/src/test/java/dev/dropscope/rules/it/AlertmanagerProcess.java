package dev.dropscope.rules.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.FreePort;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.ManagedProcess;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Alertmanager 0.25 for integration tests: runs {@code prometheus-alertmanager} with a given
 * configuration on a free loopback port, clustering off, and talks to its v2 API.
 */
final class AlertmanagerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final ManagedProcess process;

  private AlertmanagerProcess(int port, ManagedProcess process) {
    this.port = port;
    this.process = process;
  }

  /** Starts Alertmanager on {@code config}, its data in {@code dir/am-data}; returns when ready. */
  static AlertmanagerProcess start(Path config, Path dir) {
    int port = FreePort.pick();
    try {
      Files.createDirectories(dir.resolve("am-data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        List.of(
            Binaries.alertmanager().toString(),
            "--config.file=" + config,
            "--storage.path=" + dir.resolve("am-data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--cluster.listen-address=");
    ManagedProcess process = Processes.start("alertmanager", command, dir);
    try {
      process.awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/-/ready"), STARTUP);
    } catch (AssertionError e) {
      process.close();
      throw e;
    }
    return new AlertmanagerProcess(port, process);
  }

  /** {@code 127.0.0.1:PORT}, the form a Prometheus alerting target takes. */
  String address() {
    return "127.0.0.1:" + port;
  }

  ManagedProcess process() {
    return process;
  }

  /** POSTs alerts (a JSON array in the v2 API's shape); fails unless Alertmanager answers 200. */
  void post(String alertsJson) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address() + "/api/v2/alerts"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(alertsJson))
            .timeout(Duration.ofSeconds(10))
            .build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            "POST /api/v2/alerts answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET /api/v2/alerts: every alert Alertmanager holds, with its status. */
  JsonNode alerts() {
    Http.Response r = Http.get(URI.create("http://" + address() + "/api/v2/alerts"));
    if (r.status() != 200) {
      throw new AssertionError("GET /api/v2/alerts answered " + r.status() + ": " + r.body());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
