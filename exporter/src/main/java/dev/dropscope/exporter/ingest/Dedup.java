package dev.dropscope.exporter.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Idempotency keys seen within the window. A key is reserved before its event is journaled and
 * released if the journal fails, so two concurrent requests carrying one key apply it once.
 */
final class Dedup {
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final ArrayDeque<Entry> order = new ArrayDeque<>();
  private final long windowNanos;
  private final int maxIds;
  private final LongSupplier nanoTime;

  private record Entry(String id, long at) {}

  Dedup(Duration window, int maxIds, LongSupplier nanoTime) {
    this.windowNanos = window.toNanos();
    this.maxIds = maxIds;
    this.nanoTime = nanoTime;
  }

  /** True when the key was free and is now taken; false when it was seen within the window. */
  boolean reserve(String id) {
    if (maxIds == 0) {
      return true;
    }
    long now = nanoTime.getAsLong();
    Long previous = seen.putIfAbsent(id, now);
    if (previous != null && now - previous <= windowNanos) {
      return false;
    }
    if (previous != null) {
      seen.put(id, now); // expired: take it again
    }
    synchronized (order) {
      order.addLast(new Entry(id, now));
      while (!order.isEmpty()
          && (order.size() > maxIds || now - order.peekFirst().at() > windowNanos)) {
        Entry old = order.pollFirst();
        seen.remove(old.id(), old.at());
      }
    }
    return true;
  }

  void release(String id) {
    seen.remove(id);
  }
}
