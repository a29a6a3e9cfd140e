package dev.dropscope.exporter.journal;

import dev.dropscope.exporter.config.JournalConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's single writer. It takes every batch queued since its last commit, writes them in
 * order and fsyncs once for all of them (group commit), then completes their futures. It rotates to
 * a new segment between batches, and after a failed commit it leaves the segment (cut back to its
 * last durable byte when it can) so that later records never follow a torn line.
 */
final class GroupCommitter implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  /**
   * Encoded records waiting for their commit: the first {@code length} bytes of {@code bytes}.
   * {@code done} completes once they are durable.
   */
  record Batch(byte[] bytes, int length, int records, CompletableFuture<Void> done) {}

  /** Queued last by {@link Journal#close()}: commit what came before, then stop. */
  static final Batch STOP = new Batch(new byte[0], 0, 0, new CompletableFuture<>());

  private final Path dir;
  private final long segmentBytes;
  private final boolean fsync;
  private final Retention retention;
  private final JournalMetrics metrics;
  private final BlockingQueue<Batch> queue;
  private final long retentionIntervalNanos;

  private long nextSequence;
  private Active active;
  private boolean retentionDue = true;
  private long lastRetention = System.nanoTime();

  /** The segment being written: its size, and how much of it is known durable. */
  private static final class Active {
    final Path path;
    final FileChannel channel;
    long size;
    long durable;

    Active(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }
  }

  /**
   * @param retentionInterval how often retention runs besides after every rotation
   */
  GroupCommitter(
      JournalConfig config,
      Duration retentionInterval,
      long firstSequence,
      JournalMetrics metrics,
      BlockingQueue<Batch> queue) {
    this.retentionIntervalNanos = retentionInterval.toNanos();
    this.dir = config.dir();
    this.segmentBytes = config.segmentBytes();
    this.fsync = config.fsync();
    this.retention = new Retention(config.retention(), config.maxBytes());
    this.nextSequence = firstSequence;
    this.metrics = metrics;
    this.queue = queue;
  }

  /** Starts the first segment; called before the writer thread runs. */
  void openSegment() throws IOException {
    Path path = dir.resolve(Segments.name(nextSequence++, Instant.now()));
    active = new Active(path, Segments.create(path, fsync));
  }

  @Override
  public void run() {
    List<Batch> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      long sinceRetention = System.nanoTime() - lastRetention;
      if (retentionDue || sinceRetention >= retentionIntervalNanos) {
        enforceRetention();
        sinceRetention = 0;
      }
      Batch first;
      try {
        first = queue.poll(retentionIntervalNanos - sinceRetention, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        continue; // only close() stops the writer, through STOP
      }
      if (first == null) {
        continue;
      }
      group.clear();
      group.add(first);
      queue.drainTo(group);
      if (group.getLast() == STOP) {
        group.removeLast();
        stopping = true;
      }
      if (!group.isEmpty()) {
        commit(group);
      }
    }
    closeActive();
  }

  /** Commits a group; metrics are counted before any caller is told, so they never lag. */
  private void commit(List<Batch> group) {
    long start = System.nanoTime();
    List<Batch> written = new ArrayList<>(group.size()); // in the active segment, not yet durable
    int next = 0;
    try {
      for (; next < group.size(); next++) {
        Batch batch = group.get(next);
        if (active != null && active.size > 0 && active.size + batch.length() > segmentBytes) {
          sync();
          succeed(written);
          closeActive();
          retentionDue = true;
        }
        if (active == null) {
          openSegment();
        }
        write(batch);
        written.add(batch);
      }
      sync();
      metrics.commitSeconds.observe((System.nanoTime() - start) / 1e9);
      succeed(written);
    } catch (Throwable e) { // an Error too: no caller may wait forever
      metrics.commitSeconds.observe((System.nanoTime() - start) / 1e9);
      metrics.writeFailures.inc();
      log.warn(
          "journal commit failed in {}; {} appends get an error: {}",
          active != null ? active.path : dir,
          written.size() + group.size() - next,
          e.toString());
      abandonActive(); // before the callers hear of it: they may look at the segment
      written.forEach(b -> b.done().completeExceptionally(e));
      group.subList(next, group.size()).forEach(b -> b.done().completeExceptionally(e));
    }
  }

  private void write(Batch batch) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(batch.bytes(), 0, batch.length());
    while (buffer.hasRemaining()) {
      active.size += active.channel.write(buffer);
    }
  }

  private void sync() throws IOException {
    if (active == null || active.durable == active.size) {
      return;
    }
    if (fsync) {
      active.channel.force(false);
      metrics.fsyncs.inc();
    }
    active.durable = active.size;
  }

  private void succeed(List<Batch> batches) {
    for (Batch b : batches) {
      metrics.records.inc(b.records());
      metrics.bytes.inc(b.length());
      metrics.appends.inc();
      b.done().complete(null);
    }
    batches.clear();
  }

  /**
   * Leaves the active segment after a failure: cuts it back to its last durable byte when it can,
   * so no unacknowledged record stays behind, and closes it. The next commit starts a new segment.
   */
  private void abandonActive() {
    if (active == null) {
      return;
    }
    try {
      active.channel.truncate(active.durable);
      if (fsync) {
        active.channel.force(false);
      }
    } catch (IOException | RuntimeException e) {
      log.warn(
          "cannot cut journal segment {} back to {} bytes after a failed commit ({});"
              + " readers skip its torn tail",
          active.path,
          active.durable,
          e.toString());
    }
    closeQuietly();
    log.warn(
        "journal segment {} left after a failed commit; the next starts a new one", active.path);
    active = null;
  }

  private void closeActive() {
    if (active == null) {
      return;
    }
    try {
      sync();
    } catch (IOException e) {
      log.warn("cannot fsync journal segment {} on closing: {}", active.path, e.toString());
    }
    closeQuietly();
    active = null;
  }

  private void closeQuietly() {
    try {
      active.channel.close();
    } catch (IOException e) {
      log.warn("cannot close journal segment {}: {}", active.path, e.toString());
    }
  }

  /** Applies retention; the active segment is never deleted. Failures are logged, not thrown. */
  void enforceRetention() {
    retentionDue = false;
    lastRetention = System.nanoTime();
    try {
      List<Retention.Deletion> deletions =
          retention.plan(Segments.list(dir), active != null ? active.path : null, Instant.now());
      for (Retention.Deletion d : deletions) {
        Files.deleteIfExists(d.segment().path());
        metrics.deleted.labelValues(d.reason().label()).inc();
        log.info(
            "journal segment {} deleted by retention ({}, {} bytes)",
            d.segment().path().getFileName(),
            d.reason().label(),
            d.segment().size());
      }
    } catch (IOException e) {
      log.warn("journal retention failed in {}: {}", dir, e.toString());
    }
  }
}
