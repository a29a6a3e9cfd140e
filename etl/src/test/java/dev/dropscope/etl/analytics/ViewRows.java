package dev.dropscope.etl.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.dropscope.etl.store.Database;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/** Reads an analytics view and compares it, row by row and column by column, to expected rows. */
final class ViewRows {
  /** Relative tolerance for figures that are sums and ratios of stored values. */
  static final double EXACT = 1e-9;

  /** Relative tolerance for the risk figures (floating point statistics over many returns). */
  static final double RISK = 1e-6;

  /** Instants may differ by this much (intervals built from float seconds round to the µs). */
  private static final double INSTANT_SECONDS = 1e-3;

  private ViewRows() {}

  /** The view column a record component stands for, when it is not the component's snake case. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  @interface Column {
    String value();
  }

  /**
   * What a view must hold.
   *
   * @param key the columns that identify a row
   * @param tolerance relative tolerance for numbers
   */
  record Expectation(
      String view,
      Class<? extends Record> type,
      List<? extends Record> rows,
      List<String> key,
      double tolerance) {
    @Override
    public String toString() {
      return "analytics." + view;
    }
  }

  static List<String> columns(Class<? extends Record> type) {
    List<String> names = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Column column = c.getAnnotation(Column.class);
      names.add(
          column != null
              ? column.value()
              : c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT));
    }
    return names;
  }

  static Map<String, Object> asMap(Record row) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<String> names = columns(row.getClass());
    RecordComponent[] components = row.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      try {
        m.put(names.get(i), normalize(components[i].getAccessor().invoke(row)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return m;
  }

  /** Every row of {@code analytics.<view>}, values normalized for comparison. */
  static List<Map<String, Object>> read(Connection c, String view) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM analytics." + view)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object value =
              md.getColumnTypeName(i).equals("timestamptz")
                  ? rs.getObject(i, OffsetDateTime.class)
                  : rs.getObject(i);
          row.put(md.getColumnName(i), normalize(value));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static List<String> viewColumns(Connection c, String view) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM analytics." + view + " LIMIT 0")) {
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        names.add(rs.getMetaData().getColumnName(i));
      }
      return names;
    }
  }

  /**
   * One test per view the {@link Reference} computes from {@code d}: its rows are not empty, and
   * the view holds them when read in a session time zone far from UTC, with its own daylight saving
   * change inside the dataset (8 March 2026): days must still be UTC days. The view is read in one
   * transaction, so one now(), and compared with the reference for the database's UTC date in it:
   * monthly manual costs accrue up to that date, which may change while the tests run.
   */
  static Stream<DynamicTest> eachMatches(Database db, Dataset d) throws SQLException {
    Map<LocalDate, List<Expectation>> byDay = new HashMap<>();
    Function<LocalDate, List<Expectation>> on =
        day -> byDay.computeIfAbsent(day, x -> Reference.expectations(d, x));
    List<String> views;
    try (Connection c = db.connection()) {
      views = on.apply(Jdbc.today(c)).stream().map(Expectation::view).toList();
    }
    return views.stream()
        .map(
            view ->
                DynamicTest.dynamicTest(
                    "analytics." + view + " equals the reference",
                    () -> {
                      try (Connection c = db.connection();
                          Statement s = c.createStatement()) {
                        c.setAutoCommit(false); // now() stays the transaction's start
                        s.execute("SET TIME ZONE 'America/St_Johns'");
                        Expectation e =
                            on.apply(Jdbc.today(c)).stream()
                                .filter(x -> x.view().equals(view))
                                .findFirst()
                                .orElseThrow();
                        assertThat(e.rows()).as("the dataset gives %s rows", e).isNotEmpty();
                        assertMatches(c, e);
                      }
                    }));
  }

  /** Fails with every difference when the view does not hold exactly the expected rows. */
  static void assertMatches(Connection c, Expectation e) throws SQLException {
    assertThat(viewColumns(c, e.view()))
        .as("columns of analytics.%s", e.view())
        .containsExactlyElementsOf(columns(e.type()));
    Map<List<Object>, Map<String, Object>> actual = byKey(read(c, e.view()), e);
    Map<List<Object>, Map<String, Object>> expected =
        byKey(e.rows().stream().map(ViewRows::asMap).toList(), e);
    List<String> problems = new ArrayList<>();
    for (List<Object> key : union(expected, actual)) {
      Map<String, Object> want = expected.get(key);
      Map<String, Object> got = actual.get(key);
      if (want == null || got == null) {
        problems.add(key + (want == null ? " is not expected: " + got : " is missing: " + want));
        continue;
      }
      for (Map.Entry<String, Object> column : want.entrySet()) {
        Object w = column.getValue();
        Object g = got.get(column.getKey());
        if (!same(w, g, e.tolerance())) {
          problems.add(key + " " + column.getKey() + ": expected " + w + ", found " + g);
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(
          "analytics.%s differs from the reference in %d places (of %d rows):%n  %s",
          e.view(),
          problems.size(),
          expected.size(),
          String.join("\n  ", problems.subList(0, Math.min(40, problems.size()))));
    }
  }

  private static TreeSet<List<Object>> union(Map<List<Object>, ?> a, Map<List<Object>, ?> b) {
    TreeSet<List<Object>> keys = new TreeSet<>(ViewRows::compareKeys);
    keys.addAll(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static Map<List<Object>, Map<String, Object>> byKey(
      List<Map<String, Object>> rows, Expectation e) {
    Map<List<Object>, Map<String, Object>> m = new TreeMap<>(ViewRows::compareKeys);
    for (Map<String, Object> row : rows) {
      List<Object> key = new ArrayList<>();
      for (String k : e.key()) {
        key.add(row.get(k));
      }
      if (m.put(key, row) != null) {
        fail("analytics.%s has two rows with key %s %s", e.view(), e.key(), key);
      }
    }
    return m;
  }

  private static int compareKeys(List<Object> a, List<Object> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = keyText(a.get(i)).compareTo(keyText(b.get(i)));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** A key part as text; a map (a label set) by its sorted entries, whatever its order. */
  private static String keyText(Object part) {
    return part instanceof Map<?, ?> m ? new TreeMap<>(m).toString() : String.valueOf(part);
  }

  /**
   * Numbers to Double, times to Instant, intervals to Duration, jsonb and maps to a sorted map (so
   * that a key holding labels compares equal whatever order they were written in).
   */
  private static Object normalize(Object v) {
    return switch (v) {
      case null -> null;
      case Number n -> n.doubleValue();
      case OffsetDateTime t -> t.toInstant();
      case PGInterval i -> seconds(i);
      case PGobject o when "jsonb".equals(o.getType()) ->
          new TreeMap<>(DatasetTables.labels(o.getValue()));
      case Map<?, ?> m -> new TreeMap<>(m);
      default -> v;
    };
  }

  private static Duration seconds(PGInterval i) {
    if (i.getYears() != 0 || i.getMonths() != 0) {
      throw new IllegalArgumentException("interval with months: " + i);
    }
    long micros = Math.round(i.getSeconds() * 1e6);
    return Duration.ofDays(i.getDays())
        .plusHours(i.getHours())
        .plusMinutes(i.getMinutes())
        .plusNanos(micros * 1000);
  }

  private static boolean same(Object want, Object got, double tolerance) {
    if (want == null || got == null) {
      return want == got;
    }
    if (want instanceof Double w && got instanceof Double g) {
      return close(w, g, tolerance);
    }
    if (want instanceof Instant w && got instanceof Instant g) {
      return Math.abs(seconds(w) - seconds(g)) <= INSTANT_SECONDS;
    }
    if (want instanceof Duration w && got instanceof Duration g) {
      return close(w.toNanos() / 1e9, g.toNanos() / 1e9, tolerance);
    }
    return Objects.equals(want, got);
  }

  static boolean close(double want, double got, double tolerance) {
    return want == got // infinities
        || Math.abs(want - got) <= tolerance * Math.max(Math.abs(want), Math.abs(got)) + 1e-12;
  }

  private static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
