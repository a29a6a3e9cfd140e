package dev.dropscope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts external processes for integration tests: long-running ones as {@link ManagedProcess}
 * (logs under {@code target/it-logs/}), short commands such as {@code promtool} through {@link
 * #run}.
 */
public final class Processes {
  private static final AtomicInteger sequence = new AtomicInteger();
  private static final Set<Process> started = ConcurrentHashMap.newKeySet();

  static {
    // A test JVM that dies or is killed by a timeout must not leave servers holding ports.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> started.forEach(Process::destroyForcibly), "stop-test-processes"));
  }

  private Processes() {}

  /** What a finished command left behind. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** The command, its exit code and both outputs, for failure messages. */
    public String describe() {
      return String.join(" ", command)
          + "\nexit code "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  /** Starts {@code command} in {@code workDir} with the test JVM's environment. */
  public static ManagedProcess start(String name, List<String> command, Path workDir) {
    return start(name, command, workDir, Map.of());
  }

  /**
   * Starts {@code command} in {@code workDir} with the test JVM's environment plus {@code env}.
   * stdout and stderr go to {@code target/it-logs/NAME-N.log}. Returns at once; wait for readiness
   * with {@link ManagedProcess#awaitHttpOk}.
   */
  public static ManagedProcess start(
      String name, List<String> command, Path workDir, Map<String, String> env) {
    Path log = logDir().resolve(name + "-" + sequence.incrementAndGet() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      started.add(process);
      process.getOutputStream().close();
      return new ManagedProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  /**
   * Runs {@code command} to completion with {@code stdin} as its input. Fails when it runs longer
   * than {@code timeout}; the exit code is the caller's to judge.
   */
  public static Result run(List<String> command, String stdin, Duration timeout) {
    try {
      Path in = Files.createTempFile(logDir(), "stdin-", ".txt");
      Path out = Files.createTempFile(logDir(), "stdout-", ".txt");
      Path err = Files.createTempFile(logDir(), "stderr-", ".txt");
      try {
        Files.writeString(in, stdin);
        Process process =
            new ProcessBuilder(command)
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Result result =
            new Result(
                List.copyOf(command),
                finished ? process.exitValue() : -1,
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        if (!finished) {
          throw new AssertionError("still running after " + timeout + ": " + result.describe());
        }
        return result;
      } finally {
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** The java binary of the JVM running the tests. */
  public static Path java() {
    return ProcessHandle.current()
        .info()
        .command()
        .map(Path::of)
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  /** {@code target/it-logs/} of the module under test, created on first use. */
  public static Path logDir() {
    Path dir =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "it-logs");
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
