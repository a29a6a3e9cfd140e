package dev.dropscope.exporter.ingest;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An insertion-ordered map in three arrays (keys, their hashes, values), for the small objects of
 * event JSON: a third of a {@link java.util.LinkedHashMap}'s memory and no entry object per field.
 * Lookups scan the hashes, which for a dozen fields is as quick as hashing. Putting an existing key
 * keeps its place, as in a {@code LinkedHashMap}. Iterating the entries allocates one object, which
 * is each entry in turn: an entry must not be kept past the next step. Not safe for concurrent use.
 */
final class SmallMap<V> extends AbstractMap<String, V> {
  private static final int INITIAL = 16; // an event's fields, envelope included

  private Object[] keys = new Object[INITIAL]; // Object[]: copyOf without reflection
  private int[] hashes = new int[INITIAL];
  private Object[] values = new Object[INITIAL];
  private int size;

  private int indexOf(Object key) {
    if (!(key instanceof String k)) {
      return -1;
    }
    int h = k.hashCode();
    for (int i = 0; i < size; i++) {
      if (hashes[i] == h && (keys[i] == k || k.equals(keys[i]))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    int i = indexOf(key);
    return i >= 0 ? (V) values[i] : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V put(String key, V value) {
    Objects.requireNonNull(key, "key");
    int i = indexOf(key);
    if (i >= 0) {
      V old = (V) values[i];
      values[i] = value;
      return old;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    hashes[size] = key.hashCode();
    values[size++] = value;
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V remove(Object key) {
    int i = indexOf(key);
    if (i < 0) {
      return null;
    }
    V old = (V) values[i];
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    int tail = size - i - 1;
    System.arraycopy(keys, i + 1, keys, i, tail);
    System.arraycopy(hashes, i + 1, hashes, i, tail);
    System.arraycopy(values, i + 1, values, i, tail);
    size--;
    keys[size] = null;
    values[size] = null;
  }

  @Override
  public void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return new Cursor();
      }
    };
  }

  /**
   * Iterates the entries, and is itself the entry it last returned: one object per iteration, not
   * one per field. An entry is valid until the iteration moves on.
   */
  private final class Cursor implements Iterator<Map.Entry<String, V>>, Map.Entry<String, V> {
    private int next;
    private int current = -1;

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public Map.Entry<String, V> next() {
      if (next >= size) {
        throw new NoSuchElementException();
      }
      current = next++;
      return this;
    }

    @Override
    public void remove() {
      if (current < 0) {
        throw new IllegalStateException();
      }
      removeAt(current);
      next = current;
      current = -1;
    }

    @Override
    public String getKey() {
      return (String) keys[current];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getValue() {
      return (V) values[current];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V setValue(V value) {
      V old = (V) values[current];
      values[current] = value;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map.Entry<?, ?> e
          && getKey().equals(e.getKey())
          && Objects.equals(getValue(), e.getValue());
    }

    @Override
    public int hashCode() {
      return getKey().hashCode() ^ Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return getKey() + "=" + getValue();
    }
  }
}
