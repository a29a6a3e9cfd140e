package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.RUNS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync --only journal} end to end, in process: exit codes and the run's record. */
class JournalSyncCommandTest {
  @TempDir Path dir;

  private int sync() {
    return Main.run(
        "sync",
        "--only",
        "journal",
        "--journal",
        dir.resolve("journal").toString(),
        "--data-dir",
        dir.resolve("pg").toString());
  }

  @Test
  void a_missing_journal_directory_is_a_successful_sync_of_nothing() throws Exception {
    assertThat(sync()).isZero();

    try (TestDb pg = new TestDb(dir.resolve("pg"))) {
      var run = pg.dsl().selectFrom(RUNS).fetchSingle();
      assertThat(run.getStatus()).isEqualTo("ok");
      assertThat(run.getEvents()).isZero();
    }
  }

  @Test
  void a_corrupt_segment_fails_the_run_with_exit_code_4_after_loading_the_rest() throws Exception {
    Path journal = dir.resolve("journal");
    Journals.appendNew(journal, Journals.claims(0, 3));
    Journals.appendNew(journal, Journals.claims(3, 2));
    Path first = Journals.segments(journal).getFirst();
    String text = Files.readString(first);
    int second = text.indexOf('\n') + 1;
    Files.writeString(first, text.substring(0, second) + "garbage\n" + text.substring(second));

    assertThat(sync()).isEqualTo(4);

    try (TestDb pg = new TestDb(dir.resolve("pg"))) {
      assertThat(pg.count(EVENTS)).isEqualTo(1 + 2);
      var run = pg.dsl().selectFrom(RUNS).fetchSingle();
      assertThat(run.getStatus()).isEqualTo("failed");
      assertThat(run.getError())
          .contains(first.getFileName().toString())
          .contains("corrupt line at byte " + second);
    }
  }
}
