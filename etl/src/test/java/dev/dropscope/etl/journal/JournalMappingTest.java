package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.AIRDROP_CLAIMS;
import static dev.dropscope.etl.db.dropscope.Tables.AIRDROP_INTERACTIONS;
import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.GATEWAY_TRANSACTIONS;
import static dev.dropscope.etl.db.dropscope.Tables.PORTFOLIO_POSITIONS;
import static dev.dropscope.etl.db.dropscope.Tables.PORTFOLIO_SNAPSHOTS;
import static dev.dropscope.etl.db.dropscope.Tables.TRADES;
import static dev.dropscope.etl.journal.Journals.INGESTED;
import static dev.dropscope.etl.journal.Journals.TS;
import static dev.dropscope.etl.journal.Journals.json;
import static dev.dropscope.etl.journal.Journals.record;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.etl.db.dropscope.tables.records.AirdropClaimsRecord;
import dev.dropscope.etl.db.dropscope.tables.records.AirdropInteractionsRecord;
import dev.dropscope.etl.db.dropscope.tables.records.EventsRecord;
import dev.dropscope.etl.db.dropscope.tables.records.GatewayTransactionsRecord;
import dev.dropscope.etl.db.dropscope.tables.records.PortfolioPositionsRecord;
import dev.dropscope.etl.db.dropscope.tables.records.PortfolioSnapshotsRecord;
import dev.dropscope.etl.db.dropscope.tables.records.TradesRecord;
import dev.dropscope.exporter.journal.JournalRecord;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What each journaled event type becomes in PostgreSQL, column by column, on a real server. */
class JournalMappingTest {
  @RegisterExtension static final TestDb pg = new TestDb();
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  @TempDir Path journal;

  @BeforeEach
  void empty() {
    pg.empty();
    log.list.clear();
    log.start();
    ((Logger) LoggerFactory.getLogger(JournalSource.class)).addAppender(log);
  }

  @AfterEach
  void detach() {
    ((Logger) LoggerFactory.getLogger(JournalSource.class)).detachAppender(log);
  }

  /** Writes the records through the exporter's journal, loads them, returns their ids. */
  private List<UUID> load(JournalRecord... records) throws Exception {
    List<String> ids = Journals.appendNew(journal, List.of(records));
    pg.load(journal);
    return ids.stream().map(UUID::fromString).toList();
  }

  private static JsonNode jsonb(JSONB value) {
    return json(value.data());
  }

