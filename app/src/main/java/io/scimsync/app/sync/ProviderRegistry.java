package io.scimsync.app.sync;

import io.scimsync.app.provider.ProviderSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running providers: starts, replaces and stops their actors at run time, one change at a
 * time per provider (a replacement waits for the old actor to finish its in-flight objects, so
 * two actors never work one provider). The guardian only spawns ({@link SpawnProtocol}).
 */
public final class ProviderRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

  /** A running provider. */
  public record Entry(ProviderRuntime runtime, ActorRef<ProviderActor.Command> actor,
                      ProviderGauges gauges) {}

  /** Builds a provider's runtime; the daemon's builds a Pekko HTTP transport. */
  @FunctionalInterface
  public interface RuntimeFactory {
    ProviderRuntime create(ProviderSettings settings);
  }

  private final ActorSystem<SpawnProtocol.Command> system;
  private final SyncServices services;
  private final RuntimeFactory runtimes;
  private final Map<String, Entry> running = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Done>> changes = new ConcurrentHashMap<>();
  private final AtomicLong incarnation = new AtomicLong();

  public ProviderRegistry(ActorSystem<SpawnProtocol.Command> system, SyncServices services,
                          RuntimeFactory runtimes) {
    this.system = system;
    this.services = services;
    this.runtimes = runtimes;
  }

  /** Starts the provider, replacing (after stopping) a running one of the same name. */
  public CompletionStage<Done> start(ProviderSettings settings) {
    return change(settings.name(), () -> stopNow(settings.name()).thenCompose(d -> spawn(settings)));
  }

  /**
   * Stops the provider, applies {@code change} (a store write), then starts what {@code load}
   * finds stored; one change per provider at a time, so two overlapping API calls cannot
   * interleave. The provider is started again even when the change fails.
   */
  public <T> CompletionStage<T> changeStored(
      String name, java.util.function.Supplier<CompletionStage<T>> change,
      java.util.function.Supplier<CompletionStage<Optional<ProviderSettings>>> load) {
    CompletableFuture<T> changed = new CompletableFuture<>();
    CompletionStage<Done> restarted = change(name, () -> stopNow(name)
        .thenCompose(d -> change.get())
        .handle((value, error) -> {
          if (error != null) {
            changed.completeExceptionally(error);
          } else {
            changed.complete(value);
          }
          return Done.getInstance();
        })
        .thenCompose(d -> load.get())
        .thenCompose(stored -> stored.isPresent() ? spawn(stored.get())
            : CompletableFuture.completedFuture(Done.getInstance())));
    // answered once the provider runs again: a status asked right after sees it
    return restarted.handle((d, e) -> Done.getInstance()).thenCompose(d -> changed);
  }

  /** Stops the provider's actor; done at once if none runs. */
  public CompletionStage<Done> stop(String name) {
    return change(name, () -> stopNow(name));
  }

  public CompletionStage<Done> stopAll() {
    return CompletableFuture.allOf(names().stream()
            .map(name -> stop(name).toCompletableFuture()).toArray(CompletableFuture[]::new))
        .thenApply(v -> Done.getInstance());
  }

  public Optional<Entry> get(String name) {
    return Optional.ofNullable(running.get(name));
  }

  public Set<String> names() {
    return new TreeSet<>(running.keySet());
  }

  /** The change feed has something for the provider (a notification). */
  public void wake(String name) {
    Entry entry = running.get(name);
    if (entry != null) {
      entry.actor().tell(ProviderActor.Wake.INSTANCE);
    }
  }

  public void wakeAll() {
    running.values().forEach(e -> e.actor().tell(ProviderActor.Wake.INSTANCE));
  }

  private synchronized CompletionStage<Done> change(String name,
                                                     java.util.function.Supplier<CompletionStage<Done>> action) {
    CompletableFuture<Done> previous = changes.getOrDefault(name,
        CompletableFuture.completedFuture(Done.getInstance()));
    CompletableFuture<Done> next = previous.handle((d, e) -> Done.getInstance())
        .thenCompose(d -> action.get());
    changes.put(name, next);
    return next;
  }

  private CompletionStage<Done> stopNow(String name) {
    Entry entry = running.remove(name);
    if (entry == null) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    services.metrics().removeProvider(name);
    Duration timeout = services.timings().stopTimeout().plusSeconds(10);
    return AskPattern.<ProviderActor.Command, Done>ask(entry.actor(), ProviderActor.Stop::new,
            timeout, system.scheduler())
        .handleAsync((done, error) -> {
          if (error == null) {
            return done;
          }
          LOG.warn("provider {}: did not stop within {}: {}", name, timeout, error.toString());
          return Done.getInstance();
        }, Runnable::run);
  }

  private CompletionStage<Done> spawn(ProviderSettings settings) {
    ProviderRuntime runtime;
    try {
      runtime = runtimes.create(settings);
    } catch (RuntimeException e) {
      LOG.error("provider {}: cannot start: {}", settings.name(), e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    ProviderGauges gauges = new ProviderGauges();
    String actorName = "provider-" + settings.name() + "-" + incarnation.incrementAndGet();
    return AskPattern.<SpawnProtocol.Command, ActorRef<ProviderActor.Command>>ask(system,
            replyTo -> new SpawnProtocol.Spawn<>(ProviderActor.create(runtime, services, gauges),
                actorName, Props.empty(), replyTo),
            Duration.ofSeconds(10), system.scheduler())
        .thenApplyAsync(actor -> {
          running.put(settings.name(), new Entry(runtime, actor, gauges));
          services.metrics().providerGauges(settings.name(), gauges,
              g -> g.pending(), g -> g.inFlight(),
              g -> runtime.throttle().map(t -> (double) t.waiting()).orElse(0.0),
              g -> runtime.throttle().flatMap(t -> t.pausedUntil()).isPresent() ? 1 : 0);
          return Done.getInstance();
        }, Runnable::run);
  }
}
