package io.scimsync.app.sync;

import static io.scimsync.app.sync.SyncHarness.ids;
import static io.scimsync.app.sync.SyncHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.app.api.ReconcileAccepted;
import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.ScimTransport;
import io.scimsync.domain.port.SyncStatus;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.record.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProviderActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private final List<FakeScimServer> servers = new ArrayList<>();
  private SyncHarness h;

  @BeforeEach
  void harness() {
    h = new SyncHarness(KIT, t -> t);
  }

  @AfterEach
  void stop() {
    servers.forEach(FakeScimServer::stop);
    h.close();
  }

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private FakeScimServer server(ServerProfile profile) {
    FakeScimServer server = FakeScimServer.start(profile);
    servers.add(server);
    return server;
  }

  @Test
  void initialSync_createsEveryUserBeforeAnyGroupRequest_andGroupsWithAllTheirMembers() {
    FakeScimServer server = server(ServerProfile.RFC);
    for (String id : ids("u", 30)) {
      h.directory.putUser(user(id));
    }
    h.directory.putGroup(LocalGroup.of("g1", "Engineering", ids("u", 20)));
    h.directory.putGroup(LocalGroup.of("g2", "Sales \"EMEA\"", Set.of("u25", "u26")));
    h.providers.add("p");
    h.directory.users(Optional.empty(), 1000).forEach(u -> h.feed.markDirty("p",
        ObjectRef.user(u.id())));
    h.feed.markDirty("p", List.of(ObjectRef.group("g1"), ObjectRef.group("g2")));

    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, CONVERGE);

    List<RecordedRequest> requests = server.requests();
    long lastUserPost = requests.stream().filter(r -> r.method().equals("POST")
        && r.path().endsWith("/Users")).mapToLong(RecordedRequest::sequence).max().orElseThrow();
    long firstGroupRequest = requests.stream().filter(r -> r.path().contains("/Groups"))
        .mapToLong(RecordedRequest::sequence).min().orElseThrow();
    assertThat(firstGroupRequest).isGreaterThan(lastUserPost);
    assertThat(server.recorder().count("POST", "/Users")).isEqualTo(30);
    assertThat(server.recorder().count("POST", "/Groups")).isEqualTo(2);
    // one membership PATCH per group: nothing was written twice
    assertThat(server.recorder().count("PATCH", "/Groups/{id}")).isEqualTo(2);
    assertThat(h.connections.countByStatus("p").get(SyncStatus.SYNCED)).isEqualTo(32);
    Connection g1 = h.connections.find("p", ObjectRef.group("g1")).orElseThrow();
    assertThat(g1.writtenMemberIds()).hasValueSatisfying(m -> assertThat(m).hasSize(20));
    assertThat(server.store().get(io.scimsync.testkit.store.ResourceStore.Kind.GROUPS,
        g1.remoteId().orElseThrow()).get("members")).hasSize(20);
  }

  @Test
  void thousandMembershipChangesToOneGroup_coalesceIntoAtMostElevenPatches_onAws() {
    FakeScimServer server = server(ServerProfile.AWS);
    h.providers.add("aws");
    for (String id : ids("u", 1000)) {
      h.directory.putUser(user(id));
    }
    h.directory.putGroup(LocalGroup.of("g", "Everyone", Set.of()));
    SyncHarness.Provider p = h.start("aws", server, "aws", Map.of("maxConcurrency", 16));
    h.awaitConverged(p, CONVERGE);
    server.recorder().reset();

    for (String id : ids("u", 1000)) {
      h.directory.changeMembers("g", Set.of(id), Set.of());
    }
    h.awaitConverged(p, CONVERGE);

    assertThat(server.recorder().count("PATCH", "/Groups/{id}"))
        .isBetween(10L, (long) Math.ceil(1000 / 100.0) + 1);
    String remoteId = h.connections.find("aws", ObjectRef.group("g")).orElseThrow().remoteId()
        .orElseThrow();
    assertThat(h.connections.find("aws", ObjectRef.group("g")).orElseThrow().writtenMemberIds())
        .hasValueSatisfying(m -> assertThat(m).hasSize(1000));
    assertThat(server.recorder().count("GET", "/Groups/{id}")).isZero();
    assertThat(remoteId).isNotBlank();
  }

  @Test
  void writesToOneRemoteObject_neverOverlap_whileChangesKeepArriving() {
    FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.RFC)
        .latency(Duration.ofMillis(15)).start();
    servers.add(server);
    h.providers.add("p");
    for (String id : ids("u", 40)) {
      h.directory.putUser(user(id));
    }
    for (String g : ids("g", 4)) {
      h.directory.putGroup(LocalGroup.of(g, "Group " + g, Set.of()));
    }
    SyncHarness.Provider p = h.start("p", server, "default", Map.of("maxConcurrency", 16));
    h.awaitConverged(p, CONVERGE);

    for (int round = 0; round < 10; round++) {
      for (String g : ids("g", 4)) {
        h.directory.changeMembers(g, Set.of("u" + (round * 4 + g.charAt(1) - '0')), Set.of());
      }
      h.directory.putUser(SyncHarness.renamed("u" + round, "Renamed " + round));
    }
    h.awaitConverged(p, CONVERGE);

    Map<String, List<RecordedRequest>> byPath = new HashMap<>();
    // a POST to the collection creates a new object each time: only writes to one object count
    server.requests().stream().filter(r -> !r.method().equals("GET") && !r.method().equals("POST"))
        .forEach(r -> byPath.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(r));
    byPath.forEach((path, requests) -> {
      for (int i = 1; i < requests.size(); i++) {
        Instant previousEnd = requests.get(i - 1).receivedAt()
            .plus(requests.get(i - 1).duration());
        assertThat(requests.get(i).receivedAt()).as("%s request %d overlaps the one before", path, i)
            .isAfterOrEqualTo(previousEnd);
      }
    });
    for (String g : ids("g", 4)) {
      assertThat(h.connections.find("p", ObjectRef.group(g)).orElseThrow().writtenMemberIds())
          .hasValueSatisfying(m -> assertThat(m).hasSize(10));
    }
  }

  @Test
  void rateLimitedProvider_pausesForItsRetryAfter_whileAnotherProviderConverges() {
    FakeScimServer limited = server(ServerProfile.RFC);
    FakeScimServer healthy = server(ServerProfile.RFC);
    h.providers.add("limited");
    h.providers.add("healthy");
    h.directory.putUser(user("warm"));
    SyncHarness.Provider slow = h.start("limited", limited, "default", Map.of());
    SyncHarness.Provider fast = h.start("healthy", healthy, "default", Map.of());
    h.awaitConverged(slow, CONVERGE);
    h.awaitConverged(fast, CONVERGE);
    limited.inject(Faults.on("POST", "/Users").status(429)
        .retryAfter(Duration.ofSeconds(2)).firstTimes(1));

    for (String id : ids("u", 60)) {
      h.directory.putUser(user(id));
    }
    h.awaitConverged(fast, CONVERGE);
    Instant healthyDone = Instant.now();
    h.awaitConverged(slow, CONVERGE);

    RecordedRequest refused = limited.requests().stream().filter(r -> r.status() == 429)
        .findFirst().orElseThrow();
    Instant pauseEnd = refused.receivedAt().plus(Duration.ofSeconds(2));
    // requests on the wire with the 429 may still arrive, and a few more whose slots were handed
    // on by replies handled before the 429's (a race between connections); the rest wait
    assertThat(limited.requests()).filteredOn(r -> r.sequence() > refused.sequence()
        && r.receivedAt().isBefore(pauseEnd.minusMillis(50))).hasSizeLessThanOrEqualTo(24);
    assertThat(limited.requests()).filteredOn(r -> !r.receivedAt().isBefore(pauseEnd))
        .hasSizeGreaterThanOrEqualTo(60 - 24);
    assertThat(healthyDone).as("the healthy provider did not wait for the other's pause")
        .isBefore(pauseEnd);
    assertThat(limited.recorder().count("POST", "/Users")).isEqualTo(62);
    assertThat(healthy.recorder().count("POST", "/Users")).isEqualTo(61);
  }

  @Test
  void crashedProviderActor_restarts_andLosesNothing_norDuplicatesAnything() {
    FakeScimServer server = server(ServerProfile.RFC);
    h = new SyncHarness(KIT, t -> t.withLease(Duration.ofMillis(500)));
    h.providers.add("p");
    for (String id : ids("u", 10)) {
      h.directory.putUser(user(id));
    }
    SyncHarness.Provider template = h.start("p", server, "default", Map.of());
    KIT.stop(template.actor());
    AtomicBoolean crashed = new AtomicBoolean();
    ScimTransport real = template.runtime().transport();
    ScimTransport crashingOnce = request -> {
      if (crashed.compareAndSet(false, true)) {
        throw new IllegalStateException("simulated defect in the transport");
      }
      return real.execute(request);
    };
    ProviderRuntime runtime = new ProviderRuntime(template.runtime().settings(), crashingOnce,
        template.runtime().throttle(), template.runtime().capabilities());

    SyncHarness.Provider p = h.start(runtime);
    h.awaitConverged(p, CONVERGE);

    assertThat(crashed).isTrue();
    assertThat(server.recorder().count("POST", "/Users")).isEqualTo(10);
    assertThat(server.store().size(io.scimsync.testkit.store.ResourceStore.Kind.USERS))
        .isEqualTo(10);
  }

  @Test
  void permanentFailure_isRecordedWithTheScimDetail_andRetriedOnlyWhenTheUserChanges() {
    FakeScimServer server = server(ServerProfile.RFC);
    server.inject(Faults.on("POST", "/Users").status(400).firstTimes(1));
    h.providers.add("p");
    h.directory.putUser(user("bad"));
    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, CONVERGE);

    Connection failed = h.connections.find("p", ObjectRef.user("bad")).orElseThrow();
    assertThat(failed.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("400"));
    assertThat(h.log.recentOutcomes("p", 10)).extracting(o -> o.kind())
        .contains(OutcomeKind.FAILED);
    p.actor().tell(ProviderActor.Wake.INSTANCE);
    h.awaitConverged(p, CONVERGE);
    assertThat(server.recorder().count("POST", "/Users")).isEqualTo(1);

    h.directory.putUser(SyncHarness.renamed("bad", "Fixed"));
    h.awaitConverged(p, CONVERGE);
    assertThat(server.recorder().count("POST", "/Users")).isEqualTo(2);
    assertThat(h.connections.find("p", ObjectRef.user("bad")).orElseThrow().status())
        .isEqualTo(SyncStatus.SYNCED);
  }

  @Test
  void transientFailures_areRetriedWithBackoff_untilTheObjectIsWritten() {
    FakeScimServer server = server(ServerProfile.RFC);
    // more 503s than the transport's own retries: the object goes back to the feed
    server.inject(Faults.on("POST", "/Users").status(503).firstTimes(6));
    h.providers.add("p");
    h.directory.putUser(user("flaky"));
    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, CONVERGE);

    assertThat(server.recorder().count("POST", "/Users")).isEqualTo(7);
    Connection c = h.connections.find("p", ObjectRef.user("flaky")).orElseThrow();
    assertThat(c.status()).isEqualTo(SyncStatus.SYNCED);
    assertThat(c.attempts()).isZero();
  }

  @Test
  void dryRun_sendsNothingMutating_butRecordsWhatItWouldSend_andConverges() {
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    h.directory.putUser(user("u1"));
    h.directory.putGroup(LocalGroup.of("g1", "Ops", Set.of("u1")));
    SyncHarness.Provider p = h.start("p", server, "default", Map.of("dryRun", true));
    h.awaitConverged(p, CONVERGE);

    assertThat(server.requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    assertThat(h.log.recentOutcomes("p", 10)).filteredOn(o -> o.kind() == OutcomeKind.DRY_RUN)
        .anySatisfy(o -> assertThat(o.detail()).contains("POST /Users"));
    assertThat(h.connections.countByStatus("p").values()).allSatisfy(n -> assertThat(n).isZero());
  }

  @Test
  void reconcile_adoptsExistingRemoteUsers_andRemovesRemoteObjectsOfDeletedUsers() {
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    h.directory.putUser(user("alice"));
    h.directory.putUser(user("bob"));
    SyncHarness.Provider first = h.start("p", server, "default", Map.of());
    h.awaitConverged(first, CONVERGE);
    KIT.stop(first.actor());
    // while no actor watched: a user created on the target by hand and locally, and one of ours
    // deleted locally, both changes lost (their feed entries taken away)
    com.fasterxml.jackson.databind.node.ObjectNode carol =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    carol.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
    carol.put("userName", "carol@example.com");
    String carolRemote = server.store().create(
        io.scimsync.testkit.store.ResourceStore.Kind.USERS, carol).get("id").asText();
    h.directory.putUser(user("carol"));
    String bobRemote = h.connections.find("p", ObjectRef.user("bob")).orElseThrow().remoteId()
        .orElseThrow();
    h.directory.deleteUser("bob");
    h.feed.claim("p", 10, Duration.ofSeconds(1), Instant.now()).forEach(h.feed::acknowledge);
    SyncHarness.Provider p = h.start(first.runtime());
    server.recorder().reset();

    TestProbe<ReconcileAccepted> reply = KIT.createTestProbe();
    p.actor().tell(new ProviderActor.RequestReconcile(Optional.of(reply.getRef())));
    assertThat(reply.receiveMessage().alreadyRunning()).isFalse();
    KIT.createTestProbe().awaitAssert(CONVERGE, () -> {
      assertThat(h.log.recentRuns("p", 1)).singleElement()
          .satisfies(run -> assertThat(run.finishedAt()).isPresent());
      return null;
    });

    assertThat(h.connections.find("p", ObjectRef.user("carol")).orElseThrow().remoteId())
        .contains(carolRemote);
    assertThat(server.recorder().count("POST", "/Users")).isZero();
    assertThat(server.requests()).anySatisfy(r -> {
      assertThat(r.method()).isEqualTo("DELETE");
      assertThat(r.path()).endsWith("/Users/" + bobRemote);
    });
    assertThat(h.connections.find("p", ObjectRef.user("bob"))).isEmpty();
    assertThat(h.log.recentRuns("p", 1).get(0).counts()).hasValueSatisfying(c -> {
      assertThat(c.adopted()).isEqualTo(1);
      assertThat(c.deleted()).isEqualTo(1);
    });
  }

  @Test
  void aGroupLeftWaitingForAMember_isWrittenAgain_whenThatMemberRunsAgain() {
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    h.directory.putUser(user("u1"));
    h.directory.putGroup(LocalGroup.of("g", "Ops", Set.of("u1")));
    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, CONVERGE);
    // as if the daemon died between storing u1's remote id and marking its groups: g was
    // written without u1 and waits for it
    Connection g = h.connections.find("p", ObjectRef.group("g")).orElseThrow();
    h.connections.save(new Connection("p", g.object(), g.remoteId(), g.writtenAttributes(),
        Optional.of(Set.of()), g.etag(), SyncStatus.WAITING, 0, Optional.empty(),
        Optional.empty(), java.util.OptionalInt.empty(), Instant.now()));
    server.recorder().reset();

    h.feed.markDirty("p", ObjectRef.user("u1"));
    h.awaitConverged(p, CONVERGE);

    assertThat(server.recorder().count("PATCH", "/Groups/{id}")).isEqualTo(1);
    assertThat(h.connections.find("p", ObjectRef.group("g")).orElseThrow().status())
        .isEqualTo(SyncStatus.SYNCED);
  }

  @Test
  void anObjectTheEngineCannotMap_failsPermanently_insteadOfComingBackForever() {
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    h.directory.putUser(new io.scimsync.domain.directory.LocalUser("poison", "poison",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true,
        Map.of("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            Map.of("manager", "bob"))));
    h.directory.putUser(user("fine"));
    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, CONVERGE);

    Connection poison = h.connections.find("p", ObjectRef.user("poison")).orElseThrow();
    assertThat(poison.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(poison.lastError()).hasValueSatisfying(e -> assertThat(e).contains("poison"));
    assertThat(h.connections.find("p", ObjectRef.user("fine")).orElseThrow().status())
        .isEqualTo(SyncStatus.SYNCED);
  }

  @Test
  void aUserDeletedAfterItsCreateFailed_leavesNoLinkBehind() {
    FakeScimServer server = server(ServerProfile.RFC);
    server.inject(Faults.on("POST", "/Users").status(400).always());
    h.providers.add("p");
    h.directory.putUser(user("doomed"));
    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, CONVERGE);
    assertThat(h.connections.failed("p", 10)).hasSize(1);

    h.directory.deleteUser("doomed");
    h.awaitConverged(p, CONVERGE);

    assertThat(h.connections.find("p", ObjectRef.user("doomed"))).isEmpty();
    assertThat(h.connections.failed("p", 10)).isEmpty();
  }

  @Test
  void aCreateWhoseAnswerWasNeverStored_isLookedUpAndAdopted_notSentTwice() {
    // a target that accepts duplicate names: only a lookup can prevent a second copy
    FakeScimServer server = server(ServerProfile.ENTRA_LIKE);
    com.fasterxml.jackson.databind.node.ObjectNode landed =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    landed.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
    landed.put("userName", "u1@example.com");
    String remoteId = server.store().create(io.scimsync.testkit.store.ResourceStore.Kind.USERS,
        landed).get("id").asText();
    h.providers.add("p");
    h.directory.putUser(user("u1"));
    // as the daemon left it when killed after sending the POST, before storing its answer
    h.connections.save(new io.scimsync.domain.port.Connection("p", ObjectRef.user("u1"),
        Optional.empty(), Map.of("userName", "u1@example.com"), Optional.empty(),
        Optional.empty(), io.scimsync.domain.port.SyncStatus.CREATE_SENT, 0, Optional.empty(),
        Optional.empty(), java.util.OptionalInt.empty(), Instant.now()));

    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, CONVERGE);

    assertThat(server.recorder().count("POST", "/Users")).isZero();
    assertThat(server.store().size(io.scimsync.testkit.store.ResourceStore.Kind.USERS))
        .isEqualTo(1);
    assertThat(h.connections.find("p", ObjectRef.user("u1")).orElseThrow().remoteId())
        .contains(remoteId);
  }

  @Test
  void transportThatFailsInsteadOfAnswering_countsAsALostConnection() {
    ScimTransport failing = request -> java.util.concurrent.CompletableFuture.failedFuture(
        new IllegalStateException("boom"));
    CompletionStage<ScimReply> reply = SafeTransport.execute(failing,
        io.scimsync.domain.engine.ScimRequest.get("/Users"));
    assertThat(reply.toCompletableFuture().join()).isInstanceOfSatisfying(
        ScimReply.NotDelivered.class, nd -> assertThat(nd.reason()).contains("boom"));
  }
}
