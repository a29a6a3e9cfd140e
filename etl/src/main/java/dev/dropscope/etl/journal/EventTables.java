package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.AIRDROP_CLAIMS;
import static dev.dropscope.etl.db.dropscope.Tables.AIRDROP_INTERACTIONS;
import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.GATEWAY_TRANSACTIONS;
import static dev.dropscope.etl.db.dropscope.Tables.PORTFOLIO_POSITIONS;
import static dev.dropscope.etl.db.dropscope.Tables.PORTFOLIO_SNAPSHOTS;
import static dev.dropscope.etl.db.dropscope.Tables.TRADES;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.Field;
import org.jooq.Table;

/**
 * Where each journaled event type of the built-in packs goes. The typed tables' columns come from
 * the schema (the generated jOOQ classes): a column is filled from the data field of the same name,
 * and every other data field goes to the row's {@code extra}. Every record, whatever its type, also
 * goes to {@code dropscope.events}.
 */
final class EventTables {
  private EventTables() {}

  /** The columns a typed row fills from the record itself rather than from its data. */
  private static final List<String> RECORD_COLUMNS = List.of("id", "ts", "ingested_at");

  private static final String EXTRA = "extra";

  /** {@code dropscope.events}: every record. */
  static final Target ALL_EVENTS = Target.of(EVENTS);

  /**
   * An event type loaded into one table, one row per record.
   *
   * @param type the event type, e.g. {@code airdrops.claim}
   * @param target the table, its row written as {@code id, ts, ingested_at}, the data columns,
   *     {@code extra}
   * @param columns the data columns, in the order written
   * @param names their names: the data fields that do not go to {@code extra}
   */
  record Flat(String type, Target target, List<Column> columns, Set<String> names) {
    static Flat of(String type, Table<?> table) {
      List<Column> columns = dataColumns(table, Set.of());
      return new Flat(
          type,
          EventTables.target(table, RECORD_COLUMNS, columns, List.of(EXTRA)),
          columns,
          EventTables.names(columns));
    }
  }

  static final Map<String, Flat> FLAT =
      Stream.of(
              Flat.of("airdrops.claim", AIRDROP_CLAIMS),
              Flat.of("airdrops.interaction", AIRDROP_INTERACTIONS),
              Flat.of("trading.trade", TRADES),
              Flat.of("gateway.transaction", GATEWAY_TRANSACTIONS))
          .collect(Collectors.toUnmodifiableMap(Flat::type, Function.identity()));

  /** {@code airdrops.portfolio}: one snapshot row per record, one position row per list entry. */
  static final String PORTFOLIO = "airdrops.portfolio";

  /** The data field holding the positions, a list of objects. */
  static final String POSITIONS = "positions";

  /** The position field whose sum is the snapshot's {@code total_value_usd}. */
  static final String POSITION_VALUE = PORTFOLIO_POSITIONS.VALUE_USD.getName();

  /** A snapshot's data columns ({@code wallet}); {@code total_value_usd} is computed. */
  static final List<Column> SNAPSHOT_COLUMNS =
      dataColumns(PORTFOLIO_SNAPSHOTS, Set.of(PORTFOLIO_SNAPSHOTS.TOTAL_VALUE_USD.getName()));

  /** The data fields a snapshot row does not keep in {@code extra}. */
  static final Set<String> SNAPSHOT_FIELDS =
      Stream.concat(names(SNAPSHOT_COLUMNS).stream(), Stream.of(POSITIONS))
          .collect(Collectors.toUnmodifiableSet());

  static final Target SNAPSHOTS =
      target(
          PORTFOLIO_SNAPSHOTS,
          RECORD_COLUMNS,
          SNAPSHOT_COLUMNS,
          List.of(PORTFOLIO_SNAPSHOTS.TOTAL_VALUE_USD.getName(), EXTRA));

  /** A position's columns from its list entry ({@code token, amount, value_usd}). */
  static final List<Column> POSITION_COLUMNS =
      dataColumns(
          PORTFOLIO_POSITIONS,
          Set.of(
              PORTFOLIO_POSITIONS.SNAPSHOT_ID.getName(), PORTFOLIO_POSITIONS.POSITION.getName()));

  /** The entry fields a position row does not keep in {@code extra}. */
  static final Set<String> POSITION_FIELDS = names(POSITION_COLUMNS);

  static final Target POSITIONS_TARGET =
      target(
          PORTFOLIO_POSITIONS,
          List.of(
              PORTFOLIO_POSITIONS.SNAPSHOT_ID.getName(), PORTFOLIO_POSITIONS.POSITION.getName()),
          POSITION_COLUMNS,
          List.of(EXTRA));

  /** Every target, in the order a chunk inserts into them: snapshots before their positions. */
  static final List<Target> TARGETS =
      List.of(
          ALL_EVENTS,
          FLAT.get("airdrops.claim").target(),
          FLAT.get("airdrops.interaction").target(),
          SNAPSHOTS,
          POSITIONS_TARGET,
          FLAT.get("trading.trade").target(),
          FLAT.get("gateway.transaction").target());

  /**
   * The table's columns filled from data: all but the record's, {@code extra} and {@code except}.
   */
  private static List<Column> dataColumns(Table<?> table, Set<String> except) {
    return table
        .fieldStream()
        .map(Field::getName)
        .filter(n -> !RECORD_COLUMNS.contains(n) && !EXTRA.equals(n) && !except.contains(n))
        .map(n -> Column.of(table.field(n)))
        .toList();
  }

  private static Target target(
      Table<?> table, List<String> leading, List<Column> columns, List<String> trailing) {
    return new Target(
        table,
        Stream.of(leading.stream(), columns.stream().map(Column::name), trailing.stream())
            .flatMap(Function.identity())
            .toList());
  }

  private static Set<String> names(List<Column> columns) {
    return columns.stream().map(Column::name).collect(Collectors.toUnmodifiableSet());
  }
}
