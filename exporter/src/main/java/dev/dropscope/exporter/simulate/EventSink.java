package dev.dropscope.exporter.simulate;

import java.util.List;

/** Where played events go: the exporter over HTTP, or a list in tests. */
interface EventSink {
  /** Delivers {@code events} (in order), blocking until done or given up on. */
  void send(List<SimEvent> events) throws InterruptedException;
}
