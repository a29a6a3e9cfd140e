package dev.dropscope.etl.prometheus;

import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.FreePort;
import dev.dropscope.testing.ManagedProcess;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus serving the TSDB blocks under {@code dir/data} (nothing scraped, blocks kept
 * for a century), on a loopback port that stays the same across {@link #stop()} and {@link
 * #start()}, so a client can be pointed at it through an outage.
 */
public final class TsdbPrometheus implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final List<String> flags;
  private ManagedProcess process;

  private TsdbPrometheus(Path dir, int port, List<String> flags) {
    this.dir = dir;
    this.port = port;
    this.flags = flags;
  }

  /**
   * Writes {@code history}'s blocks under {@code dir/prometheus/data} and serves them; the
   * OpenMetrics file stays in {@code dir/om}.
   */
  static TsdbPrometheus serve(Path dir, KnownHistory history) {
    return serve(dir, history, List.of());
  }

  /** As {@link #serve(Path, KnownHistory)}, with more Prometheus {@code flags}. */
  static TsdbPrometheus serve(Path dir, KnownHistory history, List<String> flags) {
    history.writeBlocks(dir.resolve("om"), dir.resolve("prometheus/data"));
    TsdbPrometheus p = new TsdbPrometheus(dir.resolve("prometheus"), FreePort.pick(), flags);
    p.start();
    return p;
  }

  /**
   * Writes an ETL configuration file whose {@code prometheus} section points at this server and
   * holds {@code keys} besides (YAML lines of that section, unindented).
   */
  public Path etlConfig(Path file, String keys) {
    StringBuilder yaml = new StringBuilder("prometheus:\n  url: " + url() + "\n");
    keys.lines().forEach(l -> yaml.append("  ").append(l).append('\n'));
    try {
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts Prometheus on {@code dir/data} and waits until it is ready. */
  public static TsdbPrometheus serve(Path dir) {
    TsdbPrometheus p = new TsdbPrometheus(dir, FreePort.pick(), List.of());
    p.start();
    return p;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  void start() {
    Path config = dir.resolve("prometheus.yml");
    try {
      Files.writeString(config, "scrape_configs: []\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Binaries.prometheus().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:" + port));
    command.addAll(flags);
    process = Processes.start("prometheus", command, dir);
    process.awaitHttpOk(URI.create(url() + "/-/ready"), Duration.ofSeconds(60));
  }

  /** Stops it (SIGTERM); {@link #start()} brings it back on the same port and data. */
  void stop() {
    if (process != null) {
      process.stop();
    }
  }

  public String logTail() {
    return process != null ? process.logTail() : "(not started)";
  }

  @Override
  public void close() {
    stop();
  }
}
