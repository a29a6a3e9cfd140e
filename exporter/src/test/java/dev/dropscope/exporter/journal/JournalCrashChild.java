package dev.dropscope.exporter.journal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.config.JournalConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link JournalCrashIT} kills: appends batches from several threads, fsync on, until
 * it is killed, and after each append returns writes the batch's record ids to stdout, one a line,
 * in one write. A line on stdout is therefore a record the journal acknowledged.
 *
 * <p>Arguments: journal directory, segment bytes, appender threads, records per batch, run label.
 */
public final class JournalCrashChild {
  private JournalCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long segmentBytes = Long.parseLong(args[1]);
    int threads = Integer.parseInt(args[2]);
    int perBatch = Integer.parseInt(args[3]);
    String run = args[4];
    OutputStream stdout = new FileOutputStream(FileDescriptor.out); // unbuffered: one write a batch
    Journal journal = Journal.open(new JournalConfig(dir, segmentBytes, null, null, true));
    for (int t = 0; t < threads; t++) {
      String worker = run + "-w" + t;
      Thread.ofPlatform()
          .name(worker)
          .start(
              () -> {
                try {
                  for (long n = 0; ; n += perBatch) {
                    List<JournalRecord> batch = batch(worker, n, perBatch);
                    acknowledge(stdout, journal.appendNew(batch));
                  }
                } catch (IOException e) {
                  e.printStackTrace();
                  System.exit(3);
                }
              });
    }
    Thread.currentThread().join(); // until SIGKILL
  }

  private static List<JournalRecord> batch(String worker, long from, int count) {
    List<JournalRecord> out = new ArrayList<>(count);
    Instant now = Instant.now();
    for (long n = from; n < from + count; n++) {
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      data.put("worker", worker);
      data.put("seq", n);
      data.put("amount", "12.5");
      out.add(JournalRecord.create("airdrops.claim", now, now, worker + "-" + n, data));
    }
    return out;
  }

  private static void acknowledge(OutputStream stdout, List<String> ids) throws IOException {
    StringBuilder lines = new StringBuilder(ids.size() * 37);
    for (String id : ids) {
      lines.append(id).append('\n');
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.US_ASCII);
    synchronized (stdout) {
      stdout.write(bytes);
    }
  }
}
