package dev.dropscope.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SmallMap behaves as a LinkedHashMap does, order included. */
class SmallMapTest {

  private static List<String> entries(Map<String, Integer> m) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : m.entrySet()) {
      out.add(e.getKey() + "=" + e.getValue());
    }
    return out;
  }

  @Test
  void random_operations_leave_it_equal_to_a_linked_hash_map() {
    Random rnd = new Random(3);
    for (int round = 0; round < 200; round++) {
      SmallMap<Integer> small = new SmallMap<>();
      Map<String, Integer> reference = new LinkedHashMap<>();
      for (int op = 0; op < 60; op++) {
        // new String instances: lookups may not rely on identity
        String key = new String(new char[] {'k', (char) ('a' + rnd.nextInt(20))});
        int value = rnd.nextInt(1000);
        switch (rnd.nextInt(5)) {
          case 0, 1 -> assertThat(small.put(key, value)).isEqualTo(reference.put(key, value));
          case 2 -> assertThat(small.remove(key)).isEqualTo(reference.remove(key));
          case 3 -> {
            Iterator<Map.Entry<String, Integer>> a = small.entrySet().iterator();
            Iterator<Map.Entry<String, Integer>> b = reference.entrySet().iterator();
            while (b.hasNext()) {
              Map.Entry<String, Integer> eb = b.next();
              Map.Entry<String, Integer> ea = a.next();
              assertThat(ea.getKey()).isEqualTo(eb.getKey());
              if (ea.getValue() % 3 == 0) {
                a.remove();
                b.remove();
              }
            }
            assertThat(a.hasNext()).isFalse();
          }
          default -> {
            assertThat(small.get(key)).isEqualTo(reference.get(key));
            assertThat(small.containsKey(key)).isEqualTo(reference.containsKey(key));
          }
        }
        assertThat(small.size()).isEqualTo(reference.size());
        assertThat(entries(small)).isEqualTo(entries(reference));
      }
      assertThat(small).isEqualTo(reference);
      assertThat(small.hashCode()).isEqualTo(reference.hashCode());
    }
  }

  @Test
  void putting_an_existing_key_keeps_its_place() {
    SmallMap<Integer> m = new SmallMap<>();
    m.put("a", 1);
    m.put("b", 2);
    m.put("a", 3);
    assertThat(entries(m)).containsExactly("a=3", "b=2");
  }
}
