package dev.dropscope.exporter.http;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.SecurityConfig;
import dev.dropscope.exporter.config.StrictYaml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Builds the listener's TLS context from a PKCS#12 keystore or PEM files; errors name the file. */
final class TlsContext {
  private TlsContext() {}

  static SSLContext create(SecurityConfig.Tls tls) {
    try {
      char[] password;
      KeyStore store;
      if (tls.keystoreFile() != null) {
        password =
            StrictYaml.readFile(tls.keystorePasswordFile(), "security.tls.keystore_password_file")
                .strip()
                .toCharArray();
        store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keystoreFile())) {
          store.load(in, password);
        } catch (IOException e) {
          throw new ConfigException(
              "security.tls.keystore_file "
                  + tls.keystoreFile()
                  + ": cannot be read as PKCS#12 with that password ("
                  + e.getMessage()
                  + ")");
        }
      } else {
        password = new char[0];
        store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate[] chain = certificates(tls.certFile());
        store.setKeyEntry("dropscope", privateKey(tls.keyFile()), password, chain);
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException("security.tls: cannot set up TLS (" + e.getMessage() + ")");
    }
  }

  private static Certificate[] certificates(Path file) throws GeneralSecurityException {
    String pem = StrictYaml.readFile(file, "security.tls.cert_file");
    Collection<? extends Certificate> certs =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (certs.isEmpty()) {
      throw new ConfigException(
          "security.tls.cert_file " + file + ": expected PEM certificates, found none");
    }
    return certs.toArray(Certificate[]::new);
  }

  private static PrivateKey privateKey(Path file) {
    String pem = StrictYaml.readFile(file, "security.tls.key_file");
    if (pem.contains("BEGIN RSA PRIVATE KEY")
        || pem.contains("BEGIN EC PRIVATE KEY")
        || pem.contains("ENCRYPTED")) {
      throw new ConfigException(
          "security.tls.key_file "
              + file
              + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY), found another format;"
              + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new ConfigException(
          "security.tls.key_file " + file + ": expected a PEM block BEGIN PRIVATE KEY, found none");
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new ConfigException(
        "security.tls.key_file " + file + ": expected an RSA, EC or Ed25519 key, found another");
  }
}
