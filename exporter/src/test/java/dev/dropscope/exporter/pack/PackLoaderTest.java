package dev.dropscope.exporter.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.exporter.config.ConfigException;
import org.junit.jupiter.api.Test;

/** What the loader keeps from a pack's YAML beyond its rules. */
class PackLoaderTest {
  private final PackLoader loader = new PackLoader();

  @Test
  void fields_list_items_and_value_maps_keep_the_order_the_pack_declares() {
    Pack pack =
        loader.parse(
            "test",
            """
            pack: shop
            metrics:
              - {name: shop_level, type: gauge, help: Level.}
            events:
              - event: state
                fields:
                  zeta: {type: string}
                  alpha: {type: list, items: {zz: {type: string}, aa: {type: number}}}
                  level: {type: string, enum: [low, high]}
                updates:
                  - {metric: shop_level, set: $level, map: {low: 0, high: 1}}
            """);
    Pack.EventType state = pack.events().getFirst();

    assertThat(state.fields().keySet()).containsExactly("zeta", "alpha", "level");
    assertThat(state.fields().get("alpha").items().keySet()).containsExactly("zz", "aa");
    assertThat(state.updates().getFirst().valueMap().keySet()).containsExactly("low", "high");
  }

  @Test
  void rejects_a_value_map_with_a_missing_number() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    "test",
                    """
                    pack: shop
                    metrics:
                      - {name: shop_level, type: gauge, help: Level.}
                    events:
                      - event: state
                        fields: {level: {type: string}}
                        updates:
                          - {metric: shop_level, set: $level, map: {low: 0, high: }}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "test: events[0].updates[0].map: expected a number for every value");
  }
}
