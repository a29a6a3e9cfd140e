package dev.dropscope.exporter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.pack.Pack;
import dev.dropscope.exporter.pack.PackLoader;
import org.junit.jupiter.api.Test;

/** Each kind of pack update reads as one short phrase in the generated docs. */
class UpdatesTest {
  private static final Pack PACK =
      new PackLoader()
          .parse(
              "test",
              """
              pack: shop
              metrics:
                - {name: shop_orders_total, type: counter, help: Orders., labels: [status]}
                - {name: shop_revenue_usd_total, type: counter, help: Revenue., unit: usd, labels: [status]}
                - {name: shop_queue, type: gauge, help: Queue., labels: [state]}
                - {name: shop_level, type: gauge, help: Level.}
                - {name: shop_open, type: gauge, help: Open.}
                - {name: shop_stock, type: gauge, help: Stock., labels: [item]}
                - {name: shop_basket_usd, type: gauge, help: Basket., unit: usd, labels: [item]}
                - {name: shop_seen_timestamp_seconds, type: gauge, help: Seen., unit: seconds}
                - {name: shop_wait_seconds, type: histogram, help: Wait., unit: seconds, buckets: [1, 5]}
              events:
                - event: order
                  fields:
                    status: {type: string, required: true, enum: [paid, failed]}
                    revenue_usd: {type: number, min: 0}
                    wait_seconds: {type: number, min: 0}
                  updates:
                    - {metric: shop_orders_total, inc: 1, labels: {status: $status}}
                    - {metric: shop_revenue_usd_total, add: $revenue_usd, labels: {status: $status}, when: {status: paid}}
                    - {metric: shop_wait_seconds, observe: $wait_seconds}
                - event: state
                  fields:
                    queued: {type: integer, min: 0}
                    level: {type: string, enum: [low, high]}
                    open: {type: boolean}
                    stock: {type: map, values: {type: number}}
                    basket: {type: list, items: {item: {type: string}, usd: {type: number}}}
                  updates:
                    - {metric: shop_queue, set: $queued, labels: {state: queued}}
                    - {metric: shop_level, set: $level, map: {low: 0, high: 1}}
                    - {metric: shop_open, set: $open}
                    - {metric: shop_stock, for_each: $stock, set: $value, labels: {item: $key}}
                    - {metric: shop_basket_usd, for_each: $basket, set: $item.usd, labels: {item: $item.item}}
                    - {metric: shop_seen_timestamp_seconds, set: $ts}
              """);

  private static String describe(String event, int update) {
    Pack.EventType e = PACK.events().stream().filter(t -> t.type().equals(event)).findFirst().get();
    return Updates.describe(e, e.updates().get(update));
  }

  @Test
  void inc_reads_as_plus_the_constant() {
    assertThat(describe("shop.order", 0)).isEqualTo("+1");
  }

  @Test
  void add_with_when_names_the_field_and_the_condition() {
    assertThat(describe("shop.order", 1)).isEqualTo("+= `revenue_usd` when `status` = `paid`");
  }

  @Test
  void observe_names_the_field() {
    assertThat(describe("shop.order", 2)).isEqualTo("observe `wait_seconds`");
  }

  @Test
  void a_constant_label_is_shown_as_the_series_it_selects() {
    assertThat(describe("shop.state", 0)).isEqualTo("= `queued`, label `state=\"queued\"`");
  }

  @Test
  void a_mapped_string_lists_the_number_of_each_value_in_the_packs_order() {
    assertThat(describe("shop.state", 1)).isEqualTo("= `level` (`low` → 0, `high` → 1)");
  }

  @Test
  void a_boolean_says_how_it_becomes_a_number() {
    assertThat(describe("shop.state", 2)).isEqualTo("= `open` (true → 1, false → 0)");
  }

  @Test
  void for_each_over_a_map_uses_the_entry_value_and_key() {
    assertThat(describe("shop.state", 3))
        .isEqualTo("for each entry of `stock`: = its value, label `item` = its key");
  }

  @Test
  void for_each_over_a_list_uses_the_items_fields() {
    assertThat(describe("shop.state", 4))
        .isEqualTo(
            "for each item of `basket`: = the item's `usd`, label `item` = the item's `item`");
  }

  @Test
  void ts_reads_as_the_event_time_in_epoch_seconds() {
    assertThat(describe("shop.state", 5)).isEqualTo("= the event's `ts` in epoch seconds");
  }
}
