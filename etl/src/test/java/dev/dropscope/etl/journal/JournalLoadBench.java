package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.JOURNAL_SEGMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.etl.run.Source;
import dev.dropscope.exporter.journal.JournalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load rate on a realistic mix of the five journaled types plus a user pack's, written by the
 * exporter's journal into 64 MiB segments and loaded into the embedded PostgreSQL (synchronous
 * commit on). Run with {@code -Ddropscope.bench=true -Dtest=JournalLoadBench}; {@code
 * -Dbench.records=N}, {@code -Dbench.batch=N} and {@code -Dbench.rounds=N} change the journal's
 * size, the chunk and the repetitions. Each round loads into empty tables, then reads everything
 * again with the watermarks forgotten (every record already present).
 */
@EnabledIfSystemProperty(named = "dropscope.bench", matches = "true")
class JournalLoadBench {

  @Test
  void load_rate(@TempDir Path dir) throws Exception {
    int records = Integer.getInteger("bench.records", 200_000);
    int batch = Integer.getInteger("bench.batch", 5_000);
    int rounds = Integer.getInteger("bench.rounds", 3);
    Path journal = dir.resolve("journal");
    List<List<JournalRecord>> batches = new ArrayList<>();
    for (int start = 0; start < records; start += 1_000) {
      List<JournalRecord> b = new ArrayList<>();
      for (int i = start; i < Math.min(records, start + 1_000); i++) {
        b.add(mixed(i));
      }
      batches.add(b);
    }
    Journals.appendNew(journal, 64L << 20, batches);
    long bytes = 0;
    for (Path s : Journals.segments(journal)) {
      bytes += Files.size(s);
    }

    System.out.printf(
        "journal: %d records, %.1f MB in %d segments%n",
        records, bytes / 1e6, Journals.segments(journal).size());

    try (TestDb pg = new TestDb(dir.resolve("pg"))) {
      for (int round = 1; round <= rounds; round++) {
        pg.empty();
        double[] cpu0 = cpu(dir.resolve("pg"));
        long t0 = System.nanoTime();
        Source.Progress p = pg.load(journal, batch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] cpu1 = cpu(dir.resolve("pg"));
        assertThat(p.events()).isEqualTo(records);
        assertThat(pg.count(EVENTS)).isEqualTo(records);
        System.out.printf(
            "round %d: load %.2f s = %.0f records/s (batch %d); CPU per record: ETL %.1f us,"
                + " PostgreSQL %.1f us%n",
            round,
            seconds,
            records / seconds,
            batch,
            (cpu1[0] - cpu0[0]) / records * 1e6,
            (cpu1[1] - cpu0[1]) / records * 1e6);

        pg.dsl().deleteFrom(JOURNAL_SEGMENTS).execute(); // every record again, all present
        long t1 = System.nanoTime();
        Source.Progress again = pg.load(journal, batch);
        double reload = (System.nanoTime() - t1) / 1e9;
        assertThat(again.events()).isZero();
        System.out.printf(
            "round %d: reload of loaded records %.2f s = %.0f records/s%n",
            round, reload, records / reload);
      }
    }
  }

  /**
   * CPU seconds used so far by this JVM and by the embedded PostgreSQL's processes (Linux {@code
   * /proc}; exited backends are not counted, so measure over one connection's life at most).
   */
  private static double[] cpu(Path dataDir) throws Exception {
    double jvm =
        ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9;
    long postmaster =
        Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
    double pg = 0;
    List<Long> pids = new ArrayList<>(List.of(postmaster));
    ProcessHandle.of(postmaster).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        pg += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in ticks
      } catch (java.io.IOException gone) {
        // exited meanwhile
      }
    }
    return new double[] {jvm, pg};
  }

  /**
   * 50% claims, 20% interactions, 10% trades, 10% gateway transactions, 5% portfolios, 5% other.
   */
  private static JournalRecord mixed(int n) {
    Instant ts = Journals.TS.plusMillis(n);
    int kind = n % 20;
    String wallet = "0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0" + String.format("%02x", n % 256);
    String type;
    String data;
    if (kind < 10) {
      type = "airdrops.claim";
      data =
          "{\"protocol\":\"zksync\",\"wallet\":\"%s\",\"token\":\"ZK\",\"status\":\"success\",\"amount\":%d.25,\"value_usd\":%d.0525,\"fee_usd\":0.12,\"gas_used\":21000,\"gas_price_gwei\":0.25,\"chain\":\"zksync-era\",\"tx_hash\":\"0x6b0d2f8a4c1e7b3d9f5a0c6e2b8d4f1a7c3e9b5d0f6a2c8e4b1d7f3a9c5e%04x\",\"block_number\":%d}"
              .formatted(wallet, n, n, n % 65536, 48_000_000 + n);
    } else if (kind < 14) {
      type = "airdrops.interaction";
      data =
          "{\"protocol\":\"scroll\",\"wallet\":\"%s\",\"action\":\"bridge\",\"status\":\"success\",\"chain\":\"scroll\",\"fee_usd\":0.41,\"gas_used\":120000,\"gas_price_gwei\":0.05,\"duration_seconds\":12.5,\"tx_hash\":\"0xabc%d\",\"block_number\":%d}"
              .formatted(wallet, n, n);
    } else if (kind < 16) {
      type = "trading.trade";
      data =
          "{\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"side\":\"sell\",\"quantity\":0.015,\"price\":97250.10,\"pnl_usd\":-12.75,\"fee_usd\":0.73,\"execution_seconds\":0.042,\"agent\":\"momentum-1\",\"trade_id\":\"T-%d\"}"
              .formatted(n);
    } else if (kind < 18) {
      type = "gateway.transaction";
      data =
          "{\"tx_type\":\"transfer\",\"status\":\"success\",\"chain\":\"arbitrum\",\"duration_seconds\":2.4,\"fee_usd\":0.03,\"tx_hash\":\"0x%x\",\"service\":\"signer\"}"
              .formatted(n);
    } else if (kind < 19) {
      type = "airdrops.portfolio";
      data =
          "{\"wallet\":\"%s\",\"positions\":[{\"token\":\"ZK\",\"amount\":1500,\"value_usd\":315.00},{\"token\":\"ETH\",\"amount\":0.5,\"value_usd\":1650.25},{\"token\":\"USDC\",\"amount\":120,\"value_usd\":120}]}"
              .formatted(wallet);
    } else {
      type = "mypack.rebalance";
      data = "{\"from\":\"A\",\"to\":\"B\",\"amount\":%d.5}".formatted(n);
    }
    return JournalRecord.create(
        type, ts, ts.plusMillis(40), "evt-" + n, (ObjectNode) Journals.json(data));
  }
}
