package io.scimsync.app.sync;

import io.scimsync.app.metrics.SyncMetrics;
import io.scimsync.app.provider.ProviderSettings;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.InMemoryChangeFeed;
import io.scimsync.domain.port.InMemoryConnectionStore;
import io.scimsync.domain.port.InMemoryDirectoryStore;
import io.scimsync.domain.port.InMemorySyncLog;
import io.scimsync.domain.port.InMemorySyncStateStore;
import io.scimsync.domain.port.SyncStateStore;
import io.scimsync.testkit.FakeScimServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Provider actors over the in-memory ports, talking real HTTP to scim-testkit servers: the
 * actors' behaviour without a database.
 */
final class SyncHarness implements AutoCloseable {
  final InMemoryChangeFeed feed = new InMemoryChangeFeed();
  final List<String> providers = new CopyOnWriteArrayList<>();
  final InMemoryDirectoryStore directory = new InMemoryDirectoryStore(feed, () -> providers);
  final InMemoryConnectionStore connections = new InMemoryConnectionStore();
  final InMemorySyncLog log = new InMemorySyncLog();
  final InMemorySyncStateStore state = new InMemorySyncStateStore(directory, connections, feed,
      log);
  final ExecutorService db = Executors.newFixedThreadPool(4);
  final SyncMetrics metrics = new SyncMetrics();
  final SyncServices services;
  final ActorTestKit testKit;
  private final List<ActorRef<ProviderActor.Command>> actors = new CopyOnWriteArrayList<>();

  SyncHarness(ActorTestKit testKit, UnaryOperator<SyncServices.Timings> timings) {
    this(testKit, timings, UnaryOperator.identity());
  }

  /** @param store wraps the state store the actors use (to make it fail, say) */
  SyncHarness(ActorTestKit testKit, UnaryOperator<SyncServices.Timings> timings,
              UnaryOperator<SyncStateStore> store) {
    this.testKit = testKit;
    this.services = new SyncServices(directory, connections, feed, log, store.apply(state), db,
        Clock.systemUTC(),
        metrics, timings.apply(SyncServices.Timings.defaults()
            .withRetry(Duration.ofMillis(50), Duration.ofMillis(400))
            .withLease(Duration.ofSeconds(30))
            .withPoll(Duration.ofMillis(50))));
  }

  /** A provider of the given profile pointing at the server, its actor started. */
  Provider start(String name, FakeScimServer server, String compatibilityMode,
                 Map<String, Object> extra) {
    Map<String, Object> json = new java.util.HashMap<>(Map.of("baseUrl", server.baseUrl(),
        "auth", Map.of("type", "none"), "compatibilityMode", compatibilityMode));
    json.putAll(extra);
    ProviderSettings settings = ProviderSettings.parse(name, json, true);
    ProviderRuntime runtime = ProviderRuntime.create(settings, testKit.system(),
        metrics.journal(), Duration.ofSeconds(2), Duration.ofSeconds(5), 64);
    return start(runtime);
  }

  Provider start(ProviderRuntime runtime) {
    if (!providers.contains(runtime.name())) {
      providers.add(runtime.name());
    }
    ProviderGauges gauges = new ProviderGauges();
    ActorRef<ProviderActor.Command> actor = testKit.spawn(
        ProviderActor.create(runtime, services, gauges));
    actors.add(actor);
    return new Provider(runtime, actor, gauges);
  }

  record Provider(ProviderRuntime runtime, ActorRef<ProviderActor.Command> actor,
                  ProviderGauges gauges) {
    String name() {
      return runtime.name();
    }
  }

  /** Converged: nothing dirty, nothing in flight. */
  void awaitConverged(Provider provider, Duration within) {
    testKit.createTestProbe().awaitAssert(within, Duration.ofMillis(20), () -> {
      provider.actor().tell(ProviderActor.Wake.INSTANCE);
      if (feed.pending(provider.name()) != 0 || provider.gauges().inFlight() != 0) {
        throw new AssertionError("pending " + feed.pending(provider.name()) + ", in flight "
            + provider.gauges().inFlight());
      }
      return null;
    });
  }

  static LocalUser user(String id) {
    return new LocalUser(id, id + "@example.com", Optional.of("User " + id), Optional.of("User"),
        Optional.of(id), Optional.of(id + "@example.com"), true, Map.of());
  }

  static LocalUser renamed(String id, String displayName) {
    return new LocalUser(id, id + "@example.com", Optional.of(displayName), Optional.of("User"),
        Optional.of(id), Optional.of(id + "@example.com"), true, Map.of());
  }

  static Set<String> ids(String prefix, int count) {
    Set<String> ids = new java.util.TreeSet<>();
    for (int i = 0; i < count; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  @Override
  public void close() {
    actors.forEach(testKit::stop);
    db.shutdownNow();
  }
}
