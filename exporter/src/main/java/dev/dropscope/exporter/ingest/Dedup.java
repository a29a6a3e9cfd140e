package dev.dropscope.exporter.ingest;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Idempotency keys seen within the window. A key is reserved before its event is journaled and
 * released if the journal fails, so two concurrent requests carrying one key apply it once.
 *
 * <p>Keys are remembered as 64-bit fingerprints (a hash seeded at random per process) in primitive
 * arrays: 24 bytes a key, so the default million keys fit a small heap. Two different keys share a
 * fingerprint with odds of about one in 2<sup>64</sup> / {@code maxIds}: at 100,000 events a second
 * against a full million, once in some six years. The ring that keeps them in order grows in
 * chunks, never by copying, so memory grows with use and no more.
 */
final class Dedup {
  private static final int EMPTY = -1;
  private static final int CHUNK_BITS = 14;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int MIN_TABLE = 1 << 10;

  private final long windowNanos;
  private final int maxIds;
  private final LongSupplier nanoTime;
  private final long seed = new SecureRandom().nextLong();

  // Keys in the order they were taken: a ring of maxIds (fingerprint, time) positions in chunks,
  // allocated on first use; the oldest at head.
  private final long[][] keys;
  private final long[][] times;
  private int head;
  private int size;

  // Open addressing with linear probing, at most half full: ring positions, or EMPTY.
  private int[] slots = new int[0];
  private int mask;

  Dedup(Duration window, int maxIds, LongSupplier nanoTime) {
    this.windowNanos = window.toNanos();
    this.maxIds = maxIds;
    this.nanoTime = nanoTime;
    int chunks = (int) ((maxIds + (long) CHUNK - 1) >>> CHUNK_BITS);
    this.keys = new long[chunks][];
    this.times = new long[chunks][];
  }

  /** True when the key was free and is now taken; false when it was seen within the window. */
  synchronized boolean reserve(String id) {
    if (maxIds == 0) {
      return true;
    }
    long now = nanoTime.getAsLong();
    while (size > 0 && now - time(head) > windowNanos) {
      forgetHead();
    }
    long key = fingerprint(id);
    int slot = find(key);
    if (slot >= 0) {
      if (now - time(slots[slot]) <= windowNanos) {
        return false;
      }
      remove(slot); // expired: taken again below
    }
    if (size == maxIds) {
      forgetHead();
    }
    int at = head + size < maxIds ? head + size : head + size - maxIds;
    size++;
    if (keys[at >>> CHUNK_BITS] == null) {
      keys[at >>> CHUNK_BITS] = new long[chunkLength(at)];
      times[at >>> CHUNK_BITS] = new long[chunkLength(at)];
    }
    keys[at >>> CHUNK_BITS][at & (CHUNK - 1)] = key;
    times[at >>> CHUNK_BITS][at & (CHUNK - 1)] = now;
    if (2L * size > slots.length) {
      rehash(Math.max(MIN_TABLE, slots.length * 2));
    }
    insert(key, at);
    return true;
  }

  synchronized void release(String id) {
    if (maxIds == 0) {
      return;
    }
    int slot = find(fingerprint(id));
    if (slot >= 0) {
      remove(slot); // its ring entry stays until it is the oldest, pointing at nothing
    }
  }

  private int chunkLength(int at) {
    return Math.min(CHUNK, maxIds - (at & -CHUNK));
  }

  private long key(int at) {
    return keys[at >>> CHUNK_BITS][at & (CHUNK - 1)];
  }

  private long time(int at) {
    return times[at >>> CHUNK_BITS][at & (CHUNK - 1)];
  }

  private void forgetHead() {
    int slot = slotOf(key(head), head);
    if (slot >= 0) {
      remove(slot);
    }
    head = head + 1 == maxIds ? 0 : head + 1;
    size--;
  }

  /** The slot holding {@code key}, or -1. */
  private int find(long key) {
    if (slots.length == 0) {
      return -1;
    }
    for (int i = home(key); ; i = (i + 1) & mask) {
      int at = slots[i];
      if (at == EMPTY) {
        return -1;
      }
      if (key(at) == key) {
        return i;
      }
    }
  }

  /** The slot pointing at ring position {@code at}, or -1 when the key was released or re-taken. */
  private int slotOf(long key, int at) {
    for (int i = home(key); ; i = (i + 1) & mask) {
      int s = slots[i];
      if (s == EMPTY) {
        return -1;
      }
      if (s == at) {
        return i;
      }
    }
  }

  private void insert(long key, int at) {
    int i = home(key);
    while (slots[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    slots[i] = at;
  }

  /** Empties a slot by backward-shift deletion: later entries of its probe run move up. */
  private void remove(int free) {
    slots[free] = EMPTY;
    for (int i = (free + 1) & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
      int home = home(key(slots[i]));
      // the entry at i may move to free when its home is not cyclically within (free, i]
      if (((i - home) & mask) >= ((i - free) & mask)) {
        slots[free] = slots[i];
        slots[i] = EMPTY;
        free = i;
      }
    }
  }

  private void rehash(int capacity) {
    int[] old = slots;
    slots = new int[capacity];
    mask = capacity - 1;
    Arrays.fill(slots, EMPTY);
    for (int at : old) {
      if (at != EMPTY) {
        insert(key(at), at);
      }
    }
  }

  private int home(long key) {
    return (int) (key ^ (key >>> 32)) & mask;
  }

  private long fingerprint(String id) {
    long h = seed ^ (id.length() * 0x9E3779B97F4A7C15L);
    for (int i = 0; i < id.length(); i++) {
      h = Long.rotateLeft((h ^ id.charAt(i)) * 0xFF51AFD7ED558CCDL, 29);
    }
    return mix(h ^ seed);
  }

  /** MurmurHash3's 64-bit finaliser. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
