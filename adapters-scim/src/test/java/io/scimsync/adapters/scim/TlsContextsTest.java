package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes against Pekko HTTPS servers on loopback whose self-signed certificates are
 * made by the JDK's {@code keytool} (the JDK has no public API to create a certificate).
 */
class TlsContextsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String STORE_PASSWORD = "test-only";

  @TempDir
  static Path dir;

  private static ActorSystem system;
  /** Certificate for 127.0.0.1 and localhost: trusted once its PEM is the extra CA. */
  private static Server matching;
  /** Certificate for another host name: fails host name verification even when trusted. */
  private static Server otherName;

  @BeforeAll
  static void startServers() throws Exception {
    system = ActorSystem.create("tls-contexts-test", ConfigFactory.parseString(String.join("\n",
        "pekko.loglevel = ERROR",
        "pekko.stdout-loglevel = ERROR",
        "pekko.log-dead-letters = off"))
        .withFallback(ConfigFactory.load()));
    matching = Server.start(system, dir, "matching", "SAN=ip:127.0.0.1,dns:localhost");
    otherName = Server.start(system, dir, "other", "SAN=dns:scim.other.invalid");
  }

  @AfterAll
  static void stopServers() throws Exception {
    try {
      // client pools first, so that none sees its server vanish and logs an error
      await(Http.get(system).shutdownAllConnectionPools());
      for (Server server : new Server[] {matching, otherName}) {
        if (server != null) {
          await(server.binding.terminate(Duration.ofSeconds(5)));
        }
      }
    } finally {
      system.terminate();
      await(system.getWhenTerminated());
    }
  }

  @Test
  void rejectsSelfSignedServer_withDefaultSettings() {
    assertThatThrownBy(() -> get(matching, TlsContexts.client(TlsSettings.defaults())))
        .satisfies(e -> assertThat(causes(e)).as("the failure's causes")
            .anyMatch(t -> t instanceof SSLException && t.getMessage().contains("PKIX path building failed")));
  }

  @Test
  void acceptsServer_whenItsCertificateIsTheExtraCa() throws Exception {
    HttpResponse response = get(matching, TlsContexts.client(TlsSettings.trustingAlso(matching.pem)));

    assertThat(response.status().intValue()).isEqualTo(200);
  }

  @Test
  void stillVerifiesHostName_whenTheCertificateIsTrusted() {
    assertThatThrownBy(() -> get(otherName, TlsContexts.client(TlsSettings.trustingAlso(otherName.pem))))
        .satisfies(e -> assertThat(causes(e)).as("the failure's causes")
            .anyMatch(t -> t instanceof SSLException
                && t.getMessage().contains("No subject alternative names matching IP address 127.0.0.1")));
  }

  @Test
  void acceptsUntrustedCertificateForAnotherHost_whenVerifyIsOff() throws Exception {
    HttpsConnectionContext insecure = TlsContexts.client(TlsSettings.insecure());

    assertThat(get(otherName, insecure).status().intValue()).isEqualTo(200);
    assertThat(get(matching, insecure).status().intValue()).isEqualTo(200);
  }

  @Test
  void keepsTheJdkDefaultAnchors_andAddsEveryCertificateOfThePemFile() throws Exception {
    Path both = dir.resolve("both.pem");
    Files.writeString(both, Files.readString(matching.pem) + Files.readString(otherName.pem));

    X509TrustManager trust = TlsContexts.trustManager(both);

    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    X509Certificate[] defaults = ((X509TrustManager) factory.getTrustManagers()[0]).getAcceptedIssuers();
    assertThat(defaults).isNotEmpty();
    assertThat(trust.getAcceptedIssuers())
        .contains(defaults)
        .contains(TlsContexts.readCertificates(matching.pem).get(0),
            TlsContexts.readCertificates(otherName.pem).get(0))
        .hasSize(defaults.length + 2);
  }

  @Test
  void refusesGarbageCaFile_namingTheFile() throws IOException {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> TlsContexts.client(TlsSettings.trustingAlso(garbage)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("is not a PEM file of X.509 certificates");
  }

  @Test
  void refusesCaFileWithoutCertificate_namingTheFile() throws IOException {
    Path empty = dir.resolve("empty.pem");
    Files.writeString(empty, "");

    assertThatThrownBy(() -> TlsContexts.client(TlsSettings.trustingAlso(empty)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("contains no certificate");
  }

  @Test
  void refusesMissingCaFile_namingTheFile() {
    Path missing = dir.resolve("nowhere.pem");

    assertThatThrownBy(() -> TlsContexts.client(TlsSettings.trustingAlso(missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extra CA certificate file " + missing + " does not exist");
  }

  @Test
  void defaultsVerify_withoutExtraCa() {
    assertThat(TlsSettings.defaults()).isEqualTo(new TlsSettings(true, Optional.empty()));
  }

  private static HttpResponse get(Server server, HttpsConnectionContext tls) throws Exception {
    CompletionStage<HttpResponse> reply = Http.get(system)
        .singleRequest(HttpRequest.GET("https://127.0.0.1:" + server.port() + "/"), tls)
        .thenCompose(response -> response.discardEntityBytes(system).completionStage()
            .thenApply(done -> response));
    return await(reply);
  }

  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    CompletableFuture<T> future = stage.toCompletableFuture();
    try {
      return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** A bound HTTPS server answering 200 "ok", and the PEM of its self-signed certificate. */
  private record Server(ServerBinding binding, Path pem) {
    int port() {
      return binding.localAddress().getPort();
    }

    static Server start(ActorSystem system, Path dir, String name, String subjectAltNames)
        throws Exception {
      Path keyStore = dir.resolve(name + ".p12");
      Path pem = dir.resolve(name + ".pem");
      keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
          "-validity", "2", "-dname", "CN=" + name, "-ext", subjectAltNames,
          "-storetype", "PKCS12", "-keystore", keyStore.toString(),
          "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
      keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(),
          "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-file", pem.toString());

      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, STORE_PASSWORD.toCharArray());
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);

      ServerBinding binding = await(Http.get(system).newServerAt("127.0.0.1", 0)
          .enableHttps(ConnectionContext.httpsServer(context))
          .bindSync(request -> HttpResponse.create().withEntity("ok")));
      return new Server(binding, pem);
    }

    private static void keytool(String... args) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      // read before waiting: a full pipe would block keytool
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool did not finish: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + output);
      }
    }
  }
}
