package io.scimsync.testkit;

import static io.scimsync.testkit.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.testkit.fault.FaultRule;
import io.scimsync.testkit.fault.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault, played over real HTTP and seen by a plain client. */
class FaultInjectionTest {
  private static FakeScimServer server;
  private static ScimClient scim;

  @BeforeAll
  static void start() {
    server = FakeScimServer.start(ServerProfile.RFC);
    scim = new ScimClient(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  @Test
  void answersTheStatusWithRetryAfter_onlyOnTheNthMatch() {
    server.inject(Faults.on("POST", "/Users").status(503).retryAfter(Duration.ofSeconds(7))
        .onNthMatch(2));

    assertThat(scim.post("/Users", user("a")).status()).isEqualTo(201);
    ScimClient.Reply faulted = scim.post("/Users", user("b"));
    assertThat(faulted.status()).isEqualTo(503);
    assertThat(faulted.header("Retry-After")).contains("7");
    assertThat(faulted.json().get("status").asText()).isEqualTo("503");
    assertThat(scim.post("/Users", user("b")).status()).isEqualTo(201);
    assertThat(server.state().get("users")).hasSize(2);
  }

  @Test
  void failsTheFirstTimes_thenServesNormally() {
    server.inject(Faults.on("GET", "/Users").status(502).firstTimes(2));

    assertThat(scim.get("/Users").status()).isEqualTo(502);
    assertThat(scim.get("/Users").status()).isEqualTo(502);
    assertThat(scim.get("/Users").status()).isEqualTo(200);
  }

  @Test
  void matchesPathGlobsAndMethods() {
    server.inject(Faults.on("PATCH", "/Groups/*").status(500).always());
    String id = scim.post("/Groups", ScimClient.group("Eng")).json().get("id").asText();

    assertThat(scim.get("/Groups/" + id).status()).isEqualTo(200);
    assertThat(scim.patch("/Groups/" + id, ScimClient.patch(
        "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"X\"}")).status()).isEqualTo(500);
  }

  @Test
  void delaysResponses_byTheInjectedLatency() {
    server.inject(Faults.onAny("/Users").latency(Duration.ofMillis(300)).always());

    long started = System.nanoTime();
    assertThat(scim.get("/Users").status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void answersAnHtmlPage() {
    server.inject(Faults.on("GET", "/Users").html(502).always());

    ScimClient.Reply reply = scim.get("/Users");

    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(reply.body()).startsWith("<!DOCTYPE html>");
  }

  @Test
  void answersInvalidJson_underTheScimContentType() {
    server.inject(Faults.on("GET", "/Users").invalidJson().always());

    ScimClient.Reply reply = scim.get("/Users");

    assertThat(reply.header("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/scim+json"));
    assertThatThrownBy(reply::json).isInstanceOf(AssertionError.class);
  }

  @Test
  void dropsTheConnection_withoutACompleteResponse() {
    server.inject(Faults.on("POST", "/Users").dropConnection().always());

    assertThatThrownBy(() -> scim.post("/Users", user("a"))).isInstanceOf(UncheckedIOException.class);
    assertThat(server.state().get("users")).isEmpty();
    assertThat(scim.get("/Users").status()).as("the server keeps serving").isEqualTo(200);
  }

  @Test
  void truncatesTheBody_belowItsContentLength() {
    server.inject(Faults.on("GET", "/Users").truncatedBody().always());

    assertThatThrownBy(() -> scim.get("/Users")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void sendsAHugeBody_ofTheRequestedSize_streamed() throws Exception {
    long size = 20L << 20;
    server.inject(Faults.on("GET", "/Users").hugeBody(size).always());

    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/Users")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long read = 0;
    try (InputStream body = response.body()) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = body.read(buffer)) > 0; ) {
        read += n;
      }
    }
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(size);
    assertThat(read).isEqualTo(size);
  }

  @Test
  void sendsExactlyTheRequestedBytes_evenForASmallHugeBody() throws Exception {
    for (long size : new long[] {1, 101, 150, 4096}) {
      server.reset();
      server.inject(Faults.on("GET", "/Users").hugeBody(size).always());
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/Users")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.body()).as("size %d", size).hasSize((int) size);
    }
  }

  @Test
  void firesAtASeededRate_identicallyOnEveryRun() {
    int first = failuresOutOf(200, Faults.on("GET", "/Users").status(500).atRate(0.25, 42));
    server.reset();
    int second = failuresOutOf(200, Faults.on("GET", "/Users").status(500).atRate(0.25, 42));

    assertThat(first).isEqualTo(second).isBetween(30, 70);
  }

  private int failuresOutOf(int requests, FaultRule rule) {
    server.inject(rule);
    int failures = 0;
    for (int i = 0; i < requests; i++) {
      if (scim.get("/Users").status() == 500) {
        failures++;
      }
    }
    return failures;
  }

  @Test
  void recordsFaultedRequests_withTheFaultThatAnswered() {
    server.inject(Faults.on("GET", "/Users").status(503).always());

    scim.get("/Users");

    assertThat(server.requests()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.fault()).isPresent();
    });
  }

  @Test
  void takesFaultsFromTheControlEndpoint_asCommandLineUsersDo() throws IOException {
    ScimClient control = new ScimClient(server.baseUrl().replace("/scim/v2", ""));
    assertThat(control.post("/_testkit/faults", "GET /Users status=418 nth=1").status()).isEqualTo(204);

    assertThat(scim.get("/Users").status()).isEqualTo(418);
    assertThat(control.post("/_testkit/faults", "GET /Users bogus").status()).isEqualTo(400);
  }
}
