package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.engine.ReplyClass;
import io.scimsync.domain.engine.ReplyClassifier;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.UnencodableRequestException;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nesting limits on the wire: a reply nested deeper than {@code maxReplyDepth} (64 by default) is
 * {@code Unreadable} "reply nested too deep", however deep, so it never reaches the engine's
 * walkers; a request body the codec cannot encode fails the stage with an
 * {@link UnencodableRequestException} instead of throwing out of {@code execute}, and is not sent.
 */
class TransportDepthTest {
  static ActorSystem system;
  static FakeScimServer server;
  final List<JournalEntry> journal = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    system = ActorSystem.create("transport-depth-test");
    server = FakeScimServer.start(ServerProfile.RFC);
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
    return TransportSettings.of("test", URI.create(server.baseUrl()), new Authentication.None())
        .withRetry(RetryPolicy.never());
  }

  PekkoHttpScimTransport transport(TransportSettings settings) {
    return PekkoHttpScimTransport.create(settings, system, journal::add);
  }

  static ScimReply await(CompletionStage<ScimReply> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {65, 999, 10_000})
  void aDeeperGetOrListReply_isUnreadableReplyNestedTooDeep(int levels) {
    server.inject(Faults.on("GET", "/Users/*").deepJson(levels).always());
    server.inject(Faults.on("GET", "/Users").deepJson(levels).always());
    PekkoHttpScimTransport transport = transport(settings());

    for (ScimRequest request : List.of(ScimRequest.get("/Users/u-1"),
        ScimRequest.get("/Users", Map.of("filter", "userName eq \"deep\"")))) {
      ScimReply reply = await(transport.execute(request));

      assertThat(reply).as(request.describe()).isInstanceOfSatisfying(ScimReply.Unreadable.class,
          unreadable -> {
            assertThat(unreadable.status()).isEqualTo(200);
            assertThat(unreadable.reason()).isEqualTo("reply nested too deep (more than 64 levels)");
          });
      // a 2xx the engine cannot read: permanent, not retried
      assertThat(ReplyClassifier.classify(reply)).isEqualTo(ReplyClass.PERMANENT);
    }
    assertThat(journal).extracting(JournalEntry::detail).containsOnly(
        java.util.Optional.of("reply nested too deep (more than 64 levels)"));
  }

  @Test
  void aReplyNestingExactlyTheLimit_isRead() {
    server.inject(Faults.on("GET", "/Users/*").deepJson(64).always());

    ScimReply reply = await(transport(settings()).execute(ScimRequest.get("/Users/u-1")));

    assertThat(reply).isInstanceOf(ScimReply.Received.class);
  }

  @Test
  void theLimitIsConfigurable() {
    server.inject(Faults.on("GET", "/Users/*").deepJson(11).always());

    ScimReply reply = await(transport(settings().withMaxReplyDepth(10))
        .execute(ScimRequest.get("/Users/u-1")));

    assertThat(reply).isInstanceOfSatisfying(ScimReply.Unreadable.class, unreadable ->
        assertThat(unreadable.reason()).isEqualTo("reply nested too deep (more than 10 levels)"));
  }

  @Test
  void anUnencodableBody_failsTheStage_withoutThrowingOrSending() {
    // {"x": 10 objects deep} nests 11 levels: past a limit of 10 both ways
    ScimRequest patch = ScimRequest.patch("/Users/x", Map.of("x", objects(10)));
    PekkoHttpScimTransport transport = transport(settings().withMaxReplyDepth(10));

    CompletionStage<ScimReply> stage = transport.execute(patch);

    assertUnencodable(stage, "PATCH /Users/x: body cannot be encoded: nested too deep (more than 10 levels)");
    assertThat(server.requests()).isEmpty();
    assertThat(journal).isEmpty();
  }

  @Test
  void anUnencodableBody_failsTheStageInDryRunToo() {
    ScimRequest post = ScimRequest.post("/Users", Map.of("x", objects(10)));

    CompletionStage<ScimReply> stage = transport(settings().withMaxReplyDepth(10).withDryRun(true))
        .execute(post);

    assertUnencodable(stage, "POST /Users: body cannot be encoded: nested too deep (more than 10 levels)");
    assertThat(journal).isEmpty();
  }

  @Test
  void refusesALimitOutsideItsRange() {
    assertThatThrownBy(() -> settings().withMaxReplyDepth(7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxReplyDepth must be from 8 to 120, got 7");
    assertThatThrownBy(() -> settings().withMaxReplyDepth(121))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxReplyDepth must be from 8 to 120, got 121");
    assertThat(settings().maxReplyDepth()).isEqualTo(64);
  }

  /** {@code levels} objects inside each other, {"a": {"a": ... {}}}, built without recursion. */
  static Map<String, Object> objects(int levels) {
    Map<String, Object> value = Map.of();
    for (int i = 1; i < levels; i++) {
      value = Map.of("a", value);
    }
    return value;
  }

  static void assertUnencodable(CompletionStage<ScimReply> stage, String message) {
    CompletableFuture<ScimReply> future = stage.toCompletableFuture();
    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(UnencodableRequestException.class)
        .hasMessage(message);
  }
}
