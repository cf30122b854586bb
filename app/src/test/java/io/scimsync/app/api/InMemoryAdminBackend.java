package io.scimsync.app.api;

import io.scimsync.app.InvalidFieldException;
import io.scimsync.app.provider.ProviderSettings;
import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.InMemoryChangeFeed;
import io.scimsync.domain.port.InMemoryDirectoryStore;
import io.scimsync.domain.port.PutResult;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Stands in for the daemon behind the admin routes: the directory is the domain's in-memory
 * store; providers are a map; status, plan, reconcile and health are fixed values shaped like
 * the daemon's. Completes every call on another thread, as the daemon does, so failures arrive
 * wrapped in a CompletionException.
 */
final class InMemoryAdminBackend implements AdminBackend {
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final String METRICS = "# HELP scimsync_pending Dirty objects not yet synced.\n"
      + "# TYPE scimsync_pending gauge\n"
      + "scimsync_pending{provider=\"acme\"} 3.0\n";

  private final Map<String, ProviderSettings> providers = new TreeMap<>();
  private final Set<String> reconciling = new HashSet<>();
  final InMemoryChangeFeed feed = new InMemoryChangeFeed();
  final InMemoryDirectoryStore store = new InMemoryDirectoryStore(feed, this::providerNames);

  private volatile boolean databaseUp = true;
  private volatile RuntimeException failure;
  private volatile boolean throwSynchronously;

  /** From now on every call fails with this, as a stage failure. */
  void failWith(RuntimeException e) {
    this.failure = e;
  }

  /** From now on every call throws this instead of returning a stage: a broken backend. */
  void throwWith(RuntimeException e) {
    this.failure = e;
    this.throwSynchronously = true;
  }

  void databaseUp(boolean up) {
    this.databaseUp = up;
  }

  private synchronized List<String> providerNames() {
    return List.copyOf(providers.keySet());
  }

  private <T> CompletionStage<T> async(Supplier<T> work) {
    RuntimeException e = failure;
    if (e != null && throwSynchronously) {
      throw e;
    }
    return CompletableFuture.supplyAsync(() -> {
      if (e != null) {
        throw e;
      }
      return work.get();
    });
  }

  @Override
  public CompletionStage<Optional<LocalUser>> findUser(String id) {
    return async(() -> store.findUser(id));
  }

  @Override
  public CompletionStage<PutResult> putUser(LocalUser user) {
    return async(() -> store.putUser(user));
  }

  @Override
  public CompletionStage<Boolean> deleteUser(String id) {
    return async(() -> store.deleteUser(id));
  }

  @Override
  public CompletionStage<Optional<LocalGroup>> findGroup(String id) {
    return async(() -> store.findGroup(id));
  }

  /** Unknown members fail with the store's plain IllegalArgumentException, unlike the daemon. */
  @Override
  public CompletionStage<PutResult> putGroup(LocalGroup group) {
    return async(() -> store.putGroup(group));
  }

  @Override
  public CompletionStage<Boolean> deleteGroup(String id) {
    return async(() -> store.deleteGroup(id));
  }

  @Override
  public CompletionStage<Optional<LocalGroup>> changeMembers(String groupId, Set<String> add,
                                                             Set<String> remove) {
    return async(() -> store.changeMembers(groupId, add, remove));
  }

  @Override
  public CompletionStage<Boolean> putProvider(ProviderSettings settings) {
    return async(() -> {
      synchronized (this) {
        ProviderSettings previous = providers.get(settings.name());
        ProviderSettings merged = settings.withSecretIfAbsent(
            previous == null ? Optional.empty() : previous.secret());
        if (merged.secret().isEmpty() && !merged.authType().equals("none")) {
          throw new InvalidFieldException("auth." + merged.secretField(), "is required");
        }
        providers.put(settings.name(), merged);
        return previous == null;
      }
    });
  }

  @Override
  public CompletionStage<Optional<ProviderSettings>> findProvider(String name) {
    return async(() -> provider(name));
  }

  private synchronized Optional<ProviderSettings> provider(String name) {
    return Optional.ofNullable(providers.get(name));
  }

  @Override
  public CompletionStage<Boolean> deleteProvider(String name) {
    return async(() -> {
      synchronized (this) {
        reconciling.remove(name);
        return providers.remove(name) != null;
      }
    });
  }

  @Override
  public CompletionStage<Optional<ProviderStatus>> status(String name) {
    return async(() -> provider(name).map(p -> new ProviderStatus(name, 3, 1, 10, 2,
        List.of(new ProviderStatus.Failed("user", "u9", "409 uniqueness: userName taken",
            Optional.of(409), 2, Optional.of(NOW.plusSeconds(30)))),
        Optional.of(new ProviderStatus.ReconcileRun(7, NOW.minusSeconds(60), Optional.empty(),
            Optional.empty())),
        true, Optional.empty(), "running", p.dryRun())));
  }

  @Override
  public CompletionStage<Optional<ReconcileAccepted>> reconcile(String name) {
    return async(() -> {
      synchronized (this) {
        if (!providers.containsKey(name)) {
          return Optional.empty();
        }
        return Optional.of(new ReconcileAccepted(name, !reconciling.add(name)));
      }
    });
  }

  @Override
  public CompletionStage<Optional<Plan>> plan(String name) {
    return async(() -> provider(name).map(p -> new Plan(name, List.of(new Plan.PlannedRequest(
        "user 'u1'", "POST", "/Users", Optional.of(Map.of("userName", "alice")))), 1, false, 2, Optional.empty())));
  }

  @Override
  public CompletionStage<Health> health() {
    return async(() -> {
      Map<String, String> states = new TreeMap<>();
      providerNames().forEach(name -> states.put(name, "ok"));
      return new Health(databaseUp, databaseUp ? "ok" : "connection refused", states);
    });
  }

  @Override
  public String metrics() {
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
    return METRICS;
  }
}
