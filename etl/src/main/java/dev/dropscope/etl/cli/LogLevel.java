package dev.dropscope.etl.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The levels {@code --log-level} takes; they apply to the ETL's own loggers. */
enum LogLevel {
  TRACE(Level.TRACE),
  DEBUG(Level.DEBUG),
  INFO(Level.INFO),
  WARN(Level.WARN),
  ERROR(Level.ERROR);

  private final Level level;

  LogLevel(Level level) {
    this.level = level;
  }

  /** Sets the level of every logger under {@code dev.dropscope}. */
  void apply() {
    if (LoggerFactory.getLogger("dev.dropscope") instanceof Logger logger) {
      logger.setLevel(level);
    }
  }
}
