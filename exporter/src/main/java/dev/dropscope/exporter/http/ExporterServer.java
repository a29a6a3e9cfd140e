package dev.dropscope.exporter.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.dropscope.exporter.config.SecurityConfig;
import dev.dropscope.exporter.config.ServerConfig;
import dev.dropscope.exporter.config.StrictYaml;
import dev.dropscope.exporter.health.ComponentHealth;
import dev.dropscope.exporter.health.HealthService;
import dev.dropscope.exporter.ingest.IngestService;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter's HTTP listener (the JDK's HttpServer): {@code /metrics}, {@code /-/healthy}, {@code
 * /health}, {@code /health/{part}}, {@code /health/components/{name}}, {@code /api/v1/events}.
 *
 * <p>The JDK server reads a request's headers on its worker thread, so with a small fixed pool a
 * handful of clients that send headers slowly would hold every worker. Here the pool grows on
 * demand up to the connection limit (one exchange per HTTP/1.1 connection at a time; connections
 * beyond the limit are refused), so a slow client holds only its own thread. Slow requests are cut
 * off after the request timeout, and idle keep-alive connections, which hold no thread, after the
 * idle timeout. Workers are platform threads: on virtual threads the JDK's BufferedWriter regrows
 * its buffer on every small write, which doubled what a scrape costs (bench/exporter-scrape.sh).
 */
public final class ExporterServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExporterServer.class);

  private final HttpServer server;
  private final ThreadPoolExecutor workers;

  private ExporterServer(HttpServer server, ThreadPoolExecutor workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Binds and starts serving; throws {@link UncheckedIOException} naming the address on failure.
   */
  public static ExporterServer start(
      ServerConfig config,
      PrometheusRegistry registry,
      HealthService health,
      ComponentHealth components,
      IngestService ingest,
      String ingestToken,
      SecurityConfig security) {
    tuneJdkServer(config);
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    HttpServer server;
    try {
      if (security.tls().enabled()) {
        HttpsServer https = HttpsServer.create(address, 128);
        https.setHttpsConfigurator(new HttpsConfigurator(TlsContext.create(security.tls())));
        server = https;
      } else {
        server = HttpServer.create(address, 128);
      }
    } catch (BindException e) {
      throw new UncheckedIOException(
          "cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + ": "
              + e.getMessage()
              + "; pick another port with --port or server.port",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + e, e);
    }
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            0,
            config.maxConnections(),
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name("http-", 0).daemon(true).factory());
    server.setExecutor(workers);
    Router router = new Router();
    HttpHandler metrics = new MetricsHandler(registry);
    SecurityConfig.BasicAuth auth = security.metricsBasicAuth();
    if (auth.enabled()) {
      String password =
          StrictYaml.readFile(auth.passwordFile(), "security.metrics_basic_auth.password_file")
              .strip();
      metrics = new BasicAuthHandler(metrics, auth.username(), password);
    }
    router.exact("/metrics", metrics);
    router.exact("/-/healthy", Handlers.text("OK\n"));
    router.exact("/health", Handlers.health(health));
    router.prefix("/health/", Handlers.healthPart(health));
    router.exact("/health/components", Handlers.components(components));
    router.prefix("/health/components/", Handlers.components(components));
    router.exact("/api/v1/events", new IngestHandler(ingest, ingestToken));
    router.exact("/", Handlers.index());
    server.createContext("/", router);
    server.start();
    log.info(
        "listening on {}://{}:{}/metrics",
        security.tls().enabled() ? "https" : "http",
        config.host(),
        server.getAddress().getPort());
    return new ExporterServer(server, workers);
  }

  /** The bound address; the port is the real one when 0 was asked for. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(1);
    workers.shutdownNow();
  }

  /**
   * The JDK server reads these once, when its first instance is created. Values the operator set
   * with -D win.
   */
  private static void tuneJdkServer(ServerConfig config) {
    // Without TCP_NODELAY keep-alive scrapes wait ~40 ms for Nagle and the delayed ACK.
    System.setProperty(
        "sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
    setIfAbsent("sun.net.httpserver.maxReqTime", config.requestTimeout().toSeconds());
    setIfAbsent("sun.net.httpserver.maxRspTime", 60);
    setIfAbsent("sun.net.httpserver.idleInterval", config.idleTimeout().toSeconds());
    setIfAbsent("jdk.httpserver.maxConnections", config.maxConnections());
  }

  private static void setIfAbsent(String key, long value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, Long.toString(value));
    }
  }
}
