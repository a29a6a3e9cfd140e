package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.SourceDataException;
import dev.dropscope.etl.run.SourceRejectedException;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;

/**
 * A command with the shared connection flags, mapping the ways it can fail to {@link ExitCodes}.
 */
abstract class EtlCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(EtlCommand.class);

  @Mixin ConnectionOptions connection;

  @Override
  public final Integer call() throws Exception {
    if (connection.logLevel != null) {
      connection.logLevel.apply();
    }
    EtlConfig config = connection.resolve();
    try {
      return execute(config);
    } catch (DatabaseException | SourceUnavailableException e) {
      log.error("{}", e.getMessage());
      return ExitCodes.UNAVAILABLE;
    } catch (SourceDataException e) {
      log.error("{}", e.getMessage());
      return ExitCodes.FAILED;
    } catch (SourceRejectedException e) {
      log.error("{}", e.getMessage());
      return ExitCodes.USAGE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted");
      return ExitCodes.FAILED;
    }
  }

  /** Opens (and migrates) the configured database, retrying as {@code retry} says. */
  static Database open(EtlConfig config, Retry retry)
      throws DatabaseException, SourceUnavailableException, InterruptedException {
    return retry.run(
        "connecting to the database",
        () -> Database.open(config.database(), config.reader(), System.getenv()));
  }

  abstract int execute(EtlConfig config)
      throws DatabaseException, SourceUnavailableException, InterruptedException;
}
