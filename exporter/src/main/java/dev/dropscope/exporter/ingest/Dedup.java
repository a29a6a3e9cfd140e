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
 * against a full million, once in some six years.
 */
final class Dedup {
  private static final int EMPTY = -1;
  private static final int INITIAL_CAPACITY = 1024;

  private final long windowNanos;
  private final int maxIds;
  private final LongSupplier nanoTime;
  private final long seed = new SecureRandom().nextLong();

  // Keys in the order they were taken: a ring of (fingerprint, time), oldest at head.
  private long[] ringKeys = new long[0];
  private long[] ringTimes = new long[0];
  private int head;
  private int size;

  // Open addressing with linear probing: the ring position of each remembered key, or EMPTY.
  private int[] slots = new int[0];
  private int mask;

  Dedup(Duration window, int maxIds, LongSupplier nanoTime) {
    this.windowNanos = window.toNanos();
    this.maxIds = maxIds;
    this.nanoTime = nanoTime;
  }

  /** True when the key was free and is now taken; false when it was seen within the window. */
  synchronized boolean reserve(String id) {
    if (maxIds == 0) {
      return true;
    }
    long now = nanoTime.getAsLong();
    evict(now);
    long key = fingerprint(id);
    int slot = find(key);
    if (slot >= 0) {
      int at = slots[slot];
      if (now - ringTimes[at] <= windowNanos) {
        return false;
      }
      slots[slot] = EMPTY; // expired: take it again below
      shiftBack(slot);
    }
    if (size == maxIds) {
      forgetHead();
    }
    if (size == ringKeys.length) {
      grow();
    }
    int at = position(size++);
    ringKeys[at] = key;
    ringTimes[at] = now;
    insert(key, at);
    return true;
  }

  synchronized void release(String id) {
    if (maxIds == 0) {
      return;
    }
    int slot = find(fingerprint(id));
    if (slot >= 0) {
      slots[slot] = EMPTY; // its ring entry stays until evicted, pointing at nothing
      shiftBack(slot);
    }
  }

  /** Forgets keys taken longer ago than the window. */
  private void evict(long now) {
    while (size > 0 && now - ringTimes[head] > windowNanos) {
      forgetHead();
    }
  }

  private void forgetHead() {
    int at = head;
    int slot = slotOf(ringKeys[at], at);
    if (slot >= 0) {
      slots[slot] = EMPTY;
      shiftBack(slot);
    }
    head = head + 1 == ringKeys.length ? 0 : head + 1;
    size--;
  }

  private int position(int index) {
    int p = head + index;
    return p >= ringKeys.length ? p - ringKeys.length : p;
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
      if (ringKeys[at] == key) {
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

  /** Backward-shift deletion: moves later entries of the probe run into the freed slot. */
  private void shiftBack(int free) {
    for (int i = (free + 1) & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
      int home = home(ringKeys[slots[i]]);
      // the entry at i may move to free when its home is not cyclically within (free, i]
      if (((i - home) & mask) >= ((i - free) & mask)) {
        slots[free] = slots[i];
        slots[i] = EMPTY;
        free = i;
      }
    }
  }

  /** Doubles the ring (up to maxIds), unrolling it to start at 0, and rebuilds the slots. */
  private void grow() {
    int capacity = (int) Math.min(maxIds, Math.max(INITIAL_CAPACITY, 2L * ringKeys.length));
    long[] keys = new long[capacity];
    long[] times = new long[capacity];
    for (int i = 0; i < size; i++) {
      int p = position(i);
      keys[i] = ringKeys[p];
      times[i] = ringTimes[p];
    }
    // remember which positions still have a slot (released keys have none)
    boolean[] live = new boolean[size];
    for (int s : slots) {
      if (s != EMPTY) {
        live[(s - head + ringKeys.length) % ringKeys.length] = true;
      }
    }
    ringKeys = keys;
    ringTimes = times;
    head = 0;
    slots = new int[tableSize(capacity)];
    mask = slots.length - 1;
    Arrays.fill(slots, EMPTY);
    for (int i = 0; i < size; i++) {
      if (live[i]) {
        insert(ringKeys[i], i);
      }
    }
  }

  /** A power of two at least twice {@code capacity}: the table stays at most half full. */
  private static int tableSize(int capacity) {
    return (int) Math.min(1 << 30, Long.highestOneBit(Math.max(capacity, 2) * 2L - 1) * 2);
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
