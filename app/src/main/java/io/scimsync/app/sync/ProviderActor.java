package io.scimsync.app.sync;

import io.scimsync.app.api.ReconcileAccepted;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.sync.GroupSettle;
import io.scimsync.domain.sync.ObjectRun;
import io.scimsync.domain.sync.RunContext;
import io.scimsync.domain.target.TargetStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
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
  /** The longest wait before the database is tried again after an error. */
  private static final long MAX_DATABASE_WAIT_MILLIS = 2_000;

  public sealed interface Command permits Wake, RequestReconcile, GetStatus, Stop, Internal,
      ObjectWorks.Event, Reconciler.Event {}

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

  private enum RetryDatabase implements Internal { INSTANCE }

  private enum StopDeadline implements Internal { INSTANCE }

  private record StrategyReady(long epoch, TargetStrategy strategy) implements Internal {}

  private record Claimed(long epoch, int asked, List<Claim> claims, Throwable error)
      implements Internal {}

  private record PendingCounted(long epoch, long pending, Throwable error) implements Internal {}


  /** Shared with metrics gauges and the status API: read from other threads. */
  public static final class Gauges {
    final AtomicLong pending = new AtomicLong();
    final AtomicInteger inFlight = new AtomicInteger();

    public long pending() {
      return pending.get();
    }

    public int inFlight() {
      return inFlight.get();
    }
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final ProviderRuntime rt;
  private final SyncServices s;
  private final Gauges gauges;
  private final Logger log;
  private final long epoch = ThreadLocalRandom.current().nextLong();
  private final int maxWork;
  private final ObjectWorks works;
  /** Claimed ahead, in claim order, so that one claim query feeds many objects. */
  private final LinkedHashMap<ObjectRef, Claim> queued = new LinkedHashMap<>();
  /** Groups in a burst of changes are held until it is over: one PATCH carries it all. */
  private final GroupSettle settle = new GroupSettle();
  private final Reconciler reconcile;
  private final List<ActorRef<Done>> stopping = new ArrayList<>();
  private TargetStrategy strategy;
  private RunContext runContext;
  private boolean claiming;
  private boolean moreMaybe = true;
  private boolean countingPending;
  private int databaseFailures;

  /** The supervised behaviour: restarted with backoff after a crash. */
  public static Behavior<Command> create(ProviderRuntime rt, SyncServices services,
                                         Gauges gauges) {
    return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers ->
            new ProviderActor(ctx, timers, rt, services, gauges).starting())))
        .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(
            Duration.ofMillis(200), Duration.ofSeconds(30), 0.2));
  }

  private ProviderActor(ActorContext<Command> ctx, TimerScheduler<Command> timers,
                        ProviderRuntime rt, SyncServices s, Gauges gauges) {
    this.ctx = ctx;
    this.timers = timers;
    this.rt = rt;
    this.s = s;
    this.gauges = gauges;
    this.log = ctx.getLog();
    this.maxWork = Math.max(64, rt.settings().maxConcurrency() * 8);
    this.works = new ObjectWorks(ctx, timers, rt, s, epoch, new Listener());
    this.reconcile = new Reconciler(ctx, timers, rt, s, epoch, new ReconcileHost());
    gauges.inFlight.set(0);
  }

  private Behavior<Command> starting() {
    ctx.pipeToSelf(rt.strategy(), (ready, error) -> new StrategyReady(epoch, ready));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, s.timings().poll());
    Duration beat = s.timings().lease().dividedBy(3);
    timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, beat.isZero() ? Duration.ofMillis(1)
        : beat);
    reconcile.startUp();
    return behavior();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(StrategyReady.class, this::onStrategy)
        .onMessageEquals(Wake.INSTANCE, this::onWake)
        .onMessageEquals(ObjectWorks.WakeAt.INSTANCE, this::onWakeAt)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(Heartbeat.INSTANCE, this::onHeartbeat)
        .onMessageEquals(RetryDatabase.INSTANCE, this::onRetryDatabase)
        .onMessage(Claimed.class, this::onClaimed)
        .onMessage(ObjectWorks.Snapshotted.class, this::onSnapshotted)
        .onMessage(ObjectWorks.Replied.class, this::onReplied)
        .onMessage(ObjectWorks.Committed.class, this::onCommitted)
        .onMessage(ObjectWorks.Renewed.class, this::onRenewed)
        .onMessage(RequestReconcile.class, this::onRequestReconcile)
        .onMessage(Reconciler.Event.class, this::onReconcileEvent)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Stop.class, this::onStop)
        .onMessageEquals(StopDeadline.INSTANCE, this::onStopDeadline)
        .onMessage(PendingCounted.class, this::onPendingCounted)
        .build();
  }

  private Behavior<Command> onStrategy(StrategyReady ready) {
    if (ready.epoch() != epoch) {
      return Behaviors.same();
    }
    if (ready.strategy() == null) {
      ctx.pipeToSelf(rt.strategy(), (again, error) -> new StrategyReady(epoch, again));
      return Behaviors.same();
    }
    useStrategy(ready.strategy());
    log.info("provider {}: syncing to {} (profile {}, {} capabilities{})", rt.name(),
        rt.settings().baseUrl(), rt.profile().name(),
        rt.capabilities().status().source().name().toLowerCase(Locale.ROOT),
        rt.settings().dryRun() ? ", DRY RUN: nothing will be changed" : "");
    reconcile.beginIfWanted();
    return claimIfUseful();
  }

  private void useStrategy(TargetStrategy fresh) {
    strategy = fresh;
    runContext = rt.runContext(fresh, s.timings()).withReconcile(reconcile.draining());
  }

  private Behavior<Command> onWake() {
    moreMaybe = true;
    return claimIfUseful();
  }

  private Behavior<Command> onWakeAt() {
    works.onWakeAt();
    return onWake();
  }

  private Behavior<Command> onTick() {
    moreMaybe = true;
    settle.expire(s.clock().instant());
    if (stopping.isEmpty() && !countingPending) {
      // for the gauge, and for closing a reconcile whose last objects wait for a retry
      countingPending = true;
      ctx.pipeToSelf(s.onDb(() -> s.feed().pending(rt.name())),
          (pending, error) -> new PendingCounted(epoch, pending == null ? -1 : pending, error));
    }
    return claimIfUseful();
  }

  private Behavior<Command> onHeartbeat() {
    works.renew(queued.values());
    return Behaviors.same();
  }

  private Behavior<Command> onRenewed(ObjectWorks.Renewed msg) {
    if (msg.epoch() != epoch || msg.error() != null) {
      return Behaviors.same();
    }
    java.util.Set<Long> kept = new java.util.HashSet<>();
    msg.renewed().forEach(c -> kept.add(c.token()));
    for (Claim claim : msg.asked()) {
      if (!kept.contains(claim.token()) && queued.get(claim.object()) == claim) {
        // taken over while it waited here: the new holder runs it
        queued.remove(claim.object());
      }
    }
    return Behaviors.same();
  }

  private Behavior<Command> claimIfUseful() {
    if (strategy != null && stopping.isEmpty()) {
      startQueued();
    }
    if (strategy == null || !stopping.isEmpty() || claiming || !moreMaybe
        || reconcile.holdsClaims() || queued.size() >= maxWork) {
      return Behaviors.same();
    }
    int asked = Math.max(s.timings().claimBatch(), maxWork);
    claiming = true;
    moreMaybe = false;
    ctx.pipeToSelf(s.onDb(() -> s.feed().claim(rt.name(), asked, s.timings().lease(),
            s.clock().instant())),
        (claims, error) -> new Claimed(epoch, asked, claims, error));
    return Behaviors.same();
  }

  private Behavior<Command> onClaimed(Claimed claimed) {
    if (claimed.epoch() != epoch) {
      return Behaviors.same();
    }
    claiming = false;
    if (claimed.error() != null) {
      return databaseFailed("claiming work", claimed.error());
    }
    databaseFailures = 0;
    if (claimed.claims().size() == claimed.asked()) {
      moreMaybe = true;
    }
    for (Claim claim : claimed.claims()) {
      if (works.contains(claim.object())) {
        // its lease ran out while we still work on it: the run ends fenced, then this runs
        works.claimedAgain(claim);
      } else {
        queued.put(claim.object(), claim);
      }
    }
    if (!stopping.isEmpty()) {
      releaseQueued();
      return stopIfDone();
    }
    startQueued();
    reconcile.closeIf(claimed.claims().isEmpty() && idle() && reconcile.allWorked());
    return claimIfUseful();
  }

  private boolean idle() {
    return works.isEmpty() && queued.isEmpty();
  }

  /** Starts queued objects while there is room; their snapshots are read together. */
  private void startQueued() {
    Instant now = s.clock().instant();
    Iterator<Claim> next = queued.values().iterator();
    while (works.size() < maxWork && next.hasNext()) {
      Claim claim = next.next();
      next.remove();
      Optional<Instant> held = settle.holdUntil(claim, now);
      if (held.isPresent()) {
        works.release(claim, held.get());
      } else {
        works.start(claim);
      }
    }
    works.readSnapshots();
    gauges.inFlight.set(works.size());
  }

  private Behavior<Command> onSnapshotted(ObjectWorks.Snapshotted msg) {
    if (msg.epoch() != epoch) {
      return Behaviors.same();
    }
    works.onSnapshotted(msg, runContext, !stopping.isEmpty());
    return afterWork();
  }

  private Behavior<Command> onReplied(ObjectWorks.Replied msg) {
    if (msg.epoch() != epoch) {
      return Behaviors.same();
    }
    works.onReplied(msg);
    return afterWork();
  }

  private Behavior<Command> onCommitted(ObjectWorks.Committed msg) {
    if (msg.epoch() != epoch) {
      return Behaviors.same();
    }
    works.onCommitted(msg);
    return afterWork();
  }

  private Behavior<Command> afterWork() {
    gauges.inFlight.set(works.size());
    if (!stopping.isEmpty()) {
      return stopIfDone();
    }
    return claimIfUseful();
  }

  /** What the actor does when one of its objects is done. */
  private final class Listener implements ObjectWorks.Listener {
    @Override
    public void finished(ObjectRef object, ObjectRun.Summary summary, Claim newer) {
      if (newer != null && stopping.isEmpty()) {
        // claimed again while it ran (its lease ran out): that claim is ours and live
        queued.put(object, newer);
      }
      moreMaybe = true;
      if (summary == null) {
        return;
      }
      account(object, summary);
      if (summary.outcome().isPresent()) {
        settle.written(object, s.clock().instant());
      }
      if (!summary.deferred() && !summary.fenced()) {
        reconcile.worked(summary.outcome().orElse(null), idle());
      }
    }

    @Override
    public void databaseFailed(String what, Throwable error) {
      ProviderActor.this.databaseFailed(what, error);
    }

    @Override
    public void databaseAnswered() {
      databaseFailures = 0;
    }
  }

  private void account(ObjectRef object, ObjectRun.Summary summary) {
    String kind = object.kind().name().toLowerCase(Locale.ROOT);
    summary.outcome().ifPresent(outcome -> s.metrics().objectDone(rt.name(), kind,
        outcome.name().toLowerCase(Locale.ROOT)));
    summary.failure().ifPresent(failure -> {
      s.metrics().objectFailed(rt.name(), kind, failure.kind().name().toLowerCase(Locale.ROOT));
      String reason = io.scimsync.domain.sync.Completion.describe(failure);
      if (summary.retryAt().isPresent()) {
        s.metrics().retryScheduled(rt.name());
        log.info("provider {}: {} failed ({}), retrying at {}", rt.name(), object.describe(),
            reason, summary.retryAt().get());
      } else {
        log.warn("provider {}: {} failed: {}", rt.name(), object.describe(), reason);
      }
    });
  }

  /**
   * A database error: the work it concerned is kept (claims queued, commits gathered) and
   * tried again within two seconds, so a short outage delays objects by about its length.
   */
  private Behavior<Command> databaseFailed(String what, Throwable error) {
    databaseFailures++;
    Duration wait = Duration.ofMillis(Math.min(MAX_DATABASE_WAIT_MILLIS,
        100L << Math.min(5, databaseFailures)));
    if (databaseFailures <= 3 || databaseFailures % 50 == 0) {
      log.warn("provider {}: database error while {} (retrying in {} ms): {}", rt.name(), what,
          wait.toMillis(), rootCause(error));
    }
    timers.startSingleTimer(RetryDatabase.INSTANCE, RetryDatabase.INSTANCE, wait);
    return Behaviors.same();
  }

  private Behavior<Command> onRetryDatabase() {
    works.readSnapshots();
    works.flush();
    return onWake();
  }

  static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private final class ReconcileHost implements Reconciler.Host {
    @Override
    public boolean mayBegin() {
      return strategy != null && stopping.isEmpty();
    }

    @Override
    public void reconciling(TargetStrategy fresh, boolean draining) {
      strategy = fresh == null ? strategy : fresh;
      runContext = rt.runContext(strategy, s.timings()).withReconcile(draining);
      moreMaybe = true;
    }

    @Override
    public void resume() {
      moreMaybe = true;
    }
  }

  private Behavior<Command> onRequestReconcile(RequestReconcile request) {
    reconcile.request(request.replyTo());
    return Behaviors.same();
  }

  private Behavior<Command> onReconcileEvent(Reconciler.Event event) {
    reconcile.on(event, !stopping.isEmpty());
    return stopping.isEmpty() ? claimIfUseful() : stopIfDone();
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
    String state = !stopping.isEmpty() ? "stopping" : strategy == null ? "starting" : "running";
    get.replyTo().tell(new LiveStatus(state, works.size(), reconcile.active(),
        reconcile.preparing(),
        rt.throttle().flatMap(t -> t.pausedUntil())));
    return Behaviors.same();
  }

  private Behavior<Command> onStop(Stop stop) {
    boolean first = stopping.isEmpty();
    stopping.add(stop.replyTo());
    if (!first) {
      return Behaviors.same();
    }
    timers.cancel(Tick.INSTANCE);
    reconcile.stop();
    releaseQueued();
    timers.startSingleTimer(StopDeadline.INSTANCE, StopDeadline.INSTANCE,
        s.timings().stopTimeout());
    return stopIfDone();
  }

  private void releaseQueued() {
    Instant now = s.clock().instant();
    queued.values().forEach(claim -> works.release(claim, now));
    queued.clear();
  }

  private Behavior<Command> onStopDeadline() {
    // objects with a request on its way keep their lease: a new run could overlap with it
    List<ObjectWorks.Work> idle = works.abandonIdle();
    log.warn("provider {}: objects still in flight after {}; {} given back, the others come "
        + "back when their leases end", rt.name(), s.timings().stopTimeout(), idle.size());
    works.releaseNow(idle);
    return stopIfDone();
  }

  private Behavior<Command> stopIfDone() {
    if (!works.isEmpty() || claiming || reconcile.state() == Reconciler.State.PREPARING) {
      return Behaviors.same();
    }
    stopping.forEach(to -> to.tell(Done.getInstance()));
    gauges.inFlight.set(0);
    return Behaviors.stopped();
  }
}
