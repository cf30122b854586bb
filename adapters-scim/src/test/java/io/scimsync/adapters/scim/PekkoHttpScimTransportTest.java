package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.engine.ReplyClass;
import io.scimsync.domain.engine.ReplyClassifier;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.record.RecordedRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against a real fake SCIM server on loopback. */
class PekkoHttpScimTransportTest {
  static final String TOKEN = "s3cr3t-token-value";
  static ActorSystem system;
  static FakeScimServer server;
  final List<JournalEntry> journal = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    system = ActorSystem.create("transport-test");
    server = FakeScimServer.builder().profile(ServerProfile.RFC).token(TOKEN).start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  TransportSettings settings() {
    return TransportSettings.of("test", URI.create(server.baseUrl()),
        new Authentication.Bearer(Secret.of(TOKEN)))
        .withRetry(new RetryPolicy(RetryPolicy.DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(5), Duration.ofMillis(50)));
  }

  PekkoHttpScimTransport transport(TransportSettings settings) {
    return PekkoHttpScimTransport.create(settings, system, journal::add);
  }

  static ScimReply await(java.util.concurrent.CompletionStage<ScimReply> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Map<String, Object> user(String userName) {
    return JsonValues.object("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
        "userName", userName, "active", true);
  }

  @Test
  void close_answersRequestsWaitingForTheirTurn_notSent_andSendsNothingMore() {
    // one write per minute: the first is sent, the others wait for a token
    PekkoHttpScimTransport transport = transport(settings()
        .withThrottle(ThrottleSettings.defaults().withWrites(1.0 / 60, 1)));
    ScimReply first = await(transport.execute(ScimRequest.post("/Users", user("first"))));
    var second = transport.execute(ScimRequest.post("/Users", user("second")));
    var third = transport.execute(ScimRequest.post("/Users", user("third")));
    assertThat(second.toCompletableFuture()).isNotDone();

    transport.close();

    for (var queued : List.of(second, third, transport.execute(ScimRequest.get("/Users")))) {
      assertThat(await(queued)).isInstanceOfSatisfying(ScimReply.NotDelivered.class,
          lost -> assertThat(lost.cause()).isEqualTo(ScimReply.NotDelivered.Cause.NOT_SENT));
    }
    assertThat(first).isInstanceOf(ScimReply.Received.class);
    assertThat(server.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(1);
  }

  @Test
  void roundTripsEveryMethod_withScimHeadersAndTheBodyRenderedExactly() {
    PekkoHttpScimTransport transport = transport(settings());

    ScimReply.Received created = (ScimReply.Received) await(transport.execute(
        ScimRequest.post("/Users", user("alice"))));
    assertThat(created.status()).isEqualTo(201);
    String id = (String) created.object().orElseThrow().get("id");
    assertThat(created.version()).isPresent();

    assertThat(((ScimReply.Received) await(transport.execute(ScimRequest.get("/Users/" + id))))
        .object().orElseThrow()).containsEntry("userName", "alice");
    assertThat(await(transport.execute(ScimRequest.put("/Users/" + id, user("alice2")))))
        .isInstanceOf(ScimReply.Received.class);
    assertThat(((ScimReply.Received) await(transport.execute(ScimRequest.patch("/Users/" + id,
        JsonValues.object("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            "Operations", List.of(JsonValues.object("op", "replace", "path", "active",
                "value", false))))))).status()).isEqualTo(200);
    ScimReply.Received deleted = (ScimReply.Received) await(transport.execute(
        ScimRequest.delete("/Users/" + id)));
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();

    RecordedRequest post = server.requests().get(0);
    assertThat(post.body()).isEqualTo(
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"alice\",\"active\":true}");
    assertThat(post.header("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/scim+json"));
    assertThat(post.header("Accept")).contains("application/scim+json");
    assertThat(post.header("User-Agent")).hasValueSatisfying(v -> assertThat(v).startsWith("scimsync/"));
    assertThat(server.requests()).extracting(RecordedRequest::method)
        .containsExactly("POST", "GET", "PUT", "PATCH", "DELETE");
  }

