package io.scimsync.app.sync;

import io.scimsync.adapters.persistence.ProviderRecord;
import io.scimsync.adapters.persistence.ProviderStore;
import io.scimsync.app.InvalidFieldException;
import io.scimsync.app.api.AdminBackend;
import io.scimsync.app.api.Health;
import io.scimsync.app.api.Plan;
import io.scimsync.app.api.ProviderStatus;
import io.scimsync.app.api.ReconcileAccepted;
import io.scimsync.app.provider.ProviderSettings;
import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.PutResult;
import io.scimsync.domain.port.Run;
import io.scimsync.domain.port.RunKind;
import io.scimsync.domain.port.SyncStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The admin API over the database and the provider actors. Directory writes go straight to the
 * store, whose change-feed marks commit with them; the actors hear of them by notification.
 */
public final class DaemonBackend implements AdminBackend {
  private static final Duration ASK = Duration.ofSeconds(5);
  private final SyncServices s;
  private final ProviderStore providers;
  private final ProviderRegistry registry;
  private final ActorSystem<?> system;
  private final BooleanSupplier databaseUp;
  private final String databaseDescription;

  public DaemonBackend(SyncServices services, ProviderStore providers, ProviderRegistry registry,
                       ActorSystem<?> system, BooleanSupplier databaseUp,
                       String databaseDescription) {
    this.s = services;
    this.providers = providers;
    this.registry = registry;
    this.system = system;
    this.databaseUp = databaseUp;
    this.databaseDescription = databaseDescription;
  }

  @Override
  public CompletionStage<Optional<LocalUser>> findUser(String id) {
    return s.onDb(() -> s.directory().findUser(id));
  }

