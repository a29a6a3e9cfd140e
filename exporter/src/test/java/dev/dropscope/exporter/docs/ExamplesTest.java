package dev.dropscope.exporter.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.exporter.pack.PackLoader;
import dev.dropscope.exporter.pack.Packs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example file must hold one example per event type, and ingest.md shows them readably. */
class ExamplesTest {
  private static final Packs PACKS =
      Packs.of(
          List.of(
              new PackLoader()
                  .parse(
                      "test",
                      """
                      pack: shop
                      events:
                        - event: order
                          fields: {status: {type: string}}
                        - event: basket
                          fields: {items: {type: list, items: {sku: {type: string}, qty: {type: integer}}}}
                      """)));

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void an_event_type_without_an_example_is_named() throws Exception {
    assertThatThrownBy(() -> Examples.parse(PACKS, json("[{\"type\": \"shop.order\"}]")))
        .hasMessageContaining("found none for [shop.basket]");
  }

  @Test
  void an_example_of_an_unknown_type_is_refused() throws Exception {
    assertThatThrownBy(
            () ->
                Examples.parse(
                    PACKS,
                    json(
                        "[{\"type\": \"shop.order\"}, {\"type\": \"shop.basket\"},"
                            + " {\"type\": \"shop.refund\"}]")))
        .hasMessageContaining(
            "event-examples.json[2]: expected an event type of the built-in packs")
        .hasMessageContaining("found 'shop.refund'");
  }

  @Test
  void a_second_example_of_a_type_is_refused() throws Exception {
    assertThatThrownBy(
            () ->
                Examples.parse(
                    PACKS,
                    json(
                        "[{\"type\": \"shop.order\"}, {\"type\": \"shop.basket\"},"
                            + " {\"type\": \"shop.order\"}]")))
        .hasMessageContaining("found a second shop.order");
  }

  @Test
  void pretty_puts_each_field_and_each_object_of_a_list_on_its_own_line() throws Exception {
    Examples examples =
        Examples.parse(
            PACKS,
            json(
                """
                [{"type": "shop.order", "status": "paid"},
                 {"type": "shop.basket", "items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1}]}]
                """));

    assertThat(examples.pretty("shop.basket"))
        .isEqualTo(
            """
            {
              "type": "shop.basket",
              "items": [
                {"sku": "a", "qty": 2},
                {"sku": "b", "qty": 1}
              ]
            }""");
  }
}
