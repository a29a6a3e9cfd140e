package dev.dropscope.etl.run;

import dev.dropscope.etl.store.DatabaseException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries an operation whose source or database is unavailable, with exponential backoff and full
 * jitter, logging one line per failed attempt. Anything else is not retried.
 *
 * @param attempts how many times to try in all (at least 1)
 * @param base the first delay's upper bound; each later one doubles, up to {@code max}
 * @param max the largest delay
 */
public record Retry(int attempts, Duration base, Duration max) {
  private static final Logger log = LoggerFactory.getLogger(Retry.class);

  /** Eight attempts over about two and a half minutes at most. */
  public static final Retry DEFAULT = new Retry(8, Duration.ofSeconds(1), Duration.ofSeconds(60));

  /** No retry: the first failure is final. */
  public static final Retry ONCE = new Retry(1, Duration.ZERO, Duration.ZERO);

  public Retry {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts: expected at least 1, found " + attempts);
    }
  }

  /** An operation that may find its source or the database unavailable. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws SourceUnavailableException, DatabaseException, InterruptedException;
  }

  /**
   * Runs {@code attempt} until it succeeds or the attempts are used up.
   *
   * @param what what is being done, for the log lines: "sync of prometheus"
   * @throws SourceUnavailableException or {@link DatabaseException}: the last attempt's failure
   */
  public <T> T run(String what, Attempt<T> attempt)
      throws SourceUnavailableException, DatabaseException, InterruptedException {
    for (int n = 1; ; n++) {
      try {
        return attempt.run();
      } catch (SourceUnavailableException | DatabaseException e) {
        if (n >= attempts) {
          log.error(
              "{} failed (attempt {} of {}), giving up: {}", what, n, attempts, e.getMessage());
          throw e;
        }
        Duration delay = delay(n);
        log.warn(
            "{} failed (attempt {} of {}), retrying in {} ms: {}",
            what,
            n,
            attempts,
            delay.toMillis(),
            e.getMessage());
        Thread.sleep(delay);
      }
    }
  }

  /** Full jitter: uniform in [0, min(max, base * 2^(n-1))]. */
  Duration delay(int failedAttempts) {
    long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(failedAttempts - 1, 30));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
  }
}
