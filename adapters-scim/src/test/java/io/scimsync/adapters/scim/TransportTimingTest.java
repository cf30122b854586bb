package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.target.TargetCapabilities;
import io.scimsync.domain.target.VendorProfiles;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What depends on time and on the target's answers over several requests: the provider-wide
 * pause after a 429 (virtual time), OAuth refresh on a 401, Retry-After as an HTTP date, and
 * ServiceProviderConfig discovery with its cache.
 */
class TransportTimingTest {
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("timing-test");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Waits for {@code future} while moving virtual time forward in steps, never sleeping. */
  static <T> T awaitAdvancing(CompletableFuture<T> future, ManualTimer timer, Duration step) throws Exception {
    for (int i = 0; i < 1000; i++) {
      try {
        return future.get(20, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        timer.advance(step);
      }
    }
    throw new AssertionError("not done");
  }

  @Test
  void a429PausesTheWholeProvider_untilRetryAfter() throws Exception {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.RFC)) {
      server.inject(Faults.on("POST", "/Users").status(429).retryAfter(Duration.ofSeconds(30)).onNthMatch(1));
      ManualTimer timer = new ManualTimer(Instant.parse("2026-01-01T00:00:00Z"));
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("t", URI.create(server.baseUrl()), new Authentication.None())
              .withRetry(RetryPolicy.never()), system, timer, RequestJournal.none(), null);

