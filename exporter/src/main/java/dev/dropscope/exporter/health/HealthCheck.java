package dev.dropscope.exporter.health;

/** One part that {@code /health} reports on. */
public interface HealthCheck {

  /** The key of this part in the {@code /health} document, e.g. {@code system}. */
  String name();

  /** Judges the part now. May block briefly; the {@link HealthService} bounds it in time. */
  Part check() throws Exception;
}
