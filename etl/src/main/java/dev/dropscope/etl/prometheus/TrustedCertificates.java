package dev.dropscope.etl.prometheus;

import dev.dropscope.exporter.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS towards Prometheus that trusts {@code prometheus.ca_file}'s certificates and the JDK's. */
final class TrustedCertificates {
  private TrustedCertificates() {}

  static SSLSocketFactory socketFactory(Path caFile) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (X509Certificate jdk : jdkTrust().getAcceptedIssuers()) {
        store.setCertificateEntry("jdk-" + n++, jdk);
      }
      Collection<? extends Certificate> extra = read(caFile);
      for (Certificate c : extra) {
        store.setCertificateEntry("ca-file-" + n++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(
          "prometheus.ca_file: cannot build a trust store from " + caFile + " (" + e + ")");
    }
  }

  private static Collection<? extends Certificate> read(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new ConfigException(
            "prometheus.ca_file: expected PEM certificates in " + caFile + ", found none");
      }
      return certs;
    } catch (IOException e) {
      throw new ConfigException("prometheus.ca_file: cannot read " + caFile + " (" + e + ")");
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "prometheus.ca_file: expected PEM certificates in "
              + caFile
              + " ("
              + e.getMessage()
              + ")");
    }
  }

  private static X509TrustManager jdkTrust() throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("the JDK has no X.509 trust manager");
  }
}