  private List<String> warnings() {
    return log.list.stream()
        .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void a_claim_fills_every_column_and_keeps_undeclared_fields_in_extra() throws Exception {
    UUID id =
        load(record(
                "airdrops.claim",
                "claim-1",
                """
                    {"protocol":"zksync","wallet":"0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE",
                     "token":"ZK","status":"success","amount":1520.50,
                     "value_usd":319.305000000000000000000001,"fee_usd":0.12,"gas_used":21000,
                     "gas_price_gwei":0.25,"chain":"zksync-era","tx_hash":"0xabc",
                     "block_number":48213377,"note":"first claim"}"""))
            .getFirst();

    AirdropClaimsRecord row = pg.dsl().selectFrom(AIRDROP_CLAIMS).fetchSingle();
    assertThat(row.getId()).isEqualTo(id);
    assertThat(row.getTs().toInstant()).isEqualTo(TS);
    assertThat(row.getIngestedAt().toInstant()).isEqualTo(INGESTED);
    assertThat(row.getProtocol()).isEqualTo("zksync");
    assertThat(row.getWallet()).isEqualTo("0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE");
    assertThat(row.getToken()).isEqualTo("ZK");
    assertThat(row.getStatus()).isEqualTo("success");
    assertThat(row.getAmount()).isEqualTo(new BigDecimal("1520.50"));
    assertThat(row.getValueUsd()).isEqualTo(new BigDecimal("319.305000000000000000000001"));
    assertThat(row.getFeeUsd()).isEqualTo(new BigDecimal("0.12"));
    assertThat(row.getGasUsed()).isEqualTo(21000L);
    assertThat(row.getGasPriceGwei()).isEqualTo(new BigDecimal("0.25"));
    assertThat(row.getChain()).isEqualTo("zksync-era");
    assertThat(row.getTxHash()).isEqualTo("0xabc");
    assertThat(row.getBlockNumber()).isEqualTo(48213377L);
    assertThat(jsonb(row.getExtra())).isEqualTo(json("{\"note\":\"first claim\"}"));
    assertThat(warnings()).isEmpty();
  }

  @Test
  void a_claim_without_optional_fields_has_nulls_and_an_empty_extra() throws Exception {
    load(
        record(
            "airdrops.claim",
            null,
            "{\"protocol\":\"scroll\",\"wallet\":\"0xbb\",\"token\":\"SCR\",\"status\":\"failed\"}"));

    AirdropClaimsRecord row = pg.dsl().selectFrom(AIRDROP_CLAIMS).fetchSingle();
    assertThat(row.getStatus()).isEqualTo("failed");
    assertThat(row.getAmount()).isNull();
    assertThat(row.getGasUsed()).isNull();
    assertThat(row.getChain()).isNull();
    assertThat(jsonb(row.getExtra())).isEqualTo(json("{}"));
  }

  @Test
  void an_interaction_fills_every_column() throws Exception {
    UUID id =
        load(record(
                "airdrops.interaction",
                "ia-7",
                """
                    {"protocol":"scroll","wallet":"0xcc","action":"bridge","status":"success",
                     "chain":"scroll","fee_usd":0.41,"gas_used":120000,"gas_price_gwei":0.05,
                     "duration_seconds":12.5,"tx_hash":"0xdef","block_number":7,
                     "route":{"from":"ethereum","hops":2}}"""))
            .getFirst();

    AirdropInteractionsRecord row = pg.dsl().selectFrom(AIRDROP_INTERACTIONS).fetchSingle();
    assertThat(row.getId()).isEqualTo(id);
    assertThat(row.getTs().toInstant()).isEqualTo(TS);
    assertThat(row.getIngestedAt().toInstant()).isEqualTo(INGESTED);
    assertThat(row.getProtocol()).isEqualTo("scroll");
    assertThat(row.getWallet()).isEqualTo("0xcc");
    assertThat(row.getAction()).isEqualTo("bridge");
    assertThat(row.getStatus()).isEqualTo("success");
    assertThat(row.getChain()).isEqualTo("scroll");
    assertThat(row.getFeeUsd()).isEqualTo(new BigDecimal("0.41"));
    assertThat(row.getGasUsed()).isEqualTo(120000L);
    assertThat(row.getGasPriceGwei()).isEqualTo(new BigDecimal("0.05"));
    assertThat(row.getDurationSeconds()).isEqualTo(12.5);
    assertThat(row.getTxHash()).isEqualTo("0xdef");
    assertThat(row.getBlockNumber()).isEqualTo(7L);
    assertThat(jsonb(row.getExtra()))
        .isEqualTo(json("{\"route\":{\"from\":\"ethereum\",\"hops\":2}}"));
  }

  @Test
  void a_portfolio_is_one_snapshot_with_the_total_and_one_row_per_position() throws Exception {
    UUID id =
        load(record(
                "airdrops.portfolio",
                "pf-1",
                """
                    {"wallet":"0xaa","source":"debank","positions":[
                      {"token":"ZK","amount":1500,"value_usd":315.00},
                      {"token":"ETH","amount":0.5,"value_usd":1650.25,"venue":"hot"},
                      {"token":"DUST","value_usd":0.000000000000000001}]}"""))
            .getFirst();

    PortfolioSnapshotsRecord snapshot = pg.dsl().selectFrom(PORTFOLIO_SNAPSHOTS).fetchSingle();
    assertThat(snapshot.getId()).isEqualTo(id);
    assertThat(snapshot.getTs().toInstant()).isEqualTo(TS);
    assertThat(snapshot.getIngestedAt().toInstant()).isEqualTo(INGESTED);
    assertThat(snapshot.getWallet()).isEqualTo("0xaa");
    assertThat(snapshot.getTotalValueUsd()).isEqualTo(new BigDecimal("1965.250000000000000001"));
    assertThat(jsonb(snapshot.getExtra())).isEqualTo(json("{\"source\":\"debank\"}"));

    List<PortfolioPositionsRecord> positions =
        pg.dsl().selectFrom(PORTFOLIO_POSITIONS).orderBy(PORTFOLIO_POSITIONS.POSITION).fetch();
    assertThat(positions).extracting(PortfolioPositionsRecord::getSnapshotId).containsOnly(id);
    assertThat(positions)
        .extracting(PortfolioPositionsRecord::getPosition)
        .containsExactly(0, 1, 2);
    assertThat(positions)
        .extracting(PortfolioPositionsRecord::getToken)
        .containsExactly("ZK", "ETH", "DUST");
    assertThat(positions)
        .extracting(PortfolioPositionsRecord::getAmount)
        .containsExactly(new BigDecimal("1500"), new BigDecimal("0.5"), null);
    assertThat(positions)
        .extracting(PortfolioPositionsRecord::getValueUsd)
        .containsExactly(
            new BigDecimal("315.00"),
            new BigDecimal("1650.25"),
            new BigDecimal("0.000000000000000001"));
    assertThat(positions)
        .extracting(p -> jsonb(p.getExtra()))
        .containsExactly(json("{}"), json("{\"venue\":\"hot\"}"), json("{}"));
  }

  @Test
  void a_portfolio_without_positions_totals_zero() throws Exception {
    load(record("airdrops.portfolio", null, "{\"wallet\":\"0xaa\",\"positions\":[]}"));

    assertThat(pg.dsl().selectFrom(PORTFOLIO_SNAPSHOTS).fetchSingle().getTotalValueUsd())
        .isEqualByComparingTo("0");
    assertThat(pg.count(PORTFOLIO_POSITIONS)).isZero();
  }

  @Test
  void a_trade_fills_every_column() throws Exception {
    UUID id =
        load(record(
                "trading.trade",
                "T-991",
                """
                    {"exchange":"binance","symbol":"BTCUSDT","side":"sell","quantity":0.015,
                     "price":97250.10,"pnl_usd":-12.75,"fee_usd":0.73,"execution_seconds":0.042,
                     "agent":"momentum-1","trade_id":"T-991","order_type":"limit"}"""))
            .getFirst();

    TradesRecord row = pg.dsl().selectFrom(TRADES).fetchSingle();
    assertThat(row.getId()).isEqualTo(id);
    assertThat(row.getTs().toInstant()).isEqualTo(TS);
    assertThat(row.getIngestedAt().toInstant()).isEqualTo(INGESTED);
    assertThat(row.getExchange()).isEqualTo("binance");
    assertThat(row.getSymbol()).isEqualTo("BTCUSDT");
    assertThat(row.getSide()).isEqualTo("sell");
    assertThat(row.getQuantity()).isEqualTo(new BigDecimal("0.015"));
    assertThat(row.getPrice()).isEqualTo(new BigDecimal("97250.10"));
    assertThat(row.getPnlUsd()).isEqualTo(new BigDecimal("-12.75"));
    assertThat(row.getFeeUsd()).isEqualTo(new BigDecimal("0.73"));
    assertThat(row.getExecutionSeconds()).isEqualTo(0.042);
    assertThat(row.getAgent()).isEqualTo("momentum-1");
    assertThat(row.getTradeId()).isEqualTo("T-991");
    assertThat(jsonb(row.getExtra())).isEqualTo(json("{\"order_type\":\"limit\"}"));
  }

  @Test
  void a_gateway_transaction_fills_every_column() throws Exception {
    UUID id =
        load(record(
                "gateway.transaction",
                "gw-tx-5120",
                """
                    {"tx_type":"transfer","status":"timeout","chain":"arbitrum",
                     "duration_seconds":2.4,"fee_usd":0.03,"tx_hash":"0x6b0d","service":"signer"}"""))
            .getFirst();

    GatewayTransactionsRecord row = pg.dsl().selectFrom(GATEWAY_TRANSACTIONS).fetchSingle();
    assertThat(row.getId()).isEqualTo(id);
    assertThat(row.getTs().toInstant()).isEqualTo(TS);
    assertThat(row.getIngestedAt().toInstant()).isEqualTo(INGESTED);
    assertThat(row.getTxType()).isEqualTo("transfer");
    assertThat(row.getStatus()).isEqualTo("timeout");
    assertThat(row.getChain()).isEqualTo("arbitrum");
    assertThat(row.getDurationSeconds()).isEqualTo(2.4);
    assertThat(row.getFeeUsd()).isEqualTo(new BigDecimal("0.03"));
    assertThat(row.getTxHash()).isEqualTo("0x6b0d");
    assertThat(row.getService()).isEqualTo("signer");
    assertThat(jsonb(row.getExtra())).isEqualTo(json("{}"));
  }

  @Test
  void every_record_is_in_events_with_its_data_and_a_user_packs_type_only_there() throws Exception {
    List<UUID> ids =
        load(
            record(
                "airdrops.claim",
                "c",
                "{\"protocol\":\"p\",\"wallet\":\"w\",\"token\":\"T\","
                    + "\"status\":\"success\",\"amount\":12.50}"),
            record("mypack.rebalance", "r-1", "{\"from\":\"A\",\"to\":\"B\",\"amount\":1.5}"));

    List<EventsRecord> events = pg.dsl().selectFrom(EVENTS).orderBy(EVENTS.ID).fetch();
    assertThat(events).extracting(EventsRecord::getId).containsExactlyElementsOf(ids);
    assertThat(events)
        .extracting(EventsRecord::getType)
        .containsExactly("airdrops.claim", "mypack.rebalance");
    assertThat(events).extracting(EventsRecord::getEventId).containsExactly("c", "r-1");
    assertThat(events).extracting(e -> e.getTs().toInstant()).containsOnly(TS);
    assertThat(events).extracting(e -> e.getIngestedAt().toInstant()).containsOnly(INGESTED);
    assertThat(jsonb(events.get(0).getData()))
        .isEqualTo(
            json(
                "{\"protocol\":\"p\",\"wallet\":\"w\",\"token\":\"T\",\"status\":\"success\","
                    + "\"amount\":12.50}"));
    assertThat(jsonb(events.get(1).getData()))
        .isEqualTo(json("{\"from\":\"A\",\"to\":\"B\",\"amount\":1.5}"));
    assertThat(pg.count(AIRDROP_CLAIMS)).isEqualTo(1);
    assertThat(pg.count(TRADES) + pg.count(GATEWAY_TRANSACTIONS) + pg.count(PORTFOLIO_SNAPSHOTS))
        .isZero();
  }

  @Test
  void timestamps_keep_their_microseconds_at_both_ends_of_the_range() throws Exception {
    load(
        JournalRecord.create(
            "x.early",
            JournalRecord.MIN_TIME,
            JournalRecord.MAX_TIME,
            null,
            (com.fasterxml.jackson.databind.node.ObjectNode) json("{}")));

    EventsRecord row = pg.dsl().selectFrom(EVENTS).fetchSingle();
    assertThat(row.getTs().toInstant()).isEqualTo(JournalRecord.MIN_TIME);
    assertThat(row.getIngestedAt().toInstant()).isEqualTo(JournalRecord.MAX_TIME);
  }

  @Test
  void an_integer_column_takes_an_integral_decimal_as_the_exporter_accepts_it() throws Exception {
    load(
        record(
            "airdrops.claim",
            null,
            "{\"protocol\":\"p\",\"wallet\":\"w\",\"token\":\"T\",\"status\":\"success\","
                + "\"gas_used\":21000.0,\"block_number\":1E+3}"));

    AirdropClaimsRecord row = pg.dsl().selectFrom(AIRDROP_CLAIMS).fetchSingle();
    assertThat(row.getGasUsed()).isEqualTo(21000L);
    assertThat(row.getBlockNumber()).isEqualTo(1000L);
  }

  @Test
  void text_with_backslashes_tabs_newlines_and_quotes_arrives_unchanged() throws Exception {
    String odd = "a\\b\tc\nd\re \"q\" \u00e9 \ud83d\ude80 \u0001";
    var data = (com.fasterxml.jackson.databind.node.ObjectNode) json("{}");
    data.put("protocol", odd).put("wallet", "w").put("token", "T").put("status", "success");
    data.put("memo", odd);
    load(JournalRecord.create("airdrops.claim", TS, INGESTED, odd, data));

    AirdropClaimsRecord row = pg.dsl().selectFrom(AIRDROP_CLAIMS).fetchSingle();
    assertThat(row.getProtocol()).isEqualTo(odd);
    assertThat(jsonb(row.getExtra()).get("memo").textValue()).isEqualTo(odd);
    EventsRecord event = pg.dsl().selectFrom(EVENTS).fetchSingle();
    assertThat(event.getEventId()).isEqualTo(odd);
    assertThat(jsonb(event.getData())).isEqualTo(data);
    assertThat(warnings()).isEmpty();
  }

  @Nested
  class RecordsThatDoNotFit {
    @Test
    void a_non_numeric_amount_keeps_the_claim_in_events_only_with_a_warning_naming_it()
        throws Exception {
      JournalRecord good = Journals.claim(1);
      JournalRecord bad =
          record(
              "airdrops.claim",
              "bad",
              "{\"protocol\":\"p\",\"wallet\":\"w\",\"token\":\"T\",\"status\":\"success\","
                  + "\"amount\":\"12,5\"}");
      List<UUID> ids = load(good, bad);

      assertThat(pg.count(EVENTS)).isEqualTo(2);
      assertThat(pg.dsl().select(AIRDROP_CLAIMS.ID).from(AIRDROP_CLAIMS).fetch(AIRDROP_CLAIMS.ID))
          .containsExactly(ids.get(0));
      Path segment = Journals.segments(journal).getFirst();
      long secondLine = Files.readString(segment).indexOf('\n') + 1;
      assertThat(warnings())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains(segment.getFileName().toString())
                      .contains("at byte " + secondLine)
                      .contains(ids.get(1).toString())
                      .contains("amount: expected a number, found \"12,5\"")
                      .contains("kept in dropscope.events, left out of dropscope.airdrop_claims"));
      assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("1 records only in"));
    }

