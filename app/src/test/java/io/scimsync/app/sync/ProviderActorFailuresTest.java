package io.scimsync.app.sync;

import static io.scimsync.app.sync.SyncHarness.renamed;
import static io.scimsync.app.sync.SyncHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.UnencodableRequestException;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.ObjectSnapshot;
import io.scimsync.domain.port.ScimTransport;
import io.scimsync.domain.port.SyncStateStore;
import io.scimsync.domain.port.SyncStatus;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.store.ResourceStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sync core under failures: slow runs, requests that cannot be sent, database errors. */
class ProviderActorFailuresTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private final List<FakeScimServer> servers = new ArrayList<>();
  private SyncHarness h;

  @AfterEach
  void stop() {
    servers.forEach(FakeScimServer::stop);
    if (h != null) {
      h.close();
    }
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

  private static String displayName(FakeScimServer server, Connection link) {
    return server.store().get(ResourceStore.Kind.USERS, link.remoteId().orElseThrow())
        .path("displayName").asText();
  }

  /** Holds the reply to the first request {@code matching} until the test lets it go. */
  private static final class Gate implements ScimTransport {
    final ScimTransport real;
    final String method;
    final CompletableFuture<Void> sent = new CompletableFuture<>();
    final CompletableFuture<Void> release = new CompletableFuture<>();
    private final AtomicInteger seen = new AtomicInteger();

    Gate(ScimTransport real, String method) {
      this.real = real;
      this.method = method;
    }

    @Override
    public CompletionStage<ScimReply> execute(ScimRequest request) {
      CompletionStage<ScimReply> reply = real.execute(request);
      if (!request.method().name().equals(method) || seen.getAndIncrement() > 0) {
        return reply;
      }
      sent.complete(null);
      return reply.thenCombine(release, (answer, go) -> answer);
    }
  }

  @Test
  void aRunLongerThanItsLease_keepsItsClaim_andAChangeMadeMeanwhileIsNotLost() {
    Duration lease = Duration.ofMillis(600);
    h = new SyncHarness(KIT, t -> t.withLease(lease));
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    h.directory.putUser(user("u1"));
    SyncHarness.Provider plain = h.start("p", server, "default", Map.of());
    h.awaitConverged(plain, CONVERGE);
    KIT.stop(plain.actor());
    Gate gate = new Gate(plain.runtime().transport(), "PATCH");
    SyncHarness.Provider gated = h.start(new ProviderRuntime(plain.runtime().settings(), gate,
        plain.runtime().throttle(), plain.runtime().capabilities()));

    h.directory.putUser(renamed("u1", "first"));
    gate.sent.orTimeout(30, TimeUnit.SECONDS).join();
    h.directory.putUser(renamed("u1", "second"));
    Instant expired = Instant.now().plus(lease.multipliedBy(3));
    KIT.createTestProbe().awaitAssert(CONVERGE, () -> {
      assertThat(Instant.now()).as("the run has outlived its lease").isAfter(expired);
      return null;
    });
    gate.release.complete(null);
    h.awaitConverged(gated, CONVERGE);

    Connection link = h.connections.find("p", ObjectRef.user("u1")).orElseThrow();
    assertThat(displayName(server, link)).isEqualTo("second");
    assertThat(link.status()).isEqualTo(SyncStatus.SYNCED);
  }

  @Test
  void aRequestThatCannotBeEncoded_failsItsObjectOnly_andTheProviderGoesOn() {
    h = new SyncHarness(KIT, t -> t);
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    SyncHarness.Provider plain = h.start("p", server, "default", Map.of());
    KIT.stop(plain.actor());
    ScimTransport real = plain.runtime().transport();
    ScimTransport refusing = request -> {
      if (request.body().map(b -> b.toString().contains("bad@example.com")).orElse(false)) {
        throw new UnencodableRequestException(request, "nested too deep (more than 1000 levels)",
            null);
      }
      return real.execute(request);
    };
    SyncHarness.Provider p = h.start(new ProviderRuntime(plain.runtime().settings(), refusing,
        plain.runtime().throttle(), plain.runtime().capabilities()));
    h.directory.putUser(user("bad"));
    h.directory.putUser(user("good"));

    h.awaitConverged(p, CONVERGE);

    Connection bad = h.connections.find("p", ObjectRef.user("bad")).orElseThrow();
    assertThat(bad.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(bad.lastError()).hasValueSatisfying(e -> assertThat(e)
        .contains("cannot send POST /Users for user 'bad'").contains("nested too deep"));
    assertThat(h.connections.find("p", ObjectRef.user("good")).orElseThrow().status())
        .isEqualTo(SyncStatus.SYNCED);
    h.directory.putUser(user("later"));
    h.awaitConverged(p, CONVERGE);
    assertThat(h.connections.find("p", ObjectRef.user("later")).orElseThrow().status())
        .as("the provider still runs").isEqualTo(SyncStatus.SYNCED);
  }

  /** A state store whose first calls fail as a database outage would. */
  private static final class Outage implements SyncStateStore {
    final SyncStateStore real;
    final AtomicInteger snapshotsToFail;
    final AtomicInteger commitsToFail;

    Outage(SyncStateStore real, int snapshots, int commits) {
      this.real = real;
      this.snapshotsToFail = new AtomicInteger(snapshots);
      this.commitsToFail = new AtomicInteger(commits);
    }

    @Override
    public Map<ObjectRef, ObjectSnapshot> snapshot(String provider,
                                                   Collection<ObjectRef> objects) {
      if (snapshotsToFail.getAndDecrement() > 0) {
        throw new IllegalStateException("connection refused (the database is down)");
      }
      return real.snapshot(provider, objects);
    }

    @Override
    public List<Outcome> commit(List<ObjectCommit> commits) {
      if (commitsToFail.getAndDecrement() > 0) {
        throw new IllegalStateException("connection refused (the database is down)");
      }
      return real.commit(commits);
    }
  }

  @Test
  void databaseErrors_whileReadingOrStoring_delayObjectsBySeconds_notByTheirLease() {
    // the lease is long: an object whose claim waited for it would not converge in time
    h = new SyncHarness(KIT, t -> t.withLease(Duration.ofMinutes(5)),
        state -> new Outage(state, 3, 3));
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    for (int i = 0; i < 5; i++) {
      h.directory.putUser(user("u" + i));
    }

    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, Duration.ofSeconds(20));

    assertThat(h.connections.countByStatus("p").get(SyncStatus.SYNCED)).isEqualTo(5);
    assertThat(server.recorder().count("POST", "/Users")).isEqualTo(5);
  }

  @Test
  void aStoredObjectThatCannotBeRead_failsAlone_andTheRestOfItsBatchSyncs() {
    h = new SyncHarness(KIT, t -> t, state -> new SyncStateStore() {
      @Override
      public Map<ObjectRef, ObjectSnapshot> snapshot(String provider,
                                                     Collection<ObjectRef> objects) {
        if (objects.contains(ObjectRef.user("deep"))) {
          throw new io.scimsync.domain.model.TooDeepException(128, "attributes.a.a");
        }
        return state.snapshot(provider, objects);
      }

      @Override
      public List<Outcome> commit(List<ObjectCommit> commits) {
        return state.commit(commits);
      }
    });
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    for (String id : List.of("a", "deep", "b", "c")) {
      h.directory.putUser(user(id));
    }

    SyncHarness.Provider p = h.start("p", server, "default", Map.of());
    h.awaitConverged(p, CONVERGE);

    assertThat(server.recorder().count("POST", "/Users")).isEqualTo(3);
    assertThat(h.connections.find("p", ObjectRef.user("deep"))).isEmpty();
    assertThat(h.log.recentOutcomes("p", 10)).anySatisfy(o -> {
      assertThat(o.object()).isEqualTo(ObjectRef.user("deep"));
      assertThat(o.detail()).contains("cannot read user 'deep'").contains("nested too deep");
    });
  }

  /**
   * A provider stopping (replaced by a settings change, or the daemon shutting down) with
   * requests waiting for their turn (a rate limit): those never leave, so their objects are given
   * back at once instead of holding their leases, and the stop does not wait for its timeout.
   */
  @Test
  void aStoppingProvider_givesBackObjectsWhoseRequestsWaitForTheirTurn_atOnce() {
    // a long lease and stop timeout: an object that held its claim would not be claimable
    h = new SyncHarness(KIT, t -> new SyncServices.Timings(t.poll(), Duration.ofMinutes(5),
        t.claimBatch(), t.retryBase(), t.retryMax(), t.reconcileInterval(),
        Duration.ofMinutes(2), t.deferMembers()));
    FakeScimServer server = server(ServerProfile.RFC);
    h.providers.add("p");
    for (String id : SyncHarness.ids("u", 5)) {
      h.directory.putUser(user(id));
    }
    SyncHarness.Provider template = h.start("p", server, "default", Map.of());
    KIT.stop(template.actor());
    QueueingTransport queueing = new QueueingTransport();
    ProviderRuntime runtime = new ProviderRuntime(template.runtime().settings(), queueing,
        template.runtime().throttle(), template.runtime().capabilities());
    SyncHarness.Provider p = h.start(runtime);
    KIT.createTestProbe().awaitAssert(CONVERGE, Duration.ofMillis(20), () -> {
      assertThat(queueing.waiting()).as("requests waiting for their turn").isEqualTo(5);
      return null;
    });

    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<org.apache.pekko.Done> stopped =
        KIT.createTestProbe();
    p.actor().tell(new ProviderActor.Stop(stopped.getRef()));
    stopped.expectMessageClass(org.apache.pekko.Done.class, Duration.ofSeconds(20));

    assertThat(h.feed.claim("p", 10, Duration.ofSeconds(30), Instant.now()))
        .as("claimable again at once").hasSize(5);
    assertThat(server.recorder().count("POST", "/Users")).isZero();
  }

  /** Holds every request as if it waited for a rate limit, until closed. */
  private static final class QueueingTransport implements ScimTransport {
    private final List<CompletableFuture<ScimReply>> queued =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<ScimReply> execute(ScimRequest request) {
      CompletableFuture<ScimReply> reply = new CompletableFuture<>();
      queued.add(reply);
      return reply;
    }

    @Override
    public void close() {
      queued.forEach(reply -> reply.complete(new ScimReply.NotDelivered(
          ScimReply.NotDelivered.Cause.NOT_SENT, "not sent: the provider is stopping")));
    }

    int waiting() {
      return (int) queued.stream().filter(f -> !f.isDone()).count();
    }
  }
}
