package dev.dropscope.etl.prune;

import static dev.dropscope.etl.db.dropscope.Tables.ROLLUP_1H;
import static dev.dropscope.etl.db.dropscope.Tables.ROLLUP_5M;

import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Retention: raw samples go a whole day partition at a time (a partition whose upper bound is at or
 * before the cut-off), or through TimescaleDB's drop_chunks on a hypertable; rollup buckets before
 * their own cut-off are deleted.
 */
public final class Pruner {
  private Pruner() {}

  /**
   * What was (or would be) dropped.
   *
   * @param partitions the raw-sample partitions, oldest first
   * @param rollupRows rollup rows deleted (counted, not deleted, on a dry run)
   */
  public record Result(List<String> partitions, long rollupRows) {}

  public static Result prune(Database db, Instant rawBefore, Instant rollupsBefore, boolean dryRun)
      throws DatabaseException {
    try {
      return db.dsl()
          .transactionResult(
              tx -> {
                DSLContext dsl = tx.dsl();
                List<String> partitions = oldPartitions(dsl, rawBefore);
                OffsetDateTime cut = OffsetDateTime.ofInstant(rollupsBefore, ZoneOffset.UTC);
                long rows;
                if (dryRun) {
                  rows =
                      dsl.fetchCount(ROLLUP_5M, ROLLUP_5M.BUCKET.lt(cut))
                          + dsl.fetchCount(ROLLUP_1H, ROLLUP_1H.BUCKET.lt(cut));
                } else {
                  for (String p : partitions) {
                    dsl.execute("DROP TABLE dropscope.\"" + p + "\"");
                  }
                  if (hypertable(dsl)) {
                    dsl.execute(
                        "SELECT drop_chunks('dropscope.samples', older_than => ?::timestamptz)",
                        OffsetDateTime.ofInstant(rawBefore, ZoneOffset.UTC));
                  }
                  rows =
                      dsl.deleteFrom(ROLLUP_5M).where(ROLLUP_5M.BUCKET.lt(cut)).execute()
                          + dsl.deleteFrom(ROLLUP_1H).where(ROLLUP_1H.BUCKET.lt(cut)).execute();
                }
                return new Result(partitions, rows);
              });
    } catch (DataAccessException e) {
      throw new DatabaseException("prune failed: " + e.getMessage(), e);
    }
  }

  /**
   * Partitions of dropscope.samples whose whole day lies before {@code before}, by their names:
   * {@code samples_YYYYMMDD} covers that UTC day. Partitions named otherwise are left alone.
   */
  private static List<String> oldPartitions(DSLContext dsl, Instant before) {
    List<String> out = new ArrayList<>();
    var names =
        dsl.fetch(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'dropscope.samples'::regclass ORDER BY c.relname");
    for (var r : names) {
      String name = r.get(0, String.class);
      if (!name.matches("samples_\\d{8}")) {
        continue;
      }
      LocalDate day = LocalDate.parse(name.substring(8), DateTimeFormatter.BASIC_ISO_DATE);
      if (!day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(before)) {
        out.add(name);
      }
    }
    return out;
  }

  private static boolean hypertable(DSLContext dsl) {
    return dsl.fetchSingle(
            "SELECT relkind <> 'p' FROM pg_class WHERE oid = 'dropscope.samples'::regclass")
        .get(0, Boolean.class);
  }
}
