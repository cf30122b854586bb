package io.scimsync.testkit.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecorderTest {

  private static final String SECRET = "hunter2-S3CR3T";
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private final Recorder recorder =
      new Recorder(100, Recorder.DEFAULT_MAX_BODY_CHARS, Clock.fixed(NOW, ZoneOffset.UTC));

  private RecordedRequest get(String path) {
    return recorder.record("GET", path, null, List.of(), null, 200, Duration.ofMillis(1),
        Optional.empty());
  }

  private RecordedRequest send(String method, String path) {
    return recorder.record(method, path, null, List.of(), "{}", 200, Duration.ofMillis(1),
        Optional.empty());
  }

  @Test
  void recordsEveryFieldOfAnExchange() {
    RecordedRequest recorded = recorder.record("patch", "/Groups/42", "excludedAttributes=members",
        List.of(Map.entry("Content-Type", "application/scim+json"), Map.entry("If-Match", "W/\"3\"")),
        "{\"Operations\":[]}", 503, Duration.ofMillis(20), Optional.of("status=503"));

    assertThat(recorder.requests()).containsExactly(recorded);
    assertThat(recorded.sequence()).isEqualTo(1);
    assertThat(recorded.receivedAt()).isEqualTo(NOW.minusMillis(20));
    assertThat(recorded.method()).isEqualTo("PATCH");
    assertThat(recorded.path()).isEqualTo("/Groups/42");
    assertThat(recorded.query()).containsExactly(Map.entry("excludedAttributes", "members"));
    assertThat(recorded.headers()).containsExactly(
        Map.entry("Content-Type", List.of("application/scim+json")),
        Map.entry("If-Match", List.of("W/\"3\"")));
    assertThat(recorded.body()).isEqualTo("{\"Operations\":[]}");
    assertThat(recorded.status()).isEqualTo(503);
    assertThat(recorded.duration()).isEqualTo(Duration.ofMillis(20));
    assertThat(recorded.fault()).contains("status=503");
  }

  @Test
  void listsRequestsInArrivalOrder_evenWhenTheyFinishOutOfOrder() {
    Recorder.Arrival slow = recorder.arrive();
    Recorder.Arrival fast = recorder.arrive();

    recorder.record(fast, "GET", "/Users/fast", null, List.of(), null, 200, Optional.empty());
    recorder.record(slow, "GET", "/Users/slow", null, List.of(), null, 200,
        Optional.of("latency=2s"));

    assertThat(recorder.requests()).extracting(RecordedRequest::path)
        .containsExactly("/Users/slow", "/Users/fast");
    assertThat(recorder.requests()).extracting(RecordedRequest::sequence)
        .containsExactly(slow.sequence(), fast.sequence());
    assertThat(recorder.requests().get(0).receivedAt()).isEqualTo(NOW);
    assertThat(recorder.requests().get(0).duration().isNegative()).isFalse();
  }

  @Test
  void numbersRequestsFromOne() {
    get("/Users");
    get("/Groups");

    assertThat(recorder.requests()).extracting(RecordedRequest::sequence).containsExactly(1L, 2L);
  }

  @Test
  void countsRequestsPerEndpoint_withIdsAsTemplates() {
    send("PATCH", "/Groups/1");
    send("PATCH", "/Groups/2");
    send("patch", "/Groups/3");
    get("/Groups/1");
    get("/Groups?filter=displayName%20eq%20%22x%22");
    send("POST", "/Users");
    send("POST", "/Users/.search");
    send("DELETE", "/scim/v2/Users/abc-def");

    assertThat(recorder.counters()).containsExactly(
        Map.entry("DELETE /scim/v2/Users/{id}", 1L),
        Map.entry("GET /Groups", 1L),
        Map.entry("GET /Groups/{id}", 1L),
        Map.entry("PATCH /Groups/{id}", 3L),
        Map.entry("POST /Users", 1L),
        Map.entry("POST /Users/.search", 1L));
    assertThat(recorder.count("PATCH", "/Groups/{id}")).isEqualTo(3);
    assertThat(recorder.count("patch", "/Groups/{id}")).isEqualTo(3);
    assertThat(recorder.count("PUT", "/Groups/{id}")).isZero();
  }

  @ParameterizedTest
  @CsvSource({
      "/Users,                      /Users",
      "/Users/2819c223,             /Users/{id}",
      "/Groups/e9e30dba/members,    /Groups/{id}/members",
      "/scim/v2/Groups/42,          /scim/v2/Groups/{id}",
      "/Users/.search,              /Users/.search",
      "/Groups/,                    /Groups/",
      "/Groups/42?attributes=id,    /Groups/{id}",
      "/ServiceProviderConfig,      /ServiceProviderConfig",
      "/Schemas/urn:x:User,         /Schemas/urn:x:User",
  })
  void templatesIdsOfUsersAndGroups(String path, String endpoint) {
    assertThat(Recorder.endpoint(path)).isEqualTo(endpoint);
  }

  @Test
  void filtersRequestsByMethodAndPathGlob() {
    send("PATCH", "/Groups/1");
    get("/Groups/1");
    send("PATCH", "/Groups/2");
    send("PATCH", "/Users/1");

    assertThat(recorder.requests("PATCH", "/Groups/*")).extracting(RecordedRequest::path)
        .containsExactly("/Groups/1", "/Groups/2");
    assertThat(recorder.requests("patch", "/**")).hasSize(3);
    assertThat(recorder.requests("*", "/Groups/*")).hasSize(3);
    assertThat(recorder.requests("DELETE", "/**")).isEmpty();
    assertThatThrownBy(() -> recorder.requests("GET", "Groups")).hasMessageContaining("path pattern");
  }

  @Test
  void keepsQueryParametersDecodedInTheOrderReceived() {
    RecordedRequest recorded = recorder.record("GET", "/Users",
        "startIndex=1&filter=userName+eq+%22bjen%C3%9Fen%22&count=2&count=3&flag&bad=%ZZ",
        List.of(), null, 200, Duration.ZERO, Optional.empty());

    assertThat(recorded.query()).containsExactly(
        Map.entry("startIndex", "1"),
        Map.entry("filter", "userName eq \"bjenßen\""),
        Map.entry("count", "2"),
        Map.entry("flag", ""),
        Map.entry("bad", "%ZZ"));
  }

  @Test
  void splitsTheQueryOffThePath_whenNoRawQueryIsGiven() {
    RecordedRequest recorded = get("/Groups/7?attributes=displayName");

    assertThat(recorded.path()).isEqualTo("/Groups/7");
    assertThat(recorded.query()).containsExactly(Map.entry("attributes", "displayName"));
  }

  @Test
  void groupsRepeatedHeadersCaseInsensitively_keepingTheFirstSpelling() {
    RecordedRequest recorded = recorder.record("GET", "/Users", null,
        List.of(Map.entry("Accept", "a"), Map.entry("X-Id", "1"), Map.entry("accept", "b")),
        null, 200, Duration.ZERO, Optional.empty());

    assertThat(recorded.headers()).containsExactly(
        Map.entry("Accept", List.of("a", "b")), Map.entry("X-Id", List.of("1")));
  }

  @Test
  void neverKeepsSecretHeaders() {
    recorder.record("POST", "/Users", null, List.of(
        Map.entry("Authorization", "Bearer " + SECRET),
        Map.entry("Proxy-Authorization", "Basic " + SECRET),
        Map.entry("Cookie", "sid=" + SECRET),
        Map.entry("Set-Cookie", "sid=" + SECRET + "; Path=/"),
        Map.entry("X-Api-Key", SECRET),
        Map.entry("X-Refresh-Token", SECRET),
        Map.entry("X-Shared-Secret", SECRET)), null, 201, Duration.ZERO, Optional.empty());

    RecordedRequest recorded = recorder.requests().get(0);
    assertThat(recorded.header("Authorization")).contains("Bearer [REDACTED]");
    assertThat(recorded.header("Proxy-Authorization")).contains("Basic [REDACTED]");
    assertThat(recorder.toJson().toString()).doesNotContain(SECRET);
    assertThat(recorded.toString()).doesNotContain(SECRET);
  }

  @Test
  void neverKeepsSecretBodyFields() {
    for (String key : List.of("password", "client_secret", "access_token", "refresh_token")) {
      recorder.record("POST", "/Users", null, List.of(),
          "{\"userName\":\"bjensen\",\"emails\":[{\"value\":\"b@example.com\"}],"
              + "\"x\":{\"" + key + "\":\"" + SECRET + "\"}}", 201, Duration.ZERO, Optional.empty());
      recorder.record("POST", "/token", null, List.of(), key + "=" + SECRET + "&grant_type=x", 200,
          Duration.ZERO, Optional.empty());
    }
    recorder.record("PATCH", "/Users/1", null, List.of(), "{\"Operations\":[{\"op\":\"replace\","
        + "\"path\":\"password\",\"value\":\"" + SECRET + "\"}]}", 200, Duration.ZERO,
        Optional.empty());

    assertThat(recorder.requests()).hasSize(9);
    assertThat(recorder.toJson().toString()).doesNotContain(SECRET).contains("b@example.com");
  }

  @Test
  void neverKeepsSecretQueryParameters() {
    recorder.record("GET", "/Users", "access_token=" + SECRET + "&count=5", List.of(), null, 200,
        Duration.ZERO, Optional.empty());
    get("/Users?client_secret=" + SECRET);

    assertThat(recorder.requests().get(0).query())
        .containsExactly(Map.entry("access_token", "[REDACTED]"), Map.entry("count", "5"));
    assertThat(recorder.toJson().toString()).doesNotContain(SECRET);
  }

  @Test
  void dropsTheOldestRequests_beyondCapacity_stillCountingThem() {
    Recorder small = new Recorder(3);
    for (int i = 1; i <= 5; i++) {
      small.record("GET", "/Users/" + i, null, List.of(), null, 200, Duration.ZERO, Optional.empty());
    }

    assertThat(small.requests()).extracting(RecordedRequest::path)
        .containsExactly("/Users/3", "/Users/4", "/Users/5");
    assertThat(small.dropped()).isEqualTo(2);
    assertThat(small.count("GET", "/Users/{id}")).isEqualTo(5);
    assertThat(small.toJson()).hasSize(3);
    assertThat(small.capacity()).isEqualTo(3);
  }

  @Test
  void cutsVeryLongBodies_afterRedacting() {
    Recorder tight = new Recorder(10, 40, Clock.systemUTC());
    String body = "{\"password\":\"" + SECRET + "\",\"padding\":\"" + "x".repeat(100) + "\"}";

    RecordedRequest recorded = tight.record("POST", "/Users", null, List.of(), body, 201,
        Duration.ZERO, Optional.empty());

    String redacted = Redaction.body(body);
    assertThat(recorded.body()).isEqualTo(
        redacted.substring(0, 40) + "...[cut " + (redacted.length() - 40) + " chars]");
    assertThat(recorded.body()).startsWith("{\"password\":\"[REDACTED]\",\"padding\":\"")
        .doesNotContain(SECRET);
  }

  @Test
  void forgetsEverythingOnReset_butKeepsNumbering() {
    get("/Users/1");
    get("/Users/2");

    recorder.reset();
    RecordedRequest after = get("/Users/3");

    assertThat(recorder.requests()).containsExactly(after);
    assertThat(after.sequence()).isEqualTo(3);
    assertThat(recorder.counters()).containsExactly(Map.entry("GET /Users/{id}", 1L));
    assertThat(recorder.dropped()).isZero();
  }

  @Test
  void ignoresRequestsThatArrivedBeforeAReset() {
    Recorder.Arrival straggler = recorder.arrive();
    recorder.reset();

    recorder.record(straggler, "GET", "/Users", null, List.of(), null, 200, Optional.empty());

    assertThat(recorder.requests()).isEmpty();
    assertThat(recorder.counters()).isEmpty();
  }

  @Test
  void resetsDroppedCount() {
    Recorder small = new Recorder(1);
    small.record("GET", "/Users", null, List.of(), null, 200, Duration.ZERO, Optional.empty());
    small.record("GET", "/Users", null, List.of(), null, 200, Duration.ZERO, Optional.empty());
    assertThat(small.dropped()).isEqualTo(1);

    small.reset();

    assertThat(small.dropped()).isZero();
    assertThat(small.requests()).isEmpty();
  }

  @Test
  void recordsEveryRequestOnce_underConcurrentRecording() {
    Recorder shared = new Recorder(1_000_000);
    int threads = 8;
    int perThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<CompletableFuture<Void>> futures = IntStream.range(0, threads)
          .mapToObj(t -> CompletableFuture.runAsync(() -> {
            awaitQuietly(start);
            for (int i = 0; i < perThread; i++) {
              Recorder.Arrival arrival = shared.arrive();
              shared.record(arrival, "PATCH", "/Groups/" + t + "-" + i, null,
                  List.of(Map.entry("Authorization", "Bearer " + SECRET)), null, 204,
                  Optional.empty());
            }
          }, pool))
          .toList();
      start.countDown();
      futures.forEach(CompletableFuture::join);

      List<RecordedRequest> all = shared.requests();
      assertThat(all).hasSize(threads * perThread);
      assertThat(all).extracting(RecordedRequest::sequence).isSorted().doesNotHaveDuplicates();
      assertThat(shared.count("PATCH", "/Groups/{id}")).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void neverHoldsMoreThanCapacity_underConcurrentRecording() {
    Recorder small = new Recorder(100);
    int threads = 8;
    int perThread = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> futures = IntStream.range(0, threads)
          .mapToObj(t -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < perThread; i++) {
              small.record("GET", "/Users", null, List.of(), null, 200, Duration.ZERO,
                  Optional.empty());
            }
          }, pool))
          .toList();
      futures.forEach(CompletableFuture::join);

      assertThat(small.requests()).hasSize(100);
      assertThat(small.dropped()).isEqualTo(threads * perThread - 100);
      assertThat(small.count("GET", "/Users")).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
