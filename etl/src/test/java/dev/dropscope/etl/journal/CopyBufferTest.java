package dev.dropscope.etl.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.journal.JournalRecord;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/** The binary COPY encoding, checked by what a real PostgreSQL reads from it. */
class CopyBufferTest {
  @RegisterExtension static final TestDb pg = new TestDb();

  /** Copies one-column rows into a temporary table and reads them back as text, in order. */
  private List<String> roundTrip(String type, CopyBuffer rows) throws Exception {
    try (Connection c = pg.db.connection()) {
      return roundTripOn(c, type, rows);
    }
  }

  @Test
  void numerics_arrive_exactly_with_their_scale() throws Exception {
    List<BigDecimal> values = new ArrayList<>();
    for (String s :
        new String[] {
          "0",
          "0.00",
          "-0.00",
          "1",
          "-1",
          "9999",
          "10000",
          "12.50",
          "0.0001",
          "0.00001",
          "1E+3",
          "1.2E+7",
          "-97250.10",
          "319.305000000000000000000001",
          "0.000000000000000001",
          "123456789012345678901234567890.123456789",
          "9223372036854775807",
          "99999999.99999999",
          "1E+131071",
          "1E-16383"
        }) {
      values.add(new BigDecimal(s));
    }
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      BigInteger unscaled = new BigInteger(1 + random.nextInt(120), random);
      values.add(
          new BigDecimal(
              random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(40) - 8));
    }
    CopyBuffer rows = new CopyBuffer();
    for (BigDecimal v : values) {
      rows.startRow(1);
      rows.numeric(v);
      rows.endRow();
    }

    List<String> back = roundTrip("numeric", rows);

    List<String> expected =
        values.stream().map(v -> v.scale() < 0 ? v.setScale(0) : v).map(v -> plain(v)).toList();
    assertThat(back).containsExactlyElementsOf(expected);
  }

  /** PostgreSQL's text form of a numeric: no exponent, no negative zero. */
  private static String plain(BigDecimal v) {
    return v.signum() == 0 ? v.abs().toPlainString() : v.toPlainString();
  }

  @Test
  void timestamps_arrive_to_the_microsecond_across_the_range() throws Exception {
    List<Instant> times =
        List.of(
            JournalRecord.MIN_TIME,
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("2026-11-22T13:00:00.123456Z"),
            JournalRecord.MAX_TIME);
    CopyBuffer rows = new CopyBuffer();
    for (Instant t : times) {
      rows.startRow(1);
      rows.timestamptz(t);
      rows.endRow();
    }

    List<String> back;
    try (Connection c = pg.db.connection();
        Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'UTC'");
      s.execute("SET datestyle = 'ISO'");
      back = roundTripOn(c, "timestamptz", rows);
    }

    assertThat(back)
        .containsExactly(
            "0001-01-01 00:00:00+00",
            "1969-12-31 23:59:59.999999+00",
            "1999-12-31 23:59:59.999999+00",
            "2000-01-01 00:00:00+00",
            "2026-11-22 13:00:00.123456+00",
            "9999-12-31 23:59:59.999999+00");
  }

  private List<String> roundTripOn(Connection c, String type, CopyBuffer rows) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMPORARY TABLE t (n serial, v " + type + ")");
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY t (v) FROM STDIN (FORMAT binary)", new ByteArrayInputStream(rows.bytes()));
      List<String> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT v::text FROM t ORDER BY n")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  @Test
  void uuids_in_either_case_arrive_as_written() throws Exception {
    CopyBuffer rows = new CopyBuffer();
    for (String id :
        List.of("019ab3c2-5a8b-7000-8000-000000000001", "FFFFFFFF-0000-7ABC-8DEF-0123456789AB")) {
      rows.startRow(1);
      rows.uuid(id);
      rows.endRow();
    }

    assertThat(roundTrip("uuid", rows))
        .containsExactly(
            "019ab3c2-5a8b-7000-8000-000000000001", "ffffffff-0000-7abc-8def-0123456789ab");
  }

  @Test
  void doubles_integers_text_and_nulls_arrive_as_written() throws Exception {
    CopyBuffer rows = new CopyBuffer();
    rows.startRow(1);
    rows.float8(0.042);
    rows.endRow();
    rows.startRow(1);
    rows.nul();
    rows.endRow();

    assertThat(roundTrip("double precision", rows)).containsExactly("0.042", null);

    CopyBuffer ints = new CopyBuffer();
    ints.startRow(1);
    ints.int8(Long.MIN_VALUE);
    ints.endRow();
    assertThat(roundTrip("bigint", ints)).containsExactly(Long.toString(Long.MIN_VALUE));

    CopyBuffer text = new CopyBuffer();
    text.startRow(1);
    text.text("é \ud83d\ude80 \t\\ \"", "x");
    text.endRow();
    assertThat(roundTrip("text", text)).containsExactly("é \ud83d\ude80 \t\\ \"");
  }
}
