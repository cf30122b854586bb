package io.scimsync.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private static ActorTestKit testKit;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  private static AdminServer start(int port) {
    return AdminServer.start(testKit.system(), "127.0.0.1", port,
        AdminRoutes.create(new InMemoryAdminBackend(), "t0ken"));
  }

  private static HttpResponse<String> healthz(AdminServer server) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/healthz"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_onPortZero_listensOnAFreePort_andNamesItsUrl() throws Exception {
    AdminServer server = start(0);
    try {
      assertThat(server.port()).isPositive();
      assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
      assertThat(healthz(server).statusCode()).isEqualTo(200);
    } finally {
      server.stop();
    }
  }

  @Test
  void start_onATakenPort_failsNamingHostAndPort() {
    AdminServer first = start(0);
    try {
      assertThatThrownBy(() -> start(first.port()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("could not listen on 127.0.0.1:" + first.port() + ": ");
    } finally {
      first.stop();
    }
  }

  @Test
  void stop_closesTheSocket_andIsIdempotent() throws Exception {
    AdminServer server = start(0);
    healthz(server);

    server.stop();
    server.stop();

    assertThatThrownBy(() -> healthz(server)).isInstanceOf(IOException.class);
  }

  @Test
  void url_bracketsAnIpv6Literal() {
    AdminServer server;
    try {
      server = AdminServer.start(testKit.system(), "::1", 0,
          AdminRoutes.create(new InMemoryAdminBackend(), "t0ken"));
    } catch (IllegalStateException noIpv6) {
      // a host without IPv6 loopback cannot run this case; the message still names the host
      assertThat(noIpv6).hasMessageStartingWith("could not listen on ::1:0: ");
      return;
    }
    try {
      assertThat(server.url()).isEqualTo(URI.create("http://[::1]:" + server.port()));
    } finally {
      server.stop();
    }
  }

  @Test
  void create_refusesABlankToken() {
    assertThatThrownBy(() -> AdminRoutes.create(new InMemoryAdminBackend(), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