    @Test
    void past_100_problems_a_run_logs_only_the_count() throws Exception {
      JournalRecord[] bad = new JournalRecord[150];
      for (int i = 0; i < bad.length; i++) {
        bad[i] = record("trading.trade", null, "{\"exchange\":\"x\",\"symbol\":\"s\"}");
      }
      load(bad);

      assertThat(pg.count(EVENTS)).isEqualTo(150);
      assertThat(warnings()).filteredOn(w -> w.contains("side: missing")).hasSize(100);
      assertThat(warnings())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains("150 records only in dropscope.events")
                      .contains("50 of these problems were not logged one by one"));
    }

    @Test
    void a_missing_required_field_or_a_fraction_in_an_integer_column_do_not_fit() throws Exception {
      load(
          record("airdrops.claim", null, "{\"protocol\":\"p\",\"wallet\":\"w\",\"token\":\"T\"}"),
          record(
              "airdrops.claim",
              null,
              "{\"protocol\":\"p\",\"wallet\":\"w\",\"token\":\"T\",\"status\":\"success\","
                  + "\"gas_used\":1.5}"),
          record(
              "trading.trade",
              null,
              "{\"exchange\":\"x\",\"symbol\":\"s\",\"side\":\"buy\",\"execution_seconds\":1e999}"));

      assertThat(pg.count(EVENTS)).isEqualTo(3);
      assertThat(pg.count(AIRDROP_CLAIMS) + pg.count(TRADES)).isZero();
      assertThat(warnings())
          .anySatisfy(w -> assertThat(w).contains("status: missing, and column status requires"))
          .anySatisfy(
              w ->
                  assertThat(w).contains("gas_used: expected an integer within 64 bits, found 1.5"))
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains("execution_seconds: expected a number within double precision"));
    }

    @Test
    void a_bad_position_leaves_out_the_whole_snapshot_and_its_positions() throws Exception {
      load(
          record(
              "airdrops.portfolio",
              null,
              "{\"wallet\":\"0xaa\",\"positions\":[{\"token\":\"ZK\",\"value_usd\":1},"
                  + "{\"token\":\"ETH\",\"value_usd\":\"lots\"}]}"),
          record("airdrops.portfolio", null, "{\"wallet\":\"0xbb\",\"positions\":{\"ZK\":1}}"));

      assertThat(pg.count(EVENTS)).isEqualTo(2);
      assertThat(pg.count(PORTFOLIO_SNAPSHOTS) + pg.count(PORTFOLIO_POSITIONS)).isZero();
      assertThat(warnings())
          .anySatisfy(w -> assertThat(w).contains("positions[1].value_usd: expected a number"))
          .anySatisfy(w -> assertThat(w).contains("positions: expected a list of positions"));
    }

    @Test
    void a_nul_character_is_stored_as_the_replacement_character_with_a_warning() throws Exception {
      var data = (com.fasterxml.jackson.databind.node.ObjectNode) json("{}");
      data.put("protocol", "zk\u0000sync").put("wallet", "w").put("token", "T");
      data.put("status", "success").put("memo", "a\u0000b");
      load(JournalRecord.create("airdrops.claim", TS, INGESTED, "e\u0000", data));

      assertThat(pg.dsl().selectFrom(AIRDROP_CLAIMS).fetchSingle().getProtocol())
          .isEqualTo("zk\ufffdsync");
      EventsRecord event = pg.dsl().selectFrom(EVENTS).fetchSingle();
      assertThat(event.getEventId()).isEqualTo("e\ufffd");
      assertThat(jsonb(event.getData()).get("memo").textValue()).isEqualTo("a\ufffdb");
      assertThat(warnings())
          .anySatisfy(w -> assertThat(w).contains("data.memo: a NUL character"))
          .anySatisfy(w -> assertThat(w).contains("data.protocol: a NUL character"))
          .anySatisfy(w -> assertThat(w).contains("event_id: a NUL character"));
    }

    @Test
    void a_number_beyond_numeric_range_in_data_is_kept_as_a_string() throws Exception {
      load(record("mypack.huge", null, "{\"big\":1e200000,\"ok\":2}"));

      EventsRecord event = pg.dsl().selectFrom(EVENTS).fetchSingle();
      assertThat(jsonb(event.getData())).isEqualTo(json("{\"big\":\"1E+200000\",\"ok\":2}"));
      assertThat(warnings())
          .anySatisfy(w -> assertThat(w).contains("data.big: a number beyond PostgreSQL's"));
    }

    @Test
    void a_record_whose_id_is_not_a_uuid_is_not_loaded_but_the_rest_is() throws Exception {
      JournalRecord odd =
          new JournalRecord(
              "not-a-uuid",
              "mypack.x",
              TS,
              INGESTED,
              null,
              (com.fasterxml.jackson.databind.node.ObjectNode) json("{}"));
      JournalRecord fine = Journals.claim(2);
      JournalRecord fineWithId =
          new JournalRecord(
              "019ab3c2-5a8b-7000-8000-000000000001",
              fine.type(),
              fine.ts(),
              fine.ingestedAt(),
              fine.eventId(),
              fine.data());
      Journals.appendAsIs(journal, List.of(odd, fineWithId));

      pg.load(journal);

      assertThat(pg.dsl().select(EVENTS.ID).from(EVENTS).fetch(EVENTS.ID))
          .containsExactly(UUID.fromString("019ab3c2-5a8b-7000-8000-000000000001"));
      assertThat(warnings())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains("at byte 0")
                      .contains("id: expected a UUID, found 'not-a-uuid'"));
    }
  }
}
