package dev.dropscope.etl.run;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.journal.JournalSource;
import dev.dropscope.etl.prometheus.PrometheusSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The sources {@code sync} catches up, in order, for a configuration: those named in its {@code
 * sources} key ({@code sync --only}).
 */
public final class Sources {
  private Sources() {}

  public static List<Source> of(EtlConfig config) {
    List<Source> sources = new ArrayList<>();
    sources.add(new PrometheusSource(config.prometheus()));
    sources.add(new JournalSource(config.journal()));
    sources.removeIf(s -> !config.sources().contains(s.name()));
    return sources;
  }
}
