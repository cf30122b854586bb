package io.scimsync.adapters.scim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * Builds the Pekko HTTP client TLS context for a provider from its {@link TlsSettings}.
 *
 * <p>With verification on, the context comes from {@link ConnectionContext#httpsClient(SSLContext)},
 * which checks the certificate chain <em>and</em> the host name (endpoint identification
 * "https", RFC 2818 / RFC 6125) on every connection and sends SNI.
 *
 * <p><strong>With {@code verify = false} every certificate is accepted for every host name:</strong>
 * expired, self-signed, issued to someone else. Anyone between scimsync and the target can then
 * impersonate the target and collect the bearer token, password or OAuth client secret sent to
 * it. It exists for test targets only; the transport logs a warning when a provider uses it.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * The client context for these settings.
   *
   * @throws IllegalArgumentException when the extra CA file is missing, unreadable or holds no
   *     valid certificate; the message names the file and the problem
   */
  public static HttpsConnectionContext client(TlsSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (!settings.verify()) {
      return insecureClient();
    }
    if (settings.extraCaCertificate().isEmpty()) {
      return ConnectionContext.httpsClient(defaultSslContext());
    }
    X509TrustManager trust = trustManager(settings.extraCaCertificate().get());
    return ConnectionContext.httpsClient(sslContext(new TrustManager[] {trust}));
  }

  /**
   * A PKIX trust manager trusting the JDK's default anchors plus every certificate in
   * {@code pemFile}. Package-private so that the test can check the default anchors survive.
   */
  static X509TrustManager trustManager(Path pemFile) {
    List<X509Certificate> extra = readCertificates(pemFile);
    try {
      // one key store holding both sets, rather than two trust managers tried in turn: PKIX then
      // builds a path over all anchors at once, and host name checking stays the JDK's own
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int n = 0;
      for (X509Certificate cert : defaultTrustManager().getAcceptedIssuers()) {
        anchors.setCertificateEntry("jdk-" + n++, cert);
      }
      n = 0;
      for (X509Certificate cert : extra) {
        anchors.setCertificateEntry("extra-" + n++, cert);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      return x509(factory.getTrustManagers());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store with the JDK defaults and "
          + pemFile + ": " + e.getMessage(), e);
    }
  }

  static List<X509Certificate> readCertificates(Path pemFile) {
    Objects.requireNonNull(pemFile, "pemFile");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(pemFile);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("extra CA certificate file " + pemFile + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException("extra CA certificate file " + pemFile
          + " cannot be read: permission denied", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("extra CA certificate file " + pemFile + " cannot be read: "
          + e, e);
    }
    Collection<? extends Certificate> parsed;
    try {
      parsed = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("extra CA certificate file " + pemFile
          + " is not a PEM file of X.509 certificates: " + e.getMessage(), e);
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("extra CA certificate file " + pemFile
          + " contains no certificate (expected one or more -----BEGIN CERTIFICATE----- blocks)");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate certificate : parsed) {
      certificates.add((X509Certificate) certificate);
    }
    return List.copyOf(certificates);
  }

  private static HttpsConnectionContext insecureClient() {
    SSLContext context = sslContext(new TrustManager[] {new TrustEverything()});
    // our own engine factory, because httpsClient(SSLContext) would switch host name checking on
    return ConnectionContext.httpsClient((host, port) -> {
      SSLEngine engine = context.createSSLEngine(host, port);
      engine.setUseClientMode(true);
      return engine;
    });
  }

  private static SSLContext defaultSslContext() {
    try {
      return SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
    }
  }

  private static SSLContext sslContext(TrustManager[] trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    // null: the JDK's default store (cacerts, or javax.net.ssl.trustStore when set)
    factory.init((KeyStore) null);
    return x509(factory.getTrustManagers());
  }

  private static X509TrustManager x509(TrustManager[] managers) {
    for (TrustManager manager : managers) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("the JDK's trust manager factory offers no X.509 trust manager");
  }

  /**
   * Accepts every certificate. Extended, so that the JDK does not wrap it in its own host name
   * check; see the class comment for why this is for test targets only.
   */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