  @Override
  public CompletionStage<PutResult> putUser(LocalUser user) {
    try {
      // what cannot be mapped to SCIM would fail at every provider, forever: refuse it here
      io.scimsync.domain.mapping.UserMapper.map(user,
          io.scimsync.domain.mapping.AttributeOverrides.none());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidFieldException("attributes",
          e.getMessage()));
    }
    return s.onDb(() -> s.directory().putUser(user));
  }

  @Override
  public CompletionStage<Boolean> deleteUser(String id) {
    return s.onDb(() -> s.directory().deleteUser(id));
  }

  @Override
  public CompletionStage<Optional<LocalGroup>> findGroup(String id) {
    return s.onDb(() -> s.directory().findGroup(id));
  }

  @Override
  public CompletionStage<PutResult> putGroup(LocalGroup group) {
    try {
      io.scimsync.domain.mapping.GroupMapper.map(group,
          io.scimsync.domain.mapping.AttributeOverrides.none());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidFieldException("attributes",
          e.getMessage()));
    }
    return s.onDb(() -> {
      try {
        return s.directory().putGroup(group);
      } catch (InvalidFieldException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("members", e.getMessage());
      }
    });
  }

  @Override
  public CompletionStage<Boolean> deleteGroup(String id) {
    return s.onDb(() -> s.directory().deleteGroup(id));
  }

  @Override
  public CompletionStage<Optional<LocalGroup>> changeMembers(String groupId, Set<String> add,
                                                             Set<String> remove) {
    return s.onDb(() -> {
      try {
        return s.directory().changeMembers(groupId, add, remove);
      } catch (InvalidFieldException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("add", e.getMessage());
      }
    });
  }

  @Override
  public CompletionStage<Boolean> putProvider(ProviderSettings settings) {
    String name = settings.name();
    // the store drops the links of a changed baseUrl and marks what must be written, in one
    // transaction; the actor is stopped around it so that no run of the old settings overlaps
    return registry.changeStored(name, () -> s.onDb(() -> {
      boolean created = providers.find(name).isEmpty();
      if (created && settings.secret().isEmpty() && !"none".equals(settings.authType())) {
        throw new InvalidFieldException("auth." + settings.secretField(),
            "is required for a new provider");
      }
      providers.put(settings.toRecord(s.clock().instant()), settings.secret());
      return created;
    }), () -> loadStored(name));
  }

  private CompletionStage<Optional<ProviderSettings>> loadStored(String name) {
    return s.onDb(() -> providers.find(name)
        .map(record -> ProviderSettings.fromRecord(record, providers.secret(name))));
  }

  /** Starts the stored provider with its stored secret. */
  public CompletionStage<Boolean> startStored(String name) {
    return loadStored(name)
        .thenCompose(found -> found.isEmpty() ? CompletableFuture.completedFuture(false)
            : registry.start(found.get()).thenApply(d -> true));
  }

  @Override
  public CompletionStage<Optional<ProviderSettings>> findProvider(String name) {
    return s.onDb(() -> providers.find(name).map(record -> ProviderSettings.fromRecord(record,
        providers.secret(name))));
  }

  @Override
  public CompletionStage<Boolean> deleteProvider(String name) {
    return registry.changeStored(name, () -> s.onDb(() -> providers.remove(name)),
        () -> CompletableFuture.completedFuture(Optional.empty()));
  }

  @Override
  public CompletionStage<Optional<ProviderStatus>> status(String name) {
    Optional<ProviderRegistry.Entry> entry = registry.get(name);
    CompletionStage<Optional<ProviderActor.LiveStatus>> live = entry.isEmpty()
        ? CompletableFuture.completedFuture(Optional.empty())
        : AskPattern.<ProviderActor.Command, ProviderActor.LiveStatus>ask(entry.get().actor(),
            ProviderActor.GetStatus::new, ASK, system.scheduler())
            // on the answering thread: Pekko's converted futures would start one per stage
            .thenApplyAsync(Optional::of, Runnable::run);
    return live.thenCompose(liveStatus -> s.onDb(() -> {
      Optional<ProviderRecord> record = providers.find(name);
      if (record.isEmpty()) {
        return Optional.<ProviderStatus>empty();
      }
      long pending = s.feed().pending(name);
      boolean preparing = liveStatus.map(ProviderActor.LiveStatus::reconcilePreparing)
          .orElse(false);
      Map<SyncStatus, Long> users = s.connections().countByStatus(name, ObjectKind.USER);
      Map<SyncStatus, Long> groups = s.connections().countByStatus(name, ObjectKind.GROUP);
      List<ProviderStatus.Failed> failed = s.connections().failed(name, 100).stream()
          .map(DaemonBackend::failed).toList();
      Optional<ProviderStatus.ReconcileRun> last = s.log().recentRuns(name, 10).stream()
          .filter(run -> run.kind() == RunKind.RECONCILE).findFirst()
          .map(DaemonBackend::reconcileRun);
      entry.ifPresent(e -> e.gauges().pending.set(pending));
      return Optional.of(new ProviderStatus(name,
          // a reconcile still discovering has work the change feed does not show yet
          pending + (preparing ? 1 : 0),
          liveStatus.map(ProviderActor.LiveStatus::inFlight).orElse(0),
          users.getOrDefault(SyncStatus.SYNCED, 0L), groups.getOrDefault(SyncStatus.SYNCED, 0L),
          failed, last, liveStatus.map(ProviderActor.LiveStatus::reconciling).orElse(false),
          liveStatus.flatMap(ProviderActor.LiveStatus::pausedUntil),
          liveStatus.map(ProviderActor.LiveStatus::state).orElse("stopped"),
          Boolean.TRUE.equals(record.get().settings().get("dryRun"))));
    }));
  }

  private static ProviderStatus.Failed failed(Connection c) {
    return new ProviderStatus.Failed(c.object().kind().name().toLowerCase(Locale.ROOT),
        c.object().localId(), c.lastError().orElse("failed"),
        c.lastErrorStatus().isPresent() ? Optional.of(c.lastErrorStatus().getAsInt())
            : Optional.empty(), c.attempts(), c.nextAttemptAt());
  }

  private static ProviderStatus.ReconcileRun reconcileRun(Run run) {
    return new ProviderStatus.ReconcileRun(run.id(), run.startedAt(), run.finishedAt(),
        run.counts().map(c -> {
          Map<String, Integer> m = new LinkedHashMap<>();
          m.put("created", c.created());
          m.put("updated", c.updated());
          m.put("deleted", c.deleted());
          m.put("unchanged", c.unchanged());
          m.put("failed", c.failed());
          m.put("adopted", c.adopted());
          return m;
        }));
  }

  @Override
  public CompletionStage<Optional<ReconcileAccepted>> reconcile(String name) {
    Optional<ProviderRegistry.Entry> entry = registry.get(name);
    if (entry.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return AskPattern.<ProviderActor.Command, ReconcileAccepted>ask(entry.get().actor(),
            replyTo -> new ProviderActor.RequestReconcile(Optional.of(replyTo)), ASK,
            system.scheduler())
        .thenApplyAsync(Optional::of, Runnable::run);
  }

  @Override
  public CompletionStage<Optional<Plan>> plan(String name) {
    Optional<ProviderRegistry.Entry> entry = registry.get(name);
    if (entry.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return Planner.plan(s, entry.get().runtime()).thenApply(Optional::of);
  }

  /** Health checks wait for a connection on a thread of their own, never behind sync work. */
  private final java.util.concurrent.ExecutorService healthThread =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scimsync-health");
        t.setDaemon(true);
        return t;
      });
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  @Override
  public CompletionStage<Health> health() {
    CompletableFuture<Boolean> database = CompletableFuture.supplyAsync(() -> {
      try {
        return databaseUp.getAsBoolean();
      } catch (RuntimeException e) {
        return false;
      }
    }, healthThread).completeOnTimeout(false, HEALTH_TIMEOUT.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    return database.thenApply(up -> {
      Map<String, String> states = new LinkedHashMap<>();
      for (String name : registry.names()) {
        registry.get(name).ifPresent(e -> states.put(name,
            e.runtime().throttle().flatMap(t -> t.pausedUntil()).isPresent() ? "paused"
                : e.runtime().settings().dryRun() ? "dry-run" : "ok"));
      }
      return new Health(up, up ? databaseDescription : "no answer within "
          + HEALTH_TIMEOUT.toSeconds() + " s: " + databaseDescription, states);
    });
  }

  @Override
  public String metrics() {
    return s.metrics().scrape();
  }
}
