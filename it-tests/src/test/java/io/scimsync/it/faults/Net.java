package io.scimsync.it.faults;

import io.scimsync.app.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Loopback plumbing the fault tests share: free ports, the health probe, config tweaks. */
final class Net {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private Net() {
  }

  /** A port that was free on 127.0.0.1 a moment ago (bound to port 0, then closed). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code GET /healthz}: its status, or 0 when nothing answered within {@code timeout}
   * (refused, reset, or too slow).
   */
  static int health(URI adminUrl, Duration timeout) {
    try {
      HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
              URI.create(adminUrl + "/healthz")).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code config} with other SCIM connect and request timeouts. */
  static AppConfig withScimTimeouts(AppConfig c, Duration connect, Duration request) {
    return new AppConfig(c.dataDir(), c.databaseUrl(), c.adminHost(), c.adminPort(),
        c.adminToken(), c.secretKey(), c.reconcileInterval(), c.pollInterval(), c.lease(),
        c.claimBatch(), c.retryBase(), c.retryMax(), c.shutdownTimeout(), connect, request,
        c.maxReplyDepth(), c.retention(), c.jsonLogs(), c.providers());
  }
}
