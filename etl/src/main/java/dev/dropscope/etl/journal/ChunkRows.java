package dev.dropscope.etl.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.journal.JournalRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows one chunk of records makes, as binary COPY data per target table. Every record with a
 * UUID id becomes a {@code dropscope.events} row; a record of a built-in journaled type also
 * becomes its typed row(s), unless a field does not fit its column, in which case only the typed
 * rows are left out. What was left out or changed is listed in {@link #problems()}.
 */
final class ChunkRows {

  /**
   * Something about one record that a user should hear of.
   *
   * @param index the record's position in the chunk
   * @param record the record
   * @param message what is wrong and what was done about it
   */
  record Problem(int index, JournalRecord record, String message) {}

  private final Map<Target, CopyBuffer> rows = new LinkedHashMap<>();
  private final List<Problem> problems = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();
  private boolean repeatedIds;
  private String lowestId;
  private String highestId;
  private int records;
  private int skippedRecords;
  private int skippedTypedRows;

  ChunkRows() {
    for (Target t : EventTables.TARGETS) {
      rows.put(t, new CopyBuffer());
    }
  }

  /** Adds every record of a chunk, in order. */
  void addAll(List<JournalRecord> chunk) {
    for (int i = 0; i < chunk.size(); i++) {
      add(i, chunk.get(i));
    }
  }

  void add(int index, JournalRecord r) {
    records++;
    if (!Uuids.isUuid(r.id())) {
      skippedRecords++;
      problems.add(
          new Problem(
              index,
              r,
              "id: expected a UUID, found '" + r.id() + "'; the record is not loaded at all"));
      return;
    }
    String id = r.id().toLowerCase(Locale.ROOT); // uuid's order: its text's, in lower case
    if (!ids.add(id)) {
      repeatedIds = true;
    }
    if (lowestId == null || id.compareTo(lowestId) < 0) {
      lowestId = id;
    }
    if (highestId == null || id.compareTo(highestId) > 0) {
      highestId = id;
    }
    Set<String> repairs = new LinkedHashSet<>();
    CopyBuffer events = rows.get(EventTables.ALL_EVENTS);
    events.startRow(EventTables.ALL_EVENTS.columns().size());
    events.uuid(r.id());
    events.text(r.type(), "type");
    events.timestamptz(r.ts());
    events.timestamptz(r.ingestedAt());
    events.text(r.eventId(), "event_id");
    events.json(r.data(), "data");
    events.endRow();
    collect(events, repairs);

    String typed = typedRows(r, repairs);
    for (String repair : repairs) {
      problems.add(new Problem(index, r, repair));
    }
    if (typed != null) {
      skippedTypedRows++;
      problems.add(new Problem(index, r, typed));
    }
  }

  /** Writes the record's typed rows; returns why they were left out, or null. */
  private String typedRows(JournalRecord r, Set<String> repairs) {
    EventTables.Flat flat = EventTables.FLAT.get(r.type());
    if (flat != null) {
      CopyBuffer out = rows.get(flat.target());
      int mark = out.mark();
      try {
        out.startRow(flat.target().columns().size());
        recordColumns(out, r);
        for (Column c : flat.columns()) {
          c.write(r.data().get(c.name()), out, c.name());
        }
        out.jsonObjectExcept(r.data(), flat.names(), "data");
        out.endRow();
        collect(out, repairs);
        return null;
      } catch (Column.Misfit e) {
        out.reset(mark);
        out.repairs();
        return leftOut(e, flat.target());
      }
    }
    if (EventTables.PORTFOLIO.equals(r.type())) {
      return portfolioRows(r, repairs);
    }
    return null; // a user pack's type: dropscope.events only
  }

  private String portfolioRows(JournalRecord r, Set<String> repairs) {
    CopyBuffer snapshots = rows.get(EventTables.SNAPSHOTS);
    CopyBuffer positions = rows.get(EventTables.POSITIONS_TARGET);
    int snapshotMark = snapshots.mark();
    int positionMark = positions.mark();
    try {
      BigDecimal total = BigDecimal.ZERO;
      JsonNode list = r.data().get(EventTables.POSITIONS);
      if (list == null || !list.isArray()) {
        throw list == null || list.isNull()
            ? new Column.Misfit(EventTables.POSITIONS + ": missing; expected a list of positions")
            : Column.misfit(EventTables.POSITIONS, "a list of positions", list);
      }
      for (int i = 0; i < list.size(); i++) {
        String where = EventTables.POSITIONS + "[" + i + "]";
        if (!(list.get(i) instanceof ObjectNode entry)) {
          throw Column.misfit(where, "an object", list.get(i));
        }
        positions.startRow(EventTables.POSITIONS_TARGET.columns().size());
        positions.uuid(r.id());
        positions.int4(i);
        for (Column c : EventTables.POSITION_COLUMNS) {
          c.write(entry.get(c.name()), positions, where + "." + c.name());
        }
        JsonNode value = entry.get(EventTables.POSITION_VALUE);
        if (value != null && !value.isNull()) {
          total = total.add(Column.numeric(value, where + "." + EventTables.POSITION_VALUE));
        }
        positions.jsonObjectExcept(entry, EventTables.POSITION_FIELDS, "data." + where);
        positions.endRow();
      }
      snapshots.startRow(EventTables.SNAPSHOTS.columns().size());
      recordColumns(snapshots, r);
      for (Column c : EventTables.SNAPSHOT_COLUMNS) {
        c.write(r.data().get(c.name()), snapshots, c.name());
      }
      snapshots.numeric(total);
      snapshots.jsonObjectExcept(r.data(), EventTables.SNAPSHOT_FIELDS, "data");
      snapshots.endRow();
      collect(positions, repairs);
      collect(snapshots, repairs);
      return null;
    } catch (Column.Misfit e) {
      snapshots.reset(snapshotMark);
      positions.reset(positionMark);
      snapshots.repairs();
      positions.repairs();
      return leftOut(e, EventTables.SNAPSHOTS) + " and " + EventTables.POSITIONS_TARGET.qualified();
    }
  }

  private static void recordColumns(CopyBuffer out, JournalRecord r) {
    out.uuid(r.id());
    out.timestamptz(r.ts());
    out.timestamptz(r.ingestedAt());
  }

  private static String leftOut(Column.Misfit e, Target target) {
    return e.getMessage() + "; kept in dropscope.events, left out of " + target.qualified();
  }

  private static void collect(CopyBuffer out, Set<String> repairs) {
    for (CopyBuffer.Repair repair : out.repairs()) {
      repairs.add(repair.path() + ": " + repair.what());
    }
  }

  /** The COPY data of each target, in insert order. */
  Map<Target, CopyBuffer> rows() {
    return rows;
  }

  List<Problem> problems() {
    return problems;
  }

  int records() {
    return records;
  }

  /** Whether some id occurs more than once among the rows for {@code dropscope.events}. */
  boolean repeatedIds() {
    return repeatedIds;
  }

  /** The lowest and highest id among the rows for {@code dropscope.events}, or null for none. */
  String lowestId() {
    return lowestId;
  }

  String highestId() {
    return highestId;
  }

  /** The rows for {@code dropscope.events}. */
  int eventRows() {
    return rows.get(EventTables.ALL_EVENTS).rows();
  }

  /** Records with an id that is not a UUID: in no table at all. */
  int skippedRecords() {
    return skippedRecords;
  }

  /** Records in {@code dropscope.events} whose typed rows were left out. */
  int skippedTypedRows() {
    return skippedTypedRows;
  }

  /** Empties every buffer for the next chunk. */
  void clear() {
    rows.values().forEach(CopyBuffer::clear);
    problems.clear();
    ids.clear();
    repeatedIds = false;
    lowestId = null;
    highestId = null;
    records = 0;
    skippedRecords = 0;
    skippedTypedRows = 0;
  }
}