      ScimReply limited = transport.execute(ScimRequest.post("/Users", PekkoHttpScimTransportTest.user("a")))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(limited).isInstanceOfSatisfying(ScimReply.Received.class, r -> {
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.retryAfter()).contains(Duration.ofSeconds(30));
      });

      CompletableFuture<ScimReply> next = transport.execute(ScimRequest.get("/Users")).toCompletableFuture();
      timer.advance(Duration.ofSeconds(29));
      assertThat(next).isNotDone();
      assertThat(server.requests()).hasSize(1);

      timer.advance(Duration.ofSeconds(1));
      assertThat(next.get(30, TimeUnit.SECONDS)).isInstanceOf(ScimReply.Received.class);
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void anHtml429FromAGateway_isTransient_andStillPausesTheProvider() throws Exception {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.RFC)) {
      server.inject(Faults.on("GET", "/Users").html(429).onNthMatch(1));
      ManualTimer timer = new ManualTimer(Instant.parse("2026-01-01T00:00:00Z"));
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("t", URI.create(server.baseUrl()), new Authentication.None())
              .withRetry(RetryPolicy.never()), system, timer, RequestJournal.none(), null);

      ScimReply reply = transport.execute(ScimRequest.get("/Users")).toCompletableFuture()
          .get(30, TimeUnit.SECONDS);

      assertThat(reply).isInstanceOfSatisfying(ScimReply.Unreadable.class,
          u -> assertThat(u.status()).isEqualTo(429));
      assertThat(io.scimsync.domain.engine.ReplyClassifier.classify(reply))
          .isEqualTo(io.scimsync.domain.engine.ReplyClass.TRANSIENT);
      assertThat(transport.throttle().pausedUntil()).isPresent();
    }
  }

  @Test
  void aTimedOutRequestKeepsItsSlot_untilItsConnectionIsFree() throws Exception {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.RFC)) {
      server.inject(Faults.on("PUT", "/Users/*").latency(Duration.ofMillis(1500)).always());
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("t", URI.create(server.baseUrl()), new Authentication.None())
              .withRetry(RetryPolicy.never())
              .withThrottle(ThrottleSettings.defaults().withMaxConcurrent(1))
              .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)), system,
          RequestJournal.none());

      ScimReply slow = transport.execute(ScimRequest.put("/Users/u-1",
          PekkoHttpScimTransportTest.user("a"))).toCompletableFuture().get(30, TimeUnit.SECONDS);
      CompletableFuture<ScimReply> next = transport.execute(ScimRequest.delete("/Users/u-2"))
          .toCompletableFuture();

      assertThat(slow).isInstanceOfSatisfying(ScimReply.NotDelivered.class,
          n -> assertThat(n.cause()).isEqualTo(ScimReply.NotDelivered.Cause.TIMEOUT));
      // the DELETE waits for the PUT's connection instead of timing out in the pool's queue
      assertThat(next.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(ScimReply.Received.class,
          r -> assertThat(r.status()).isEqualTo(404));
      assertThat(server.requests()).extracting(r -> r.method()).containsExactly("PUT", "DELETE");
    }
  }

  @Test
  void refusedOAuthCredentials_costOneTokenRequest_andAPermanent401() throws Exception {
    AtomicInteger tokenRequests = new AtomicInteger();
    try (FakeScimServer scim = FakeScimServer.builder().token("t").start();
         BareServer tokens = BareServer.start(system, request -> {
           tokenRequests.incrementAndGet();
           request.discardEntityBytes(system);
           return CompletableFuture.completedFuture(HttpResponse.create().withStatus(401)
               .withEntity(ContentTypes.APPLICATION_JSON, "{\"error\":\"invalid_client\"}"));
         })) {
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("t", URI.create(scim.baseUrl()), new Authentication.OAuthClientCredentials(
              URI.create(tokens.url() + "/oauth/token"), "client", Secret.of("wrong-secret")))
              .withRetry(RetryPolicy.never()), system, RequestJournal.none());

      ScimReply reply = transport.execute(ScimRequest.get("/Users")).toCompletableFuture()
          .get(30, TimeUnit.SECONDS);

      assertThat(reply).isInstanceOfSatisfying(ScimReply.Received.class,
          r -> assertThat(r.status()).isEqualTo(401));
      assertThat(io.scimsync.domain.engine.ReplyClassifier.classify(reply))
          .isEqualTo(io.scimsync.domain.engine.ReplyClass.PERMANENT);
      assertThat(tokenRequests).hasValue(1);
      assertThat(scim.requests()).isEmpty();
    }
  }

  @Test
  void keepsTheRetryAfterOfAnHtmlPage_andWaitsAtLeastThatLongBeforeRetrying() throws Exception {
    ManualTimer timer = new ManualTimer(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicInteger served = new AtomicInteger();
    try (BareServer server = BareServer.start(system, request -> {
      request.discardEntityBytes(system);
      HttpResponse response = served.incrementAndGet() == 1
          ? HttpResponse.create().withStatus(503).addHeader(RawHeader.create("Retry-After", "7"))
              .withEntity(ContentTypes.TEXT_HTML_UTF8, "<html><body>maintenance</body></html>")
          : HttpResponse.create().withStatus(200).withEntity(ContentTypes.APPLICATION_JSON,
              "{\"totalResults\":0,\"Resources\":[]}");
      return CompletableFuture.completedFuture(response);
    })) {
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("t", URI.create(server.url()), new Authentication.None()),
          system, timer, RequestJournal.none(), null);

      CompletableFuture<ScimReply> reply = transport.execute(ScimRequest.get("/Users"))
          .toCompletableFuture();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (served.get() < 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      timer.advance(Duration.ofSeconds(6)); // the backoff alone (at most 200 ms) would have retried
      assertThat(served).hasValue(1);

      ScimReply finalReply = awaitAdvancing(reply, timer, Duration.ofSeconds(1));
      assertThat(finalReply).isInstanceOfSatisfying(ScimReply.Received.class,
          r -> assertThat(r.status()).isEqualTo(200));
      assertThat(served).hasValue(2);
    }
  }

  @Test
  void readsRetryAfterGivenAsAnHttpDate() throws Exception {
    ManualTimer timer = new ManualTimer(Instant.parse("2026-01-01T00:00:00Z"));
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        timer.now().plusSeconds(120).atOffset(ZoneOffset.UTC));
    try (BareServer server = BareServer.start(system, request -> CompletableFuture.completedFuture(
        HttpResponse.create().withStatus(503).addHeader(RawHeader.create("Retry-After", date))
            .withEntity(ContentTypes.APPLICATION_JSON, "{\"detail\":\"maintenance\"}")))) {
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("t", URI.create(server.url()), new Authentication.None())
              .withRetry(RetryPolicy.never()), system, timer, RequestJournal.none(), null);

      ScimReply reply = transport.execute(ScimRequest.get("/Users")).toCompletableFuture()
          .get(30, TimeUnit.SECONDS);

      assertThat(reply).isInstanceOfSatisfying(ScimReply.Received.class,
          r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(120)));
    }
  }

  @Test
  void readsAnEmptyBodyOnA200Get_asAnInvalidResponse_butAcceptsItOnPatch() throws Exception {
    try (BareServer server = BareServer.start(system, request -> CompletableFuture.completedFuture(
        HttpResponse.create().withStatus(200)))) {
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("t", URI.create(server.url()), new Authentication.None())
              .withRetry(RetryPolicy.never()), system, RequestJournal.none());

      ScimReply get = transport.execute(ScimRequest.get("/Users/1")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      ScimReply patch = transport.execute(ScimRequest.patch("/Users/1", java.util.Map.of("Operations", List.of())))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);

      assertThat(get).isInstanceOfSatisfying(ScimReply.Unreadable.class,
          u -> assertThat(u.reason()).contains("empty body"));
      assertThat(patch).isInstanceOfSatisfying(ScimReply.Received.class,
          r -> assertThat(r.status()).isEqualTo(200));
    }
  }

  @Test
  void refreshesTheOAuthTokenOnce_afterA401() throws Exception {
    AtomicInteger issued = new AtomicInteger();
    try (FakeScimServer scim = FakeScimServer.builder().token("token-2").start();
         BareServer tokens = BareServer.start(system, request -> {
           // the first token the endpoint hands out is one the target has already revoked
           int n = issued.incrementAndGet();
           request.discardEntityBytes(system);
           return CompletableFuture.completedFuture(HttpResponse.create().withStatus(200)
               .withEntity(ContentTypes.APPLICATION_JSON,
                   "{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
         })) {
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("t", URI.create(scim.baseUrl()), new Authentication.OAuthClientCredentials(
              URI.create(tokens.url() + "/oauth/token"), "client", Secret.of("client-secret"),
              java.util.Optional.of("scim"), Authentication.ClientAuthMethod.BASIC_HEADER,
              Duration.ofSeconds(30))), system, RequestJournal.none());

      ScimReply first = transport.execute(ScimRequest.get("/Users")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      ScimReply second = transport.execute(ScimRequest.get("/Users")).toCompletableFuture().get(30, TimeUnit.SECONDS);

      assertThat(first).isInstanceOfSatisfying(ScimReply.Received.class, r -> assertThat(r.status()).isEqualTo(200));
      assertThat(second).isInstanceOfSatisfying(ScimReply.Received.class, r -> assertThat(r.status()).isEqualTo(200));
      assertThat(issued).hasValue(2);
      assertThat(scim.requests()).extracting(r -> r.status()).containsExactly(401, 200, 200);
    }
  }

  @Test
  void discoversCapabilitiesThroughTheProfilesPath_andCachesThem() throws Exception {
    try (FakeScimServer salesforce = FakeScimServer.start(ServerProfile.SALESFORCE)) {
      ManualTimer timer = new ManualTimer();
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(TransportSettings.of("t",
          URI.create(salesforce.baseUrl()), new Authentication.None()), system, RequestJournal.none());
      ServiceProviderConfigCache cache = new ServiceProviderConfigCache(transport,
          VendorProfiles.SALESFORCE, Duration.ofHours(1), Duration.ofMinutes(2), timer);

      TargetCapabilities capabilities = cache.capabilities().toCompletableFuture().get(30, TimeUnit.SECONDS);
      cache.capabilities().toCompletableFuture().get(30, TimeUnit.SECONDS);

      assertThat(capabilities.origin()).isEqualTo(TargetCapabilities.Origin.DISCOVERED);
      assertThat(capabilities.patchSupported()).isTrue();
      assertThat(cache.status().source()).isEqualTo(ServiceProviderConfigCache.Source.DISCOVERED);
      assertThat(salesforce.requests()).extracting(r -> r.path()).containsExactly("/ServiceProviderConfigs");
      timer.advance(Duration.ofHours(1));
      cache.capabilities().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(salesforce.requests()).hasSize(2);
    }
  }

  @Test
  void fallsBackForAShortNegativeTtl_whenTheFetchFails_andSaysSo() throws Exception {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.RFC)) {
      server.inject(Faults.on("GET", "/ServiceProviderConfig").status(500).firstTimes(1));
      ManualTimer timer = new ManualTimer();
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(TransportSettings.of("t",
          URI.create(server.baseUrl()), new Authentication.None()).withRetry(RetryPolicy.never()),
          system, RequestJournal.none());
      ServiceProviderConfigCache cache = new ServiceProviderConfigCache(transport,
          VendorProfiles.DEFAULT, Duration.ofHours(1), Duration.ofMinutes(2), timer);

      TargetCapabilities fallback = cache.capabilities().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(fallback.origin()).isEqualTo(TargetCapabilities.Origin.ASSUMED);
      assertThat(cache.status().source()).isEqualTo(ServiceProviderConfigCache.Source.FALLBACK);
      assertThat(cache.status().problem()).hasValueSatisfying(p -> assertThat(p).contains("500"));

      timer.advance(Duration.ofMinutes(2));
      TargetCapabilities discovered = cache.capabilities().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(discovered.origin()).isEqualTo(TargetCapabilities.Origin.DISCOVERED);
      assertThat(cache.status().source()).isEqualTo(ServiceProviderConfigCache.Source.DISCOVERED);
    }
  }

  @Test
  void asksNothing_whenTheProfileHasNoServiceProviderConfig() throws Exception {
    try (FakeScimServer vcenter = FakeScimServer.start(ServerProfile.VCENTER)) {
      List<JournalEntry> journal = new CopyOnWriteArrayList<>();
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(TransportSettings.of("t",
          URI.create(vcenter.baseUrl()), new Authentication.None()), system, journal::add);
      ServiceProviderConfigCache cache = new ServiceProviderConfigCache(transport,
          VendorProfiles.VCENTER, Duration.ofHours(1), Duration.ofMinutes(2), new ManualTimer());

      assertThat(cache.capabilities().toCompletableFuture().get(30, TimeUnit.SECONDS).origin())
          .isEqualTo(TargetCapabilities.Origin.ASSUMED);
      assertThat(cache.status().source()).isEqualTo(ServiceProviderConfigCache.Source.NO_DOCUMENT);
      assertThat(vcenter.requests()).isEmpty();
      assertThat(journal).isEmpty();
    }
  }
}
