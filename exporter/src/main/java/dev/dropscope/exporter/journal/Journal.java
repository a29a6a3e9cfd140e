package dev.dropscope.exporter.journal;

import dev.dropscope.exporter.config.JournalConfig;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable event journal: records appended as NDJSON lines to segment files under {@link
 * JournalConfig#dir()}. {@link #append} returns once its records are written and fsynced; appends
 * from many threads share one fsync. Safe for concurrent use. See {@code docs/journal.md}.
 */
public final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  static final String LOCK_FILE = "journal.lock";

  /** Line buffers larger than this are not kept for reuse. */
  static final int MAX_POOLED_BUFFER = 1 << 20;

  /** How often retention runs besides after every rotation. */
  static final Duration RETENTION_INTERVAL = Duration.ofMinutes(1);

  private final Path dir;
  private final FileChannel lockChannel;
  private final JournalMetrics metrics;
  private final LinkedBlockingQueue<GroupCommitter.Batch> queue;
  private final Thread writer;
  private final ReentrantLock lifecycle = new ReentrantLock();

  /**
   * Line buffers of finished appends, for the next ones: a batch of 1,000 events needs ~0.5 MB,
   * which would otherwise be allocated (and collected) per request.
   */
  private final ArrayBlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(4);

  private boolean closed;

  private Journal(
      Path dir,
      FileChannel lockChannel,
      JournalMetrics metrics,
      LinkedBlockingQueue<GroupCommitter.Batch> queue,
      GroupCommitter committer) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.metrics = metrics;
    this.queue = queue;
    this.writer = Thread.ofPlatform().name("dropscope-journal-writer").daemon().start(committer);
  }

  /**
   * Opens the journal in {@code config.dir()}, creating the directory when needed, and starts a new
   * segment: nothing is ever appended after the tail of an earlier run. An unfinished tail the
   * previous run left in its last segment (records never acknowledged) is cut off first. One
   * process at a time: the directory is locked until {@link #close()}.
   *
   * @throws IOException when the directory cannot be created, locked or written
   */
  public static Journal open(JournalConfig config) throws IOException {
    return open(config, RETENTION_INTERVAL);
  }

  /** {@link #open(JournalConfig)} with another period for retention; for tests. */
  static Journal open(JournalConfig config, Duration retentionInterval) throws IOException {
    Path dir = config.dir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException(
          "journal directory " + dir + " cannot be created (" + e + "); check --journal", e);
    }
    FileChannel lockChannel = lock(dir);
    try {
      List<Segments.SegmentFile> existing = Segments.list(dir);
      if (!existing.isEmpty()) {
        repairTail(existing.getLast().path(), config.fsync());
      }
      long firstSequence = existing.isEmpty() ? 1 : existing.getLast().sequence() + 1;
      JournalMetrics metrics = new JournalMetrics();
      LinkedBlockingQueue<GroupCommitter.Batch> queue = new LinkedBlockingQueue<>();
      GroupCommitter committer =
          new GroupCommitter(config, retentionInterval, firstSequence, metrics, queue);
      try {
        committer.openSegment();
      } catch (IOException e) {
        throw new IOException(
            "journal directory " + dir + " does not take a new segment (" + e + ")", e);
      }
      return new Journal(dir, lockChannel, metrics, queue, committer);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /**
   * Appends the records, in order, and returns once they are durable: written and fsynced (unless
   * {@code fsync: false}). The records of one call never span two segments.
   *
   * @throws IOException when they could not be made durable; the journal goes on with a new
   *     segment, and a later append succeeds once the cause is gone
   */
  public void append(List<JournalRecord> records) throws IOException {
    write(records, false);
  }

  /**
   * {@link #append}, but each record is written with a fresh id, made as the batch is queued, so
   * ids increase in write order even across concurrent appends. The ids the records carry in are
   * not written (make them with {@link JournalRecord#create}).
   *
   * @return the ids written, in the records' order
   */
  public List<String> appendNew(List<JournalRecord> records) throws IOException {
    return write(records, true);
  }

  private List<String> write(List<JournalRecord> records, boolean freshIds) throws IOException {
    if (records.isEmpty()) {
      return List.of();
    }
    if (freshIds) {
      for (JournalRecord r : records) {
        if (r.id().length() != RecordIds.TEXT_LENGTH) { // its place in the line is overwritten
          throw new IllegalArgumentException(
              "appendNew: expected records made by JournalRecord.create, found id '"
                  + r.id()
                  + "'");
        }
      }
    }
    RecordCodec.Lines lines = RecordCodec.encodeLines(records, buffers.poll());
    GroupCommitter.Batch batch =
        new GroupCommitter.Batch(
            lines.bytes(), lines.length(), records.size(), new CompletableFuture<>());
    String[] ids = new String[records.size()];
    lifecycle.lock();
    try {
      if (closed) {
        throw new IOException("journal " + dir + " is closed");
      }
      for (int i = 0; i < ids.length; i++) {
        ids[i] =
            freshIds
                ? RecordIds.writeNext(lines.bytes(), lines.starts()[i] + RecordCodec.ID_OFFSET)
                : records.get(i).id();
      }
      queue.add(batch); // the writer takes batches in this order
    } finally {
      lifecycle.unlock();
    }
    try {
      batch.done().get();
      recycle(lines.bytes()); // the writer is done with it once the batch is
      return List.of(ids);
    } catch (ExecutionException e) {
      recycle(lines.bytes());
      Throwable cause = e.getCause();
      throw new IOException(
          "journal " + dir + ": append of " + records.size() + " records failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted while waiting for journal "
              + dir
              + "; the records may or may not be durable");
    }
  }

  /** Keeps a line buffer for the next append, when it is not too large and the pool not full. */
  private void recycle(byte[] buffer) {
    if (buffer.length <= MAX_POOLED_BUFFER) {
      buffers.offer(buffer);
    }
  }

  /** The journal's own metrics; see {@code docs/journal.md}. */
  public List<MetricSnapshot> metrics() {
    return metrics.snapshots(dir);
  }

  /** Commits what was appended before, closes the active segment and releases the directory. */
  @Override
  public void close() {
    lifecycle.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(GroupCommitter.STOP);
    } finally {
      lifecycle.unlock();
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      lockChannel.close();
    } catch (IOException e) {
      log.warn("cannot release journal lock in {}: {}", dir, e.toString());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static FileChannel lock(Path dir) throws IOException {
    Path file = dir.resolve(LOCK_FILE);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException(
          "journal directory "
              + dir
              + " is in use by another journal (it holds "
              + file
              + "); give each exporter its own journal directory");
    }
    return channel;
  }

  /**
   * Cuts off what follows the last whole record of the previous run's last segment: bytes written
   * but never acknowledged (an fsync makes everything before it durable, so nothing acknowledged
   * can follow a bad line).
   */
  private static void repairTail(Path segment, boolean fsync) throws IOException {
    try (FileChannel channel =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long valid = JournalReader.validPrefix(channel);
      if (valid < size) {
        channel.truncate(valid);
        if (fsync) {
          channel.force(false);
        }
        log.warn(
            "journal segment {}: cut off {} bytes of unfinished tail the previous run left"
                + " (never acknowledged)",
            segment,
            size - valid);
      }
    }
  }
}
