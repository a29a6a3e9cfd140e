package dev.dropscope.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external process started by a test, its stdout and stderr going to one log file under {@code
 * target/it-logs/}. {@link #close()} stops it: SIGTERM, then SIGKILL after a grace period. Every
 * failure message carries the tail of the log.
 */
public final class ManagedProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final int TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final Path log;

  ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /** The file holding the process's stdout and stderr. */
  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Polls {@code url} until it answers 200. Fails, with the last answer and the log tail, when the
   * process exits first or {@code deadline} passes.
   */
  public ManagedProcess awaitHttpOk(URI url, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    String last = "no attempt yet";
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(
            describe("exited with code " + process.exitValue() + " before " + url + " answered"));
      }
      try {
        Http.Response response = Http.get(url);
        if (response.status() == 200) {
          return this;
        }
        last = "HTTP " + response.status() + ": " + response.body();
      } catch (UncheckedIOException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(
            describe(url + " did not answer 200 within " + deadline + "; last answer: " + last));
      }
      sleep(Duration.ofMillis(100));
    }
  }

  /**
   * Stops the process: SIGTERM, then SIGKILL when it is still running after the grace period.
   * Returns the exit code; stopping a stopped process just returns it again.
   */
  public int stop() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(GRACE)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!waitFor(GRACE)) {
          throw new AssertionError(describe("survived SIGKILL for " + GRACE));
        }
      }
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    stop();
  }

  /** {@code message} prefixed with the process's name and pid, followed by the tail of its log. */
  public String describe(String message) {
    return name
        + " (pid "
        + process.pid()
        + ") "
        + message
        + "\n--- last "
        + TAIL_LINES
        + " lines of "
        + log
        + " ---\n"
        + logTail();
  }

  /** The last lines the process wrote, or a note saying why they cannot be read. */
  public String logTail() {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      long from = Math.max(0, length - 16_384);
      byte[] bytes = new byte[(int) (length - from)];
      file.seek(from);
      file.readFully(bytes);
      List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** The whole log, for assertions on what the process printed. */
  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + name, e);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
