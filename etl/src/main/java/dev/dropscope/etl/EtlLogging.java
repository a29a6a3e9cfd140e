package dev.dropscope.etl;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The ETL's logging, in code: one plain line per event on standard error (UTC time, level, logger,
 * message). The embedded PostgreSQL's own output, Flyway and jOOQ only at WARN.
 */
public final class EtlLogging extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{0}: %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    for (String quiet : new String[] {"io.zonky", "org.flywaydb", "org.jooq"}) {
      context.getLogger(quiet).setLevel(Level.WARN);
    }
    // it logs pg_ctl's 5 s stop timeout with a stack trace; EmbeddedServer.close waits longer and
    // says so, or fails with its own message
    context.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres").setLevel(Level.OFF);
    // jOOQ's open-source dialect names only the newest PostgreSQL; older servers work as well
    context.getLogger("org.jooq.impl.DefaultExecuteContext.logVersionSupport").setLevel(Level.OFF);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
