package dev.dropscope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on the loopback interface, for processes that must be told their port up front. A
 * port is never handed out twice in one test JVM; another process can still take it between {@link
 * #pick()} and the bind, which the caller sees as a start-up failure naming the port.
 */
public final class FreePort {
  private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

  private FreePort() {}

  /** A loopback port that was free a moment ago and has not been returned before. */
  public static int pick() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = socket.getLocalPort();
        if (handedOut.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind a loopback port to find a free one", e);
      }
    }
    throw new IllegalStateException("no new free loopback port after 50 attempts");
  }
}
