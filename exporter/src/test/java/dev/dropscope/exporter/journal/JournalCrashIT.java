package dev.dropscope.exporter.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.config.JournalConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during sustained ingest, three times over on one journal: every record whose append
 * returned is in the journal exactly once, and nothing is in it twice.
 */
class JournalCrashIT {
  private static final int RUNS = 3;
  private static final Duration INGEST = Duration.ofMillis(1500);
  private static final long SEGMENT = 256L << 10; // rotations during the run, too

  @Test
  void every_acknowledged_record_survives_sigkill_exactly_once(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("journal");
    Set<String> acknowledged = new HashSet<>();
    for (int run = 1; run <= RUNS; run++) {
      List<String> acks = killDuringIngest(dir, tmp, "r" + run);
      assertThat(acks).as("acknowledged in run %d", run).hasSizeGreaterThan(1000);
      assertThat(acknowledged.addAll(acks)).isTrue();
      System.out.printf("run %d: %d records acknowledged before SIGKILL%n", run, acks.size());
    }

    List<JournalRecord> journaled = TestRecords.readAll(dir);
    assertThat(duplicates(TestRecords.ids(journaled))).as("ids journaled twice").isEmpty();
    assertThat(duplicates(journaled.stream().map(JournalRecord::eventId).toList()))
        .as("events journaled twice")
        .isEmpty();
    assertThat(missing(acknowledged, journaled)).as("acknowledged but not journaled").isEmpty();
    System.out.printf(
        "%d records journaled, %d of them acknowledged%n", journaled.size(), acknowledged.size());

    // The next open cuts the last run's torn tail and appends after it, not into it.
    JournalRecord after = TestRecords.claim(0);
    try (Journal journal = Journal.open(new JournalConfig(dir, SEGMENT, null, null, true))) {
      journal.append(List.of(after));
    }
    List<JournalRecord> reread = TestRecords.readAll(dir);
    assertThat(reread.getLast()).isEqualTo(after);
    assertThat(duplicates(TestRecords.ids(reread))).isEmpty();
    assertThat(missing(acknowledged, reread)).isEmpty();
  }

  private static Set<String> duplicates(List<String> values) {
    Set<String> seen = new HashSet<>();
    Set<String> twice = new HashSet<>();
    for (String v : values) {
      if (!seen.add(v)) {
        twice.add(v);
      }
    }
    return twice;
  }

  private static Set<String> missing(Set<String> acknowledged, List<JournalRecord> journaled) {
    Set<String> missing = new HashSet<>(acknowledged);
    TestRecords.ids(journaled).forEach(missing::remove);
    return missing;
  }

  /** Runs the child, kills it with SIGKILL mid-ingest, returns the ids it acknowledged. */
  private static List<String> killDuringIngest(Path dir, Path tmp, String run) throws Exception {
    Path acks = tmp.resolve(run + "-acks.txt");
    Path log = logDir().resolve("journal-crash-child-" + run + ".log");
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElseThrow(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            JournalCrashChild.class.getName(),
            dir.toString(),
            Long.toString(SEGMENT),
            "4",
            "25",
            run);
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(acks.toFile())
            .redirectError(log.toFile())
            .start();
    try {
      awaitFirstAck(child, acks, log);
      Thread.sleep(INGEST);
      assertThat(child.isAlive()).as(describe("died before the kill", log)).isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).as(describe("exit code", log)).isEqualTo(128 + 9);
    return completeLines(acks);
  }

  private static void awaitFirstAck(Process child, Path acks, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Files.size(acks) == 0) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(describe("acknowledged nothing within 30s", log));
      }
      Thread.sleep(20);
    }
  }

  /** The lines of {@code file} that end in a newline: a last partial line is not an ack. */
  private static List<String> completeLines(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<String> lines = new ArrayList<>(text.lines().toList());
    if (!text.isEmpty() && !text.endsWith("\n")) {
      lines.removeLast();
    }
    return lines;
  }

  private static String describe(String what, Path log) {
    try {
      return "child " + what + "; its stderr (" + log + "):\n" + Files.readString(log);
    } catch (IOException e) {
      return "child " + what + "; cannot read " + log + ": " + e;
    }
  }

  private static Path logDir() throws IOException {
    return Files.createDirectories(
        Path.of(
            System.getProperty("basedir", System.getProperty("user.dir")), "target", "it-logs"));
  }
}
