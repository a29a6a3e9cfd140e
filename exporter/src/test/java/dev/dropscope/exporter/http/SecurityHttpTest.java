package dev.dropscope.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.exporter.Exporter;
import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.ConfigLoader;
import dev.dropscope.exporter.host.FixtureHostSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a keystore or PEM files, and basic auth on /metrics, over real connections. */
class SecurityHttpTest {
  private static final String PASSWORD = "changeit-test";
  @TempDir static Path dir;
  static Path keystore;
  static Path passwordFile;
  static Path certPem;
  static Path keyPem;
  static SSLContext trusting;

  private Exporter exporter;

  /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, also as PEM files. */
  @BeforeAll
  static void makeCertificate() throws Exception {
    keystore = dir.resolve("exporter.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "dropscope",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    Certificate cert = ks.getCertificate("dropscope");
    certPem = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
    keyPem =
        Files.writeString(
            dir.resolve("key.pem"),
            pem("PRIVATE KEY", ks.getKey("dropscope", PASSWORD.toCharArray()).getEncoded()));

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("dropscope", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  private Exporter start(String yaml) {
    exporter =
        Exporter.start(
            new ConfigLoader().parse("server:\n  port: 0\n" + yaml), new FixtureHostSource());
    return exporter;
  }

  private HttpResponse<String> get(HttpClient client, String scheme, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(scheme + "://127.0.0.1:" + exporter.address().getPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  class Tls {
    private final HttpClient https = HttpClient.newBuilder().sslContext(trusting).build();

    @Test
    void serves_metrics_over_https_from_a_pkcs12_keystore() throws Exception {
      start(
          "security:\n  tls:\n    keystore_file: "
              + keystore
              + "\n    keystore_password_file: "
              + passwordFile
              + "\n");
      var r = get(https, "https", "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("node_load1 0.52");
    }

    @Test
    void serves_metrics_over_https_from_pem_files() throws Exception {
      start("security:\n  tls:\n    cert_file: " + certPem + "\n    key_file: " + keyPem + "\n");
      assertThat(get(https, "https", "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void plain_http_to_the_tls_listener_gets_no_metrics() {
      start("security:\n  tls:\n    cert_file: " + certPem + "\n    key_file: " + keyPem + "\n");
      assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "http", "/metrics"))
          .isInstanceOf(IOException.class);
    }

    @Test
    void a_pkcs1_key_is_refused_with_the_conversion_command() throws Exception {
      Path pkcs1 =
          Files.writeString(
              dir.resolve("rsa.pem"),
              "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
      assertThatThrownBy(
              () ->
                  start(
                      "security:\n  tls:\n    cert_file: "
                          + certPem
                          + "\n    key_file: "
                          + pkcs1
                          + "\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "security.tls.key_file "
                  + pkcs1
                  + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY), found another format;"
                  + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }

    @Test
    void a_wrong_keystore_password_names_the_file() throws Exception {
      Path wrong = Files.writeString(dir.resolve("wrong"), "nope");
      assertThatThrownBy(
              () ->
                  start(
                      "security:\n  tls:\n    keystore_file: "
                          + keystore
                          + "\n    keystore_password_file: "
                          + wrong
                          + "\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "security.tls.keystore_file "
                  + keystore
                  + ": cannot be read as PKCS#12 with that password");
    }

    @Test
    void a_cert_without_its_key_is_a_config_error() {
      assertThatThrownBy(
              () -> new ConfigLoader().parse("security:\n  tls:\n    cert_file: " + certPem + "\n"))
          .hasMessage(
              "security.tls.key_file: expected a PEM file (cert_file and key_file go together), found nothing");
    }
  }

  @Nested
  class MetricsBasicAuth {
    private final HttpClient http = HttpClient.newHttpClient();

    private String basic(String userPass) {
      return "Basic "
          + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private void startWithAuth() throws IOException {
      Path pw = Files.writeString(dir.resolve("metrics-password"), "scrape-me\n");
      start(
          "security:\n  metrics_basic_auth:\n    username: prometheus\n    password_file: "
              + pw
              + "\n");
    }

    @Test
    void metrics_without_credentials_is_401_with_a_basic_challenge() throws Exception {
      startWithAuth();
      var r = get(http, "http", "/metrics");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
    }

    @Test
    void metrics_with_wrong_credentials_is_401_and_right_ones_200() throws Exception {
      startWithAuth();
      for (String wrong : List.of("prometheus:nope", "someone:scrape-me", "prometheus", "")) {
        assertThat(get(http, "http", "/metrics", "Authorization", basic(wrong)).statusCode())
            .as(wrong)
            .isEqualTo(401);
      }
      assertThat(get(http, "http", "/metrics", "Authorization", "Basic !!!").statusCode())
          .isEqualTo(401);
      assertThat(
              get(http, "http", "/metrics", "Authorization", basic("prometheus:scrape-me"))
                  .statusCode())
          .isEqualTo(200);
    }

    @Test
    void health_stays_open_for_probes() throws Exception {
      startWithAuth();
      assertThat(get(http, "http", "/-/healthy").statusCode()).isEqualTo(200);
    }
  }
}
