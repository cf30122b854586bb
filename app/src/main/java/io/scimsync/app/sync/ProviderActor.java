package io.scimsync.app.sync;

import io.scimsync.app.api.ReconcileAccepted;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.sync.ObjectRun;
import io.scimsync.domain.sync.RunContext;
import io.scimsync.domain.target.TargetStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * One provider's worker: the interpreter of its objects' runs. It claims dirty objects from the
 * change feed in batches (users first), reads their snapshots in one query per batch, and drives
 * each object's {@link ObjectRun}, carrying out its effects: requests go to the provider's
 * transport, commits are gathered into one transaction per batch ({@code SyncStateStore.commit}).
 * One object is never in progress twice, so writes to one remote object are serialised while
 * different objects proceed in parallel (the transport's cap bounds the requests).
 *
 * <p>Every wait is a timer: a group released to let a burst settle, or to wait for members still
 * being created, is claimed again when its time comes, not at the next poll. Claims held longer
 * than a third of their lease are renewed, so a slow run never loses its object mid-run; a run
 * whose claim was taken over all the same writes nothing (its commit is fenced) and the newer
 * claim runs the object again.
 *
 * <p>Started and stopped by the {@code ProviderRegistry}; restarted with backoff when it crashes.
 * A crash loses nothing: pending work lives in the change feed, and the claims of the lost
 * incarnation come back when their leases expire (replies still arriving for it are ignored).
 */
public final class ProviderActor {
  /** Times at most a group waits for members still being created, before it is written anyway. */
  static final int MAX_DEFERRALS = 20;
  /** Most commits in one transaction. */
  static final int COMMIT_BATCH = 256;

  public sealed interface Command permits Wake, RequestReconcile, GetStatus, Stop, Internal,
      ObjectWorks.Event, Reconciler.Event, ClaimQueue.Claimed, ClaimQueue.Renewed,
      DatabaseRetry.Retry {}

  /** Something may be dirty: claim now. */
  public enum Wake implements Command { INSTANCE }

  public record RequestReconcile(Optional<ActorRef<ReconcileAccepted>> replyTo)
      implements Command {}

  public record GetStatus(ActorRef<LiveStatus> replyTo) implements Command {}

  /** Stop claiming, let in-flight objects finish within the stop timeout, release the rest. */
  public record Stop(ActorRef<Done> replyTo) implements Command {}

  /**
   * What only the actor knows.
   *
   * @param state               "starting" (capabilities being fetched), "running", "stopping"
   * @param reconcilePreparing  a reconcile is discovering or marking (its objects are not yet in
   *                            the change feed)
   */
  public record LiveStatus(String state, int inFlight, boolean reconciling,
                           boolean reconcilePreparing, Optional<Instant> pausedUntil) {}

  private sealed interface Internal extends Command {}

  private enum Tick implements Internal { INSTANCE }

  private enum Heartbeat implements Internal { INSTANCE }

  private enum StopDeadline implements Internal { INSTANCE }

  private record StrategyReady(long epoch, TargetStrategy strategy) implements Internal {}

  private record PendingCounted(long epoch, long pending, Throwable error) implements Internal {}

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final ProviderRuntime rt;
  private final SyncServices s;
  private final ProviderGauges gauges;
  private final Logger log;
  private final long epoch = ThreadLocalRandom.current().nextLong();
  private final ObjectWorks works;
  private final ClaimQueue claims;
  private final Reconciler reconcile;
  private final DatabaseRetry database;
  private final List<ActorRef<Done>> stopping = new ArrayList<>();
  private TargetStrategy strategy;
  private RunContext runContext;
  private boolean countingPending;

  /** The supervised behaviour: restarted with backoff after a crash. */
  public static Behavior<Command> create(ProviderRuntime rt, SyncServices services,
                                         ProviderGauges gauges) {
    return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers ->
            new ProviderActor(ctx, timers, rt, services, gauges).starting())))
        .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(
            Duration.ofMillis(200), Duration.ofSeconds(30), 0.2));
  }

  private ProviderActor(ActorContext<Command> ctx, TimerScheduler<Command> timers,
                        ProviderRuntime rt, SyncServices s, ProviderGauges gauges) {
    this.ctx = ctx;
    this.timers = timers;
    this.rt = rt;
    this.s = s;
    this.gauges = gauges;
    this.log = ctx.getLog();
    this.database = new DatabaseRetry(timers, log, rt.name());
    this.works = new ObjectWorks(ctx, timers, rt, s, epoch, database, new Listener());
    this.claims = new ClaimQueue(ctx, rt, s, epoch, works);
    this.reconcile = new Reconciler(ctx, timers, rt, s, epoch, new ReconcileHost());
    gauges.inFlight.set(0);
  }

  // ---- phases: starting -> running (reconciles inside) -> stopping ----

  /** Until the target's capabilities are known nothing is claimed. */
  private Behavior<Command> starting() {
    ctx.pipeToSelf(rt.strategy(), (ready, error) -> new StrategyReady(epoch, ready));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, s.timings().poll());
    Duration beat = s.timings().lease().dividedBy(3);
    timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, beat.isZero() ? Duration.ofMillis(1)
        : beat);
    reconcile.startUp();
    return Behaviors.receive(Command.class)
        .onMessage(StrategyReady.class, this::onStrategy)
        .onMessage(RequestReconcile.class, this::onRequestReconcile)
        .onMessage(Reconciler.Event.class, this::onReconcileEvent)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Stop.class, this::onStop)
        // nothing is claimed or in progress yet: wake-ups, ticks and heartbeats have no work
        .onAnyMessage(ignored -> Behaviors.same())
        .build();
  }

  private Behavior<Command> running() {
    return objectEvents()
        .onMessageEquals(Wake.INSTANCE, this::onWake)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(PendingCounted.class, this::onPendingCounted)
        .onAnyMessage(ignored -> Behaviors.same())
        .build();
  }

  /** No more claims: runs in progress finish until the deadline, the rest is given back. */
  private Behavior<Command> stoppingPhase() {
    return objectEvents()
        .onMessageEquals(StopDeadline.INSTANCE, this::onStopDeadline)
        .onAnyMessage(ignored -> Behaviors.same())
        .build();
  }

  /** What running and stopping both handle: the objects' work, reconciles, status, stop. */
  private BehaviorBuilder<Command> objectEvents() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Heartbeat.INSTANCE, () -> {
          claims.renew(works.claims());
          return Behaviors.same();
        })
        .onMessageEquals(DatabaseRetry.Retry.INSTANCE, this::onRetryDatabase)
        .onMessage(ClaimQueue.Claimed.class, this::onClaimed)
        .onMessage(ObjectWorks.Event.class, this::onObjectEvent)
        .onMessage(ClaimQueue.Renewed.class, renewed -> {
          claims.onRenewed(renewed);
          return Behaviors.same();
        })
        .onMessage(RequestReconcile.class, this::onRequestReconcile)
        .onMessage(Reconciler.Event.class, this::onReconcileEvent)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Stop.class, this::onStop);
  }

  private boolean isStopping() {
    return !stopping.isEmpty();
  }

  private Behavior<Command> onStrategy(StrategyReady ready) {
    if (ready.epoch() != epoch) {
      return Behaviors.same();
    }
    if (ready.strategy() == null) {
      ctx.pipeToSelf(rt.strategy(), (again, error) -> new StrategyReady(epoch, again));
      return Behaviors.same();
    }
    strategy = ready.strategy();
    runContext = rt.runContext(strategy, s.timings()).withReconcile(reconcile.draining());
    log.info("provider {}: syncing to {} (profile {}, {} capabilities{})", rt.name(),
        rt.settings().baseUrl(), rt.profile().name(),
        rt.capabilities().status().source().name().toLowerCase(Locale.ROOT),
        rt.settings().dryRun() ? ", DRY RUN: nothing will be changed" : "");
    reconcile.beginIfWanted();
    claimIfUseful();
    return running();
  }

  // ---- claiming ----

  private Behavior<Command> onWake() {
    claims.more();
    return claimIfUseful();
  }

  private Behavior<Command> onTick() {
    claims.tick();
    if (!countingPending) {
      // for the gauge, and for closing a reconcile whose last objects wait for a retry
      countingPending = true;
      ctx.pipeToSelf(s.onDb(() -> s.feed().pending(rt.name())),
          (pending, error) -> new PendingCounted(epoch, pending == null ? -1 : pending, error));
    }
    return claimIfUseful();
  }

  private Behavior<Command> claimIfUseful() {
    if (isStopping()) {
      return stopIfDone();
    }
    claims.claimIfUseful(reconcile.holdsClaims());
    gauges.inFlight.set(works.size());
    return Behaviors.same();
  }

  private Behavior<Command> onClaimed(ClaimQueue.Claimed claimed) {
    if (claimed.epoch() != epoch) {
      return Behaviors.same();
    }
    if (claimed.error() != null) {
      claims.onClaimFailed();
      database.failed("claiming work", claimed.error());
      return Behaviors.same();
    }
    database.answered();
    claims.onClaimed(claimed);
    if (isStopping()) {
      claims.releaseAll();
      return stopIfDone();
    }
    claims.startQueued();
    reconcile.closeIf(claimed.claims().isEmpty() && idle() && reconcile.allWorked());
    return claimIfUseful();
  }

  private boolean idle() {
    return works.isEmpty() && claims.isEmpty();
  }

  // ---- the objects' effects ----

  private Behavior<Command> onObjectEvent(ObjectWorks.Event event) {
    if (event == WakeUps.WakeAt.INSTANCE) {
      works.wokeUp();
      claims.more();
    } else {
      works.on(event, runContext, isStopping());
    }
    return claimIfUseful();
  }

  /** What the actor does when one of its objects is done. */
  private final class Listener implements ObjectWorks.Listener {
    @Override
    public void finished(ObjectRef object, ObjectRun.Summary summary, Claim newer) {
      if (newer != null && !isStopping()) {
        // claimed again while it ran (its lease ran out): that claim is ours and live
        claims.requeue(object, newer);
      }
      claims.more();
      if (summary == null) {
        return;
      }
      ObjectAccounting.account(s.metrics(), log, rt.name(), object, summary);
      if (summary.outcome().isPresent()) {
        claims.written(object);
      }
      if (!summary.deferred() && !summary.fenced()) {
        reconcile.worked(summary.outcome().orElse(null), idle());
      }
    }
  }

  private Behavior<Command> onRetryDatabase() {
    works.readSnapshots();
    works.flush();
    return isStopping() ? stopIfDone() : onWake();
  }

  // ---- reconciles ----

  private final class ReconcileHost implements Reconciler.Host {
    @Override
    public boolean mayBegin() {
      return strategy != null && !isStopping();
    }

    @Override
    public void reconciling(TargetStrategy fresh, boolean draining) {
      strategy = fresh == null ? strategy : fresh;
      runContext = rt.runContext(strategy, s.timings()).withReconcile(draining);
      claims.more();
    }

    @Override
    public void resume() {
      claims.more();
    }
  }

  private Behavior<Command> onRequestReconcile(RequestReconcile request) {
    reconcile.request(request.replyTo());
    return Behaviors.same();
  }

  private Behavior<Command> onReconcileEvent(Reconciler.Event event) {
    reconcile.on(event, isStopping());
    return strategy == null ? Behaviors.same() : claimIfUseful();
  }

  private Behavior<Command> onPendingCounted(PendingCounted msg) {
    if (msg.epoch() != epoch) {
      return Behaviors.same();
    }
    countingPending = false;
    if (msg.error() == null) {
      gauges.pending.set(msg.pending());
      reconcile.closeIf(msg.pending() == 0 && idle());
    }
    return Behaviors.same();
  }

  // ---- status and stop ----

  private Behavior<Command> onGetStatus(GetStatus get) {
    String state = isStopping() ? "stopping" : strategy == null ? "starting" : "running";
    get.replyTo().tell(new LiveStatus(state, works.size(), reconcile.active(),
        reconcile.preparing(),
        rt.throttle().flatMap(t -> t.pausedUntil())));
    return Behaviors.same();
  }

  private Behavior<Command> onStop(Stop stop) {
    boolean first = !isStopping();
    stopping.add(stop.replyTo());
    if (!first) {
      return Behaviors.same();
    }
    timers.cancel(Tick.INSTANCE);
    reconcile.stop();
    claims.releaseAll();
    // requests waiting for their turn never leave: their objects are given back at once, and
    // only those on the wire are waited for
    rt.transport().close();
    timers.startSingleTimer(StopDeadline.INSTANCE, StopDeadline.INSTANCE,
        s.timings().stopTimeout());
    return canStop() ? stopIfDone() : stoppingPhase();
  }

  private Behavior<Command> onStopDeadline() {
    // objects with a request on its way keep their lease: a new run could overlap with it
    List<ObjectWorks.Work> idle = works.abandonIdle();
    log.warn("provider {}: objects still in flight after {}; {} given back, the others come "
        + "back when their leases end", rt.name(), s.timings().stopTimeout(), idle.size());
    works.releaseNow(idle);
    return stopIfDone();
  }

  private boolean canStop() {
    return works.isEmpty() && !claims.claiming() && reconcile.state() != Reconciler.State.PREPARING;
  }

  private Behavior<Command> stopIfDone() {
    if (!canStop()) {
      return Behaviors.same();
    }
    stopping.forEach(to -> to.tell(Done.getInstance()));
    gauges.inFlight.set(0);
    return Behaviors.stopped();
  }
}
