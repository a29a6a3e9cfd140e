package dev.dropscope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real exporter jar running as its own process, started as users start it: the java of the JVM
 * running the tests, the flags of {@code exporter/jvm.options}, {@code -jar dropscope-exporter.jar
 * --host 127.0.0.1 --port N}. Needs the system properties failsafe sets: {@code
 * dropscope.exporter.jar} and {@code dropscope.jvm.options}.
 */
public final class ExporterProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final int port;
  private final ManagedProcess process;

  private ExporterProcess(int port, ManagedProcess process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Starts the exporter on a free loopback port with {@code extraArgs} (e.g. {@code --config F})
   * and returns once {@code /-/healthy} answers 200.
   */
  public static ExporterProcess start(Path workDir, String... extraArgs) {
    int port = FreePort.pick();
    List<String> command = new ArrayList<>();
    command.add(Processes.java().toString());
    command.addAll(jvmOptions());
    command.addAll(List.of("-jar", requiredFile("dropscope.exporter.jar").toString()));
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    command.addAll(List.of(extraArgs));
    ManagedProcess process = Processes.start("exporter", command, workDir);
    try {
      process.awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/-/healthy"), STARTUP);
    } catch (AssertionError e) {
      process.close();
      throw e;
    }
    return new ExporterProcess(port, process);
  }

  /** The JVM flags from {@code exporter/jvm.options}: one per line, blank lines and # skipped. */
  public static List<String> jvmOptions() {
    Path file = requiredFile("dropscope.jvm.options");
    try {
      return Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:PORT}, the form a Prometheus static target takes. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:PORT} + {@code path}. */
  public URI uri(String path) {
    return URI.create("http://" + address() + path);
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }

  private static Path requiredFile(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new AssertionError(
          "system property "
              + property
              + " is not set; run integration tests through Maven: ./mvnw verify -pl exporter");
    }
    Path file = Path.of(value);
    if (!Files.isRegularFile(file)) {
      throw new AssertionError(
          property + "=" + file + " does not exist; build it first: ./mvnw package -pl exporter");
    }
    return file;
  }
}
