package dev.dropscope.exporter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.dropscope.exporter.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link LoggingConfig} to logback. JSON lines on standard error come from logback.xml; the
 * text format swaps in a pattern for people reading a terminal.
 */
final class Logging {
  private Logging() {}

  static void apply(LoggingConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(config.level(), Level.INFO));
    if (config.format().equals("text")) {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
      encoder.start();
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setContext(context);
      console.setTarget("System.err");
      console.setEncoder(encoder);
      console.setName("text");
      console.start();
      root.detachAndStopAllAppenders();
      root.addAppender(console);
    }
  }
}
