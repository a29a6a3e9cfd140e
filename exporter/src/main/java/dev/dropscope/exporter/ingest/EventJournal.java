package dev.dropscope.exporter.ingest;

import java.io.IOException;
import java.util.List;

/** Where journaled events go before their request is acknowledged. */
@FunctionalInterface
public interface EventJournal {

  /** Makes the events durable, or throws; returns only once they are. */
  void append(List<IngestedEvent> events) throws IOException;

  /** A journal that keeps nothing: for exporters that run without one. */
  EventJournal NONE = events -> {};
}