  @Test
  void joinsABaseUrlWithATrailingSlash_andEncodesQueryValues() {
    PekkoHttpScimTransport transport = transport(TransportSettings.of("test",
        URI.create(server.baseUrl() + "/"), new Authentication.Bearer(Secret.of(TOKEN))));
    await(transport.execute(ScimRequest.post("/Users", user("a b\"c"))));

    ScimReply.Received list = (ScimReply.Received) await(transport.execute(ScimRequest.get("/Users",
        Map.of("filter", "userName eq \"a b\\\"c\""))));

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.object().orElseThrow().get("totalResults")).isEqualTo(1);
    assertThat(server.requests().get(1).path()).isEqualTo("/Users");
  }

  @Test
  void mapsErrorReplies_toTheirClasses_withTheScimDetail() {
    PekkoHttpScimTransport transport = transport(settings());
    await(transport.execute(ScimRequest.post("/Users", user("alice"))));

    ScimReply conflict = await(transport.execute(ScimRequest.post("/Users", user("alice"))));
    ScimReply missing = await(transport.execute(ScimRequest.get("/Users/nope")));
    ScimReply invalid = await(transport.execute(ScimRequest.get("/Users", Map.of("filter", "userName eq alice"))));

    assertThat(ReplyClassifier.classify(conflict)).isEqualTo(ReplyClass.CONFLICT);
    assertThat(ReplyClassifier.classify(missing)).isEqualTo(ReplyClass.GONE);
    assertThat(ReplyClassifier.classify(invalid)).isEqualTo(ReplyClass.PERMANENT);
    assertThat(journal).anySatisfy(e -> assertThat(e.detail()).hasValueSatisfying(
        d -> assertThat(d).contains("nope")));
  }

  @Test
  void refusesAWrongToken_as401Permanent() {
    PekkoHttpScimTransport transport = transport(TransportSettings.of("test",
        URI.create(server.baseUrl()), new Authentication.Bearer(Secret.of("wrong"))));

    ScimReply reply = await(transport.execute(ScimRequest.get("/Users")));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.Received.class, r -> assertThat(r.status()).isEqualTo(401));
    assertThat(ReplyClassifier.classify(reply)).isEqualTo(ReplyClass.PERMANENT);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void sendsBasicCredentials() {
    try (FakeScimServer open = FakeScimServer.start(ServerProfile.RFC)) {
      PekkoHttpScimTransport transport = transport(TransportSettings.of("test",
          URI.create(open.baseUrl()), new Authentication.Basic("svc", Secret.of("pa55word"))));
      await(transport.execute(ScimRequest.get("/Users")));
      assertThat(open.requests().get(0).header("Authorization")).contains("Basic [REDACTED]");
    }
  }

  @Test
  void readsAnHtmlErrorPage_asAnInvalidResponseNamingStatusAndType() {
    server.inject(Faults.on("GET", "/Users").html(502).always());
    PekkoHttpScimTransport transport = transport(settings().withRetry(RetryPolicy.never()));

    ScimReply reply = await(transport.execute(ScimRequest.get("/Users")));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.Unreadable.class, u -> {
      assertThat(u.status()).isEqualTo(502);
      assertThat(u.contentType()).startsWith("text/html");
    });
    assertThat(ReplyClassifier.classify(reply)).isEqualTo(ReplyClass.TRANSIENT);
  }

  @Test
  void readsInvalidJsonOn200_asPermanentInvalidResponse() {
    server.inject(Faults.on("GET", "/Users").invalidJson().always());

    ScimReply reply = await(transport(settings()).execute(ScimRequest.get("/Users")));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.Unreadable.class,
        u -> assertThat(u.reason()).contains("not valid JSON"));
    assertThat(ReplyClassifier.classify(reply)).isEqualTo(ReplyClass.PERMANENT);
  }

  @Test
  void refusesA50MiBResponse_asTooLarge_withoutReadingItIntoMemory() {
    server.inject(Faults.on("GET", "/Users").hugeBody(50L << 20).always());
    Runtime runtime = Runtime.getRuntime();

    ScimReply reply = await(transport(settings()).execute(ScimRequest.get("/Users")));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.Unreadable.class,
        u -> assertThat(u.reason()).contains("response too large"));
    assertThat(ReplyClassifier.classify(reply)).isEqualTo(ReplyClass.PERMANENT);
    assertThat(runtime.totalMemory() - runtime.freeMemory()).isLessThan(runtime.maxMemory());
  }

  @Test
  void reportsATruncatedBody_asALostConnection() {
    server.inject(Faults.on("GET", "/Users").truncatedBody().always());

    ScimReply reply = await(transport(settings().withRetry(RetryPolicy.never()))
        .execute(ScimRequest.get("/Users")));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.NotDelivered.class,
        n -> assertThat(n.cause()).isEqualTo(ScimReply.NotDelivered.Cause.CONNECTION_LOST));
  }

  @Test
  void timesOut_onASlowServer() {
    server.inject(Faults.on("GET", "/Users").latency(Duration.ofSeconds(3)).always());
    PekkoHttpScimTransport transport = transport(settings().withRetry(RetryPolicy.never())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));

    ScimReply reply = await(transport.execute(ScimRequest.get("/Users")));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.NotDelivered.class,
        n -> assertThat(n.cause()).isEqualTo(ScimReply.NotDelivered.Cause.TIMEOUT));
  }

  @Test
  void retriesTransientFailures_untilTheyPass() {
    server.inject(Faults.on("GET", "/Users").status(503).firstTimes(2));

    ScimReply reply = await(transport(settings()).execute(ScimRequest.get("/Users")));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.Received.class, r -> assertThat(r.status()).isEqualTo(200));
    assertThat(server.requests()).hasSize(3);
    assertThat(journal).extracting(JournalEntry::attempt).containsExactly(1, 2, 3);
  }

  @Test
  void neverRetriesAPostThatReachedTheServer() {
    server.inject(Faults.on("POST", "/Users").status(503).firstTimes(1));

    ScimReply reply = await(transport(settings()).execute(ScimRequest.post("/Users", user("a"))));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.Received.class, r -> assertThat(r.status()).isEqualTo(503));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void retriesAPost_whenTheConnectionWasRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    PekkoHttpScimTransport transport = transport(TransportSettings.of("test",
        URI.create("http://127.0.0.1:" + closedPort + "/scim/v2"), new Authentication.None())
        .withRetry(new RetryPolicy(RetryPolicy.DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(5), Duration.ofMillis(20))));

    ScimReply reply = await(transport.execute(ScimRequest.post("/Users", user("a"))));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.NotDelivered.class,
        n -> assertThat(n.cause()).isEqualTo(ScimReply.NotDelivered.Cause.CONNECT_FAILED));
    assertThat(journal).hasSize(RetryPolicy.defaults().maxAttempts());
  }

  @Test
  void dryRun_sendsNoMutatingRequest_butStillReads() {
    PekkoHttpScimTransport transport = transport(settings().withDryRun(true));

    List<ScimReply> replies = new ArrayList<>();
    replies.add(await(transport.execute(ScimRequest.post("/Users", JsonValues.object(
        "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", "a",
        "password", "hunter2")))));
    replies.add(await(transport.execute(ScimRequest.put("/Users/x", user("a")))));
    replies.add(await(transport.execute(ScimRequest.patch("/Users/x", Map.of("Operations", List.of())))));
    replies.add(await(transport.execute(ScimRequest.delete("/Users/x"))));
    ScimReply read = await(transport.execute(ScimRequest.get("/Users")));

    assertThat(replies).allSatisfy(r -> assertThat(r).isInstanceOf(ScimReply.WithheldByDryRun.class));
    assertThat(read).isInstanceOf(ScimReply.Received.class);
    assertThat(server.requests()).extracting(RecordedRequest::method).containsExactly("GET");
    assertThat(journal.stream().filter(JournalEntry::dryRun)).hasSize(4)
        .first().satisfies(e -> {
          assertThat(e.method()).isEqualTo("POST");
          assertThat(e.url()).isEqualTo(server.baseUrl() + "/Users");
          assertThat(e.requestBody()).hasValueSatisfying(b ->
              assertThat(b).contains("\"userName\":\"a\"").doesNotContain("hunter2"));
        });
  }

  @Test
  void neverLogsOrJournalsASecret() {
    try (CapturedLogs logs = new CapturedLogs()) {
      PekkoHttpScimTransport transport = transport(settings().withJournalBodies(true));
      server.inject(Faults.on("GET", "/Users").status(503).firstTimes(1));
      await(transport.execute(ScimRequest.post("/Users", JsonValues.object(
          "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", "a",
          "password", "hunter2"))));
      await(transport.execute(ScimRequest.get("/Users")));
      await(transport(settings().withDryRun(true)).execute(ScimRequest.post("/Users", JsonValues.object(
          "userName", "b", "password", "hunter2"))));

      assertThat(logs.lines()).isNotEmpty();
      assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).containsAnyOf(TOKEN, "hunter2"));
      assertThat(journal).noneSatisfy(e -> assertThat(e.toString()).containsAnyOf(TOKEN, "hunter2"));
      assertThat(server.recorder().toJson().toString()).doesNotContain(TOKEN).doesNotContain("hunter2");
      assertThat(transport.settings().toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void a429_pausesEveryRequestWaitingForASlot_untilItsRetryAfter() {
    server.inject(Faults.on("POST", "/Users").status(429).retryAfter(Duration.ofSeconds(2))
        .firstTimes(1));
    PekkoHttpScimTransport transport = transport(settings().withThrottle(
        new ThrottleSettings(0, 1, 0, 1, 1)));
    List<CompletableFuture<ScimReply>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(transport.execute(ScimRequest.post("/Users", JsonValues.object(
          "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName",
          "u" + i))).toCompletableFuture());
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS)
        .join();

    List<RecordedRequest> requests = server.requests();
    RecordedRequest refused = requests.get(0);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(requests.subList(1, requests.size())).hasSize(4).allSatisfy(r ->
        assertThat(r.receivedAt()).isAfterOrEqualTo(refused.receivedAt().plusMillis(1900)));
  }

  @Test
  void a429_stopsNewRequestsWithinOneRoundOfTheConcurrencyCap() {
    PekkoHttpScimTransport transport = transport(settings().withThrottle(
        new ThrottleSettings(0, 1, 0, 1, 8)));
    List<CompletableFuture<ScimReply>> warm = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      warm.add(transport.execute(ScimRequest.get("/Users")).toCompletableFuture());
    }
    CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).join();
    server.inject(Faults.on("POST", "/Users").status(429).retryAfter(Duration.ofSeconds(2))
        .firstTimes(1));
    server.recorder().reset();
    List<CompletableFuture<ScimReply>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(transport.execute(ScimRequest.post("/Users", JsonValues.object(
          "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName",
          "w" + i))).toCompletableFuture());
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS)
        .join();

    List<RecordedRequest> requests = server.requests();
    RecordedRequest refused = requests.stream().filter(r -> r.status() == 429).findFirst()
        .orElseThrow();
    // the 7 others on the wire with it, and at most one more each: replies on other connections
    // that were handled before the 429 was may hand their slot on (the 429's own slot is never
    // handed on before the pause is set)
    assertThat(requests).filteredOn(r -> r.sequence() > refused.sequence()
        && r.receivedAt().isBefore(refused.receivedAt().plusMillis(1900)))
        .hasSizeLessThanOrEqualTo(14);
    assertThat(requests).filteredOn(r -> r.receivedAt().isAfter(refused.receivedAt()
        .plusMillis(1900))).hasSizeGreaterThanOrEqualTo(40 - 15);
  }

  @Test
  void holdsTheConcurrencyCap_under200ParallelCalls() {
    server.inject(Faults.onAny("/Users").latency(Duration.ofMillis(20)).always());
    PekkoHttpScimTransport transport = transport(settings().withThrottle(
        new ThrottleSettings(0, 1, 0, 1, 8)));
    List<CompletableFuture<ScimReply>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(transport.execute(ScimRequest.get("/Users")).toCompletableFuture());
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();

    assertThat(calls).allSatisfy(c -> assertThat(c.join()).isInstanceOf(ScimReply.Received.class));
    assertThat(maxOverlap(server.requests())).isLessThanOrEqualTo(8);
    // a slot is freed just after its reply is handed over (a 429 must pause first)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (transport.throttle().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(transport.throttle().inFlight()).isZero();
  }

  /** The largest number of recorded requests whose [arrival, arrival + duration] overlap. */
  static int maxOverlap(List<RecordedRequest> requests) {
    List<long[]> events = new ArrayList<>();
    for (RecordedRequest r : requests) {
      long start = r.receivedAt().toEpochMilli() * 1000 + r.receivedAt().getNano() / 1000 % 1000;
      long end = start + r.duration().toNanos() / 1000;
      events.add(new long[] {start, 1});
      events.add(new long[] {end, -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int current = 0;
    int max = 0;
    for (long[] event : events) {
      current += (int) event[1];
      max = Math.max(max, current);
    }
    return max;
  }

  static Optional<String> header(RecordedRequest request, String name) {
    return request.header(name);
  }
}
