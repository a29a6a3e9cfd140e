package dev.dropscope.etl.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is an interactive terminal, for progress bars. */
final class Terminal {
  private Terminal() {}

  /**
   * {@code System.console() != null}, and on Java 22 and later also {@code Console.isTerminal()}:
   * since Java 22 a console exists even when the output is redirected.
   */
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 21: a console means a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
