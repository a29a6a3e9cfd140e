package dev.dropscope.etl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL, the migrations and the read-only role, on a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseTest {
  Path dir;
  Database db;

  @BeforeAll
  void open(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path secret = dir.resolve("reader-password");
    Files.writeString(secret, "s3cret 'quoted'\n");
    db =
        Database.open(
            new DatabaseConfig(null, null, null, dir.resolve("pg")),
            new ReaderConfig(secret),
            Map.of());
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void migrations_create_the_tables_and_the_read_contract_view() throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                    + " WHERE table_schema IN ('dropscope', 'analytics') ORDER BY 1")) {
      var names = new java.util.ArrayList<String>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      assertThat(names)
          .contains(
              "analytics.metric_samples",
              "dropscope.series",
              "dropscope.samples",
              "dropscope.rollup_5m",
              "dropscope.rollup_1h",
              "dropscope.events",
              "dropscope.airdrop_claims",
              "dropscope.airdrop_interactions",
              "dropscope.portfolio_snapshots",
              "dropscope.portfolio_positions",
              "dropscope.trades",
              "dropscope.gateway_transactions",
              "dropscope.watermarks",
              "dropscope.journal_segments",
              "dropscope.runs",
              "dropscope.alert_episodes");
    }
  }

  @Test
  void the_embedded_server_makes_commits_durable() throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      for (String setting : new String[] {"fsync", "synchronous_commit"}) {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
          rs.next();
          assertThat(rs.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
  }

  @Test
  void reopening_an_existing_data_directory_keeps_its_data() throws Exception {
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO dropscope.watermarks (source, loaded_to) VALUES ('reopen', now())");
    }
    Path other = dir.resolve("pg2");
    try (Database first =
        Database.open(
            new DatabaseConfig(null, null, null, other), ReaderConfig.defaults(), Map.of())) {
      try (Connection c = first.connection();
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO dropscope.watermarks (source, loaded_to) VALUES ('kept', now())");
      }
    }
    try (Database again =
            Database.open(
                new DatabaseConfig(null, null, null, other), ReaderConfig.defaults(), Map.of());
        Connection c = again.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT source FROM dropscope.watermarks")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("kept");
    }
  }

  @Test
  void a_first_start_killed_while_securing_the_server_is_completed_by_the_next() throws Exception {
    Path killed = dir.resolve("pg-killed");
    Database.open(new DatabaseConfig(null, null, null, killed), ReaderConfig.defaults(), Map.of())
        .close();
    // what a SIGKILL between creating the password file and writing it left behind (CI saw it)
    Path passwordFile = killed.resolve(EmbeddedServer.PASSWORD_FILE);
    Files.writeString(passwordFile, "");
    Path hba = killed.resolve("pg_hba.conf");
    Files.writeString(hba, Files.readString(hba).replace("scram-sha-256", "trust"));

    try (Database again =
        Database.open(
            new DatabaseConfig(null, null, null, killed), ReaderConfig.defaults(), Map.of())) {
      String password = Files.readString(passwordFile);
      assertThat(password).matches("[0-9a-f]{48}");
      assertThat(Files.readAllLines(hba))
          .filteredOn(l -> !l.startsWith("#") && !l.isBlank())
          .isNotEmpty()
          .allMatch(l -> l.endsWith("scram-sha-256"));
      String port = again.description().replaceFirst(".*\\(port (\\d+)\\).*", "$1");
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password)) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void closing_returns_once_the_server_has_exited_even_when_pg_ctl_gives_up_waiting()
      throws Exception {
    Path slow = dir.resolve("pg-slow");
    Database db =
        Database.open(
            new DatabaseConfig(null, null, null, slow), ReaderConfig.defaults(), Map.of());
    long pid = Long.parseLong(Files.readAllLines(slow.resolve("postmaster.pid")).get(0).strip());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    // a postmaster that cannot act on pg_ctl's stop within its 5 s, as after a large load
    signal("STOP", pid);
    Thread resume =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(7_000);
                    signal("CONT", pid);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    try {
      db.close();
      assertThat(EmbeddedServer.running(postmaster))
          .as("the postmaster when close() returned")
          .isFalse();
      assertThat(slow.resolve("postmaster.pid")).doesNotExist();
    } finally {
      resume.join();
    }
  }

  @Test
  void an_exited_process_its_parent_has_not_reaped_yet_does_not_count_as_running()
      throws Exception {
    // the shell's background child reads the shell's stdin (as fd 3: a background child's own
    // stdin is /dev/null) until we close it, which we do once the shell has exec'd sleep. The
    // child then exits with sleep as its parent, which never reaps it; a child that exited before
    // the exec could be reaped by the shell.
    Process parent =
        new ProcessBuilder("sh", "-c", "exec 3<&0; (read x <&3) & echo $!; exec sleep 30").start();
    try {
      long child =
          Long.parseLong(
              new BufferedReader(
                      new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))
                  .readLine()
                  .strip());
      ProcessHandle zombie = ProcessHandle.of(child).orElseThrow();
      long deadline = System.nanoTime() + 20_000_000_000L;
      Path parentName = Path.of("/proc/" + parent.pid() + "/comm");
      while (!Files.readString(parentName).strip().equals("sleep")) {
        assertThat(System.nanoTime()).as("the shell exec'd sleep").isLessThan(deadline);
        Thread.sleep(10);
      }
      parent.getOutputStream().close(); // the child's read ends: it exits
      while (!Files.readString(Path.of("/proc/" + child + "/stat")).contains(") Z")) {
        assertThat(System.nanoTime()).as("the child became a zombie").isLessThan(deadline);
        Thread.sleep(10);
      }
      assertThat(zombie.isAlive()).as("what the JDK says of a zombie").isTrue();
      assertThat(EmbeddedServer.running(zombie)).isFalse();
      assertThat(EmbeddedServer.running(ProcessHandle.current())).isTrue();
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }

  @Test
  void a_start_waits_for_an_initdb_that_a_killed_command_left_running() throws Exception {
    Path fresh = dir.resolve("pg-initdb");
    Files.createDirectories(fresh);
    // what a command SIGKILLed during its first start leaves: its initdb, still writing the
    // directory
    Path initdb = Files.createDirectories(dir.resolve("bin")).resolve("initdb");
    Files.writeString(initdb, "#!/bin/sh\nsleep 4\n");
    assertThat(initdb.toFile().setExecutable(true)).isTrue();
    Process orphan = new ProcessBuilder(initdb.toString(), "-D", fresh.toString()).start();
    try (Database started =
        Database.open(
            new DatabaseConfig(null, null, null, fresh), ReaderConfig.defaults(), Map.of())) {
      assertThat(orphan.isAlive()).as("the other initdb when this start went on").isFalse();
      try (Connection c = started.connection()) {
        assertThat(c.isValid(5)).isTrue();
      }
    } finally {
      orphan.destroyForcibly().waitFor();
    }
  }

  private static void signal(String name, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor())
        .isZero();
  }

  @Test
  void a_second_command_attaches_to_the_running_server_and_leaves_it_running() throws Exception {
    try (Database second =
        Database.open(
            new DatabaseConfig(null, null, null, dir.resolve("pg")),
            ReaderConfig.defaults(),
            Map.of())) {
      assertThat(second.description()).isEqualTo(db.description());
    }
    try (Connection c = db.connection()) { // the first one's server still answers
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Nested
  class SamplePartitions {
    @Test
    void are_created_per_utc_day_on_demand_and_only_once() throws SQLException {
      try (Connection c = db.connection();
          Statement s = c.createStatement()) {
        ResultSet first =
            s.executeQuery(
                "SELECT dropscope.ensure_sample_partitions('2026-01-01T22:00:00Z',"
                    + " '2026-01-03T01:00:00Z')");
        first.next();
        assertThat(first.getInt(1)).isEqualTo(3); // Jan 1, 2, 3
        ResultSet again =
            s.executeQuery(
                "SELECT dropscope.ensure_sample_partitions('2026-01-02T00:00:00Z',"
                    + " '2026-01-02T12:00:00Z')");
        again.next();
        assertThat(again.getInt(1)).isZero();
        s.execute(
            "INSERT INTO dropscope.samples VALUES (1, '2026-01-02T23:59:59.999Z', 1.5),"
                + " (1, '2026-01-03T00:00:00Z', 2.5)");
        ResultSet where =
            s.executeQuery(
                "SELECT tableoid::regclass::text FROM dropscope.samples WHERE series_id = 1"
                    + " ORDER BY ts");
        where.next();
        assertThat(where.getString(1)).isEqualTo("dropscope.samples_20260102");
        where.next();
        assertThat(where.getString(1)).isEqualTo("dropscope.samples_20260103");
      }
    }

    @Test
    void a_sample_outside_every_partition_is_refused() throws SQLException {
      try (Connection c = db.connection();
          Statement s = c.createStatement()) {
        assertThatThrownBy(
                () -> s.execute("INSERT INTO dropscope.samples VALUES (1, '1999-01-01Z', 1)"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("no partition");
      }
    }
  }

  @Test
  void series_are_unique_by_metric_and_labels_whatever_the_key_order() throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO dropscope.series (metric, labels) VALUES ('m', '{\"a\":\"1\",\"b\":\"2\"}')");
      assertThatThrownBy(
              () ->
                  s.execute(
                      "INSERT INTO dropscope.series (metric, labels)"
                          + " VALUES ('m', '{\"b\":\"2\",\"a\":\"1\"}')"))
          .hasMessageContaining("series_hash_unique");
    }
  }

  @Nested
  class ReaderRole {
    @Test
    void logs_in_with_the_configured_password_and_reads_analytics() throws SQLException {
      try (Connection c = reader("s3cret 'quoted'");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics.metric_samples")) {
        assertThat(rs.next()).isTrue();
      }
    }

    @Test
    void cannot_read_the_etl_tables_or_write() throws SQLException {
      try (Connection c = reader("s3cret 'quoted'");
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM dropscope.samples"))
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.execute("CREATE TABLE analytics.nope (x int)"))
            .hasMessageContaining("permission denied");
      }
    }

    @Test
    void refuses_a_wrong_password() {
      assertThatThrownBy(() -> reader("guess").close())
          .hasMessageContaining("password authentication failed");
    }

    private Connection reader(String password) throws SQLException {
      String url =
          db.description()
              .replaceAll(".*\\(port (\\d+)\\)", "jdbc:postgresql://localhost:$1/postgres");
      return DriverManager.getConnection(url, Database.READER_ROLE, password);
    }
  }
}
