package dev.dropscope.exporter.journal;

import static dev.dropscope.exporter.journal.TestRecords.claims;
import static dev.dropscope.exporter.journal.TestRecords.config;
import static dev.dropscope.exporter.journal.TestRecords.readAll;
import static dev.dropscope.exporter.journal.TestRecords.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real I/O failures, made as root: a full file system (a 1 MiB tmpfs) and a directory where no file
 * can be created ({@code chattr +i}). Skipped where the test cannot make them.
 */
class JournalFailureTest {
  private static final long SEGMENT = 256L << 10;

  @Test
  void a_write_that_runs_out_of_space_fails_leaves_no_trace_and_the_journal_goes_on(
      @TempDir Path tmp) throws Exception {
    Path mount = Files.createDirectory(tmp.resolve("tmpfs"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()));
    try {
      Path dir = mount.resolve("journal");
      List<JournalRecord> before = claims(0, 10);
      List<JournalRecord> after = claims(2000, 10);
      try (Journal journal = Journal.open(config(dir, SEGMENT))) {
        journal.append(before);
        long whole = Files.size(JournalReader.segments(dir).getFirst());
        Path filler = fill(mount.resolve("filler"));

        assertThatThrownBy(() -> journal.append(claims(10, 1000)))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("append of 1000 records failed")
            .hasMessageContaining("No space left on device");
        assertThat(Files.size(JournalReader.segments(dir).getFirst())).isEqualTo(whole);
        assertThat(value(journal, "dropscope_journal_write_failures")).isEqualTo(1);

        Files.delete(filler);
        journal.append(after);
      }

      List<JournalRecord> expected = new ArrayList<>(before);
      expected.addAll(after);
      assertThat(readAll(dir)).containsExactlyElementsOf(expected);
      assertThat(JournalReader.segments(dir)).hasSize(2); // the failed one was left behind
    } finally {
      run("umount", "-l", mount.toString());
    }
  }

  @Test
  void an_append_that_needs_a_segment_the_directory_refuses_fails_until_it_accepts_again(
      @TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("journal");
    List<JournalRecord> before = claims(0, 800); // about 170 KiB of the 256 KiB segment
    List<JournalRecord> after = claims(2000, 800);
    try (Journal journal = Journal.open(config(dir, SEGMENT))) {
      journal.append(before);
      assumeTrue(run("chattr", "+i", dir.toString()));
      try {
        assertThatThrownBy(() -> journal.append(claims(800, 800)))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("append of 800 records failed")
            .hasMessageContaining("Operation not permitted");
      } finally {
        run("chattr", "-i", dir.toString());
      }
      journal.append(after);
      assertThat(value(journal, "dropscope_journal_write_failures")).isEqualTo(1);
    }

    List<JournalRecord> expected = new ArrayList<>(before);
    expected.addAll(after);
    assertThat(readAll(dir)).containsExactlyElementsOf(expected);
  }

  /** Writes {@code file} until the file system is full. */
  private static Path fill(Path file) throws IOException {
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      while (true) {
        block.clear();
        out.write(block);
      }
    } catch (IOException full) {
      assertThat(full).hasMessageContaining("No space left on device");
      return file;
    }
  }

  private static boolean run(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException notInstalled) {
      return false;
    }
  }
}
