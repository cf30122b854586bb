package io.scimsync.app.sync;

import io.scimsync.app.api.ReconcileAccepted;
import io.scimsync.domain.engine.GroupSyncResult;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.Step;
import io.scimsync.domain.engine.SyncFailure;
import io.scimsync.domain.engine.UserSyncResult;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.RunCounts;
import io.scimsync.domain.port.ScimTransport;
import io.scimsync.domain.target.TargetStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * One provider's worker. It owns that provider's work: it claims dirty objects from the change
 * feed (users first), runs each through the domain engine with the provider's transport, and
 * stores the result, with up to twice the provider's concurrency cap of objects in progress (the
 * transport's cap bounds the requests; the slack overlaps database work with requests). One object
 * is never in progress twice: the claim leases it, and the actor keeps one run per object, so
 * writes to one remote object are serialised while different objects proceed in parallel.
 *
 * <p>Started and stopped by the {@code ProviderRegistry}; restarted with backoff when it crashes.
 * A crash loses nothing: pending work lives in the change feed, and the claims of the lost
 * incarnation come back when their leases expire (replies still arriving for it are ignored).
 */
public final class ProviderActor {
  /** Objects at most waiting for members still being created, before a group is written anyway. */
  static final int MAX_DEFERRALS = 20;
  /**
   * How long a group just written waits before it is written again. A burst of membership
   * changes then costs one run with everything that arrived meanwhile (the minimum of PATCHes)
   * instead of one run per fragment; an idle group is written at once.
   */
  static final Duration SETTLE = Duration.ofMillis(250);

  public sealed interface Command {}

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

  private enum Tick implements Command { INSTANCE }

  private enum ScheduledReconcile implements Command { INSTANCE }

  private enum StopDeadline implements Command { INSTANCE }

  private record StrategyReady(long epoch, TargetStrategy strategy) implements Command {}

  private record Claimed(long epoch, int asked, List<Claim> claims, Throwable error)
      implements Command {}

  private record Prepared(long epoch, Work work, ObjectWork.Prepared prepared, Throwable error)
      implements Command {}

  private record Replied(long epoch, Work work, ScimRequest request, ScimReply reply)
      implements Command {}

  private record Finished(long epoch, Work work, Optional<ObjectWork.Stored> stored,
                          Throwable error) implements Command {}

  private record CreateMarked(long epoch, Work work, ScimRequest request, Throwable error)
      implements Command {}

  private record LookedUp(long epoch, Work work, ObjectWork.Prepared.LookUp lookUp,
                          ScimReply reply) implements Command {}

  private record UnfinishedRuns(long epoch, List<Long> runIds, Throwable error)
      implements Command {}

  private record PendingCounted(long epoch, long pending, Throwable error) implements Command {}

  private record ReconcileStarted(long epoch, TargetStrategy strategy,
                                  Reconciliation.Started started, Throwable error)
      implements Command {}

  private record ReconcileClosed(long epoch, Throwable error) implements Command {}

  private record Released(long epoch, Throwable error) implements Command {}

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

  private static final class Work {
    /** The newest claim of the object: a lease that ran out and was claimed again moves here. */
    Claim claim;
    /** A request is on its way; its claim must not be given back (a new run would overlap). */
    boolean sending;
    /** The claim the finishing step acknowledges or releases; null while running. */
    Claim finishing;
    /** Its create is marked as sent (stored before the POST). */
    boolean createMarked;
    EngineRun run;
    Optional<io.scimsync.domain.port.Connection> before = Optional.empty();
    final List<String> withheld = new ArrayList<>();

    Work(Claim claim) {
      this.claim = claim;
    }
  }

  private enum ReconcileState { NONE, PREPARING, DRAINING, CLOSING }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final ProviderRuntime rt;
  private final SyncServices s;
  private final Gauges gauges;
  private final Logger log;
  private final long epoch = ThreadLocalRandom.current().nextLong();
  private final int maxWork;
  private final Map<ObjectRef, Work> inFlight = new HashMap<>();
  /** Claimed ahead, in claim order, so that one claim query feeds many objects. */
  private final LinkedHashMap<ObjectRef, Claim> queued = new LinkedHashMap<>();
  private final Map<ObjectRef, Integer> deferrals = new HashMap<>();
  /** Groups written in the last {@link #SETTLE}: a burst of changes to them is let settle. */
  private final Map<ObjectRef, Instant> recentGroups = new HashMap<>();
  private TargetStrategy strategy;
  private boolean claiming;
  private boolean moreMaybe = true;
  private int databaseFailures;
  private ReconcileState reconcile = ReconcileState.NONE;
  private boolean reconcileWanted;
  private long runId;
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private long reconcileMarked;
  private long reconcileAttempted;
  private boolean countingPending;
  private final List<ActorRef<Done>> stopping = new ArrayList<>();

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
    this.maxWork = Math.max(4, rt.settings().maxConcurrency() * 2);
    gauges.inFlight.set(0);
  }

  private Behavior<Command> starting() {
    ctx.pipeToSelf(rt.strategy(), (strategy, error) -> new StrategyReady(epoch, strategy));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, s.timings().poll());
    scheduleReconcile();
    // a reconcile cut short (crash, stop) left its marks in the feed, but worked outside a
    // reconcile they would not be read back from the target: it starts again
    ctx.pipeToSelf(s.onDb(() -> s.log().recentRuns(rt.name(), 20).stream()
            .filter(run -> run.kind() == io.scimsync.domain.port.RunKind.RECONCILE
                && run.finishedAt().isEmpty())
            .map(io.scimsync.domain.port.Run::id).toList()),
        (ids, error) -> new UnfinishedRuns(epoch, ids, error));
    return behavior();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(StrategyReady.class, this::onStrategy)
        .onMessageEquals(Wake.INSTANCE, this::onWake)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(Claimed.class, this::onClaimed)
        .onMessage(Prepared.class, this::onPrepared)
        .onMessage(Replied.class, this::onReplied)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(RequestReconcile.class, this::onRequestReconcile)
        .onMessageEquals(ScheduledReconcile.INSTANCE, this::onScheduledReconcile)
        .onMessage(ReconcileStarted.class, this::onReconcileStarted)
        .onMessage(ReconcileClosed.class, this::onReconcileClosed)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Stop.class, this::onStop)
        .onMessageEquals(StopDeadline.INSTANCE, this::onStopDeadline)
        .onMessage(Released.class, this::onReleased)
        .onMessage(PendingCounted.class, this::onPendingCounted)
        .onMessage(UnfinishedRuns.class, this::onUnfinishedRuns)
        .onMessage(CreateMarked.class, this::onCreateMarked)
        .onMessage(LookedUp.class, this::onLookedUp)
        .build();
  }

  private Behavior<Command> onStrategy(StrategyReady ready) {
    if (ready.epoch() != epoch) {
      return Behaviors.same();
    }
    if (ready.strategy() == null) {
      ctx.pipeToSelf(rt.strategy(), (strategy, error) -> new StrategyReady(epoch, strategy));
      return Behaviors.same();
    }
    strategy = ready.strategy();
    log.info("provider {}: syncing to {} (profile {}, {} capabilities{})", rt.name(),
        rt.settings().baseUrl(), rt.profile().name(),
        rt.capabilities().status().source().name().toLowerCase(Locale.ROOT),
        rt.settings().dryRun() ? ", DRY RUN: nothing will be changed" : "");
    if (reconcileWanted) {
      beginReconcile();
    }
    return claimIfUseful();
  }

  private Behavior<Command> onWake() {
    moreMaybe = true;
    return claimIfUseful();
  }

  private Behavior<Command> onTick() {
    moreMaybe = true;
    Instant settled = s.clock().instant().minus(SETTLE);
    recentGroups.values().removeIf(at -> at.isBefore(settled));
    if (stopping.isEmpty() && !countingPending) {
      // for the gauge, and for closing a reconcile whose last objects wait for a retry
      countingPending = true;
      ctx.pipeToSelf(s.onDb(() -> s.feed().pending(rt.name())),
          (pending, error) -> new PendingCounted(epoch, pending == null ? -1 : pending, error));
    }
    return claimIfUseful();
  }

  private Behavior<Command> claimIfUseful() {
    if (strategy != null && stopping.isEmpty() && !queued.isEmpty()) {
      startQueued();
    }
    if (strategy == null || !stopping.isEmpty() || claiming || !moreMaybe
        || reconcile == ReconcileState.PREPARING || reconcile == ReconcileState.CLOSING) {
      return Behaviors.same();
    }
    if (queued.size() >= maxWork) {
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
    if (!stopping.isEmpty()) {
      release(claimed.claims());
      return inFlight.isEmpty() ? stopNow() : Behaviors.same();
    }
    if (claimed.claims().size() == claimed.asked()) {
      moreMaybe = true;
    }
    for (Claim claim : claimed.claims()) {
      Work running = inFlight.get(claim.object());
      if (running != null) {
        // its lease ran out while we still work on it: the run goes on under the new claim
        // (never two runs of one object at once)
        running.claim = claim;
        continue;
      }
      queued.put(claim.object(), claim);
    }
    startQueued();
    if (claimed.claims().isEmpty() && idle() && reconcile == ReconcileState.DRAINING) {
      closeReconcileIfDone();
    }
    return claimIfUseful();
  }

  private boolean idle() {
    return inFlight.isEmpty() && queued.isEmpty();
  }

  /** Starts queued objects while there is room. */
  private void startQueued() {
    Instant now = s.clock().instant();
    java.util.Iterator<Claim> next = queued.values().iterator();
    while (inFlight.size() < maxWork && next.hasNext()) {
      Claim claim = next.next();
      next.remove();
      Work work = new Work(claim);
      inFlight.put(claim.object(), work);
      Instant last = recentGroups.get(claim.object());
      if (last != null && last.plus(SETTLE).isAfter(now)) {
        Instant later = last.plus(SETTLE);
        Claim held = work.claim;
        finishWith(work, held, s.onDb(() -> {
          s.feed().release(held, later);
          return Optional.<ObjectWork.Stored>empty();
        }));
        continue;
      }
      prepare(work, true);
    }
    gauges.inFlight.set(inFlight.size());
  }

  private void prepare(Work work, boolean mayDefer) {
    boolean reconciling = reconcile == ReconcileState.DRAINING;
    ObjectRef object = work.claim.object();
    boolean defer = mayDefer && !rt.settings().dryRun()
        && deferrals.getOrDefault(object, 0) < MAX_DEFERRALS;
    TargetStrategy target = strategy;
    ctx.pipeToSelf(s.onDb(() -> ObjectWork.prepare(s, rt, target, object, reconciling,
            defer, Optional.empty(), true)),
        (prepared, error) -> new Prepared(epoch, work, prepared, error));
  }

  /** After a lookup: prepared again, adopting what it found, and never looking up twice. */
  private void prepareAfterLookUp(Work work, Optional<String> found) {
    boolean reconciling = reconcile == ReconcileState.DRAINING;
    ObjectRef object = work.claim.object();
    TargetStrategy target = strategy;
    ctx.pipeToSelf(s.onDb(() -> ObjectWork.prepare(s, rt, target, object, reconciling,
            false, found, false)),
        (prepared, error) -> new Prepared(epoch, work, prepared, error));
  }

  private Behavior<Command> onLookedUp(LookedUp msg) {
    Work work = current(msg.epoch(), msg.work());
    if (work == null) {
      return Behaviors.same();
    }
    work.sending = false;
    Optional<String> found = ObjectWork.exactMatch(msg.reply(), msg.lookUp().attribute(),
        msg.lookUp().value());
    if (found.isPresent()) {
      log.info("provider {}: {} was created before a restart; adopting remote id {}",
          rt.name(), work.claim.object().describe(), found.get());
    }
    prepareAfterLookUp(work, found);
    return Behaviors.same();
  }

  private Behavior<Command> onCreateMarked(CreateMarked msg) {
    Work work = current(msg.epoch(), msg.work());
    if (work == null) {
      return Behaviors.same();
    }
    if (msg.error() != null) {
      work.sending = false;
      inFlight.remove(work.claim.object());
      gauges.inFlight.set(inFlight.size());
      return databaseFailed("marking the create of " + work.claim.object().describe(),
          msg.error());
    }
    send(work, msg.request());
    return Behaviors.same();
  }

  private Behavior<Command> onPrepared(Prepared msg) {
    Work work = current(msg.epoch(), msg.work());
    if (work == null) {
      return Behaviors.same();
    }
    if (msg.error() != null) {
      if (!isDatabaseError(msg.error())) {
        // not the database: this object cannot be mapped or planned; retrying will not help
        failBroken(work, "cannot sync " + work.claim.object().describe() + ": "
            + rootCause(msg.error()));
        return Behaviors.same();
      }
      inFlight.remove(work.claim.object());
      gauges.inFlight.set(inFlight.size());
      return databaseFailed("reading " + work.claim.object().describe(), msg.error());
    }
    if (!(msg.prepared() instanceof ObjectWork.Prepared.Defer)) {
      deferrals.remove(work.claim.object());
    }
    if (msg.prepared() instanceof ObjectWork.Prepared.LookUp lookUp) {
      work.sending = true;
      ctx.pipeToSelf(safely(rt.transport(), lookUp.request()),
          (reply, error) -> new LookedUp(epoch, work, lookUp, reply));
      return Behaviors.same();
    }
    if (msg.prepared() instanceof ObjectWork.Prepared.Run run) {
      work.run = run.run();
      work.before = run.before();
      Step<?> first;
      try {
        first = run.run().start();
      } catch (RuntimeException e) {
        failBroken(work, "cannot plan " + work.claim.object().describe() + ": " + e);
        return Behaviors.same();
      }
      step(work, first);
    } else if (msg.prepared() instanceof ObjectWork.Prepared.Defer) {
      deferrals.merge(work.claim.object(), 1, Integer::sum);
      Instant later = s.clock().instant().plus(s.timings().deferMembers());
      Claim held = work.claim;
      finishWith(work, held, s.onDb(() -> {
        s.feed().release(held, later);
        return Optional.<ObjectWork.Stored>empty();
      }));
    } else {
      boolean dropLink = ((ObjectWork.Prepared.Nothing) msg.prepared()).dropLink();
      Claim held = work.claim;
      finishWith(work, held, s.onDb(() -> {
        if (dropLink) {
          s.connections().remove(rt.name(), held.object());
        }
        s.feed().acknowledge(held);
        return Optional.<ObjectWork.Stored>empty();
      }));
    }
    return Behaviors.same();
  }

  private void failBroken(Work work, String problem) {
    log.error("provider {}: {}", rt.name(), problem);
    Optional<io.scimsync.domain.port.Connection> before = work.before;
    Claim held = work.claim;
    finishWith(work, held, s.onDb(() -> Optional.of(ObjectWork.storeBroken(s, held, before,
        problem))));
  }

  /** Whether a failure came from the database (then the object is fine and comes back). */
  static boolean isDatabaseError(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException
          || t.getClass().getName().startsWith("org.jooq.exception")) {
        return true;
      }
    }
    return false;
  }

  private void step(Work work, Step<?> step) {
    if (step instanceof Step.Send<?> send) {
      ScimRequest request = send.request();
      work.sending = true;
      if (request.method() == ScimRequest.Method.POST && !work.createMarked
          && !rt.settings().dryRun() && work.before.flatMap(c -> c.remoteId()).isEmpty()) {
        // stored before it is sent: if we die before storing the answer, the next run looks
        // the object up instead of creating a second one on targets that allow duplicates
        work.createMarked = true;
        Claim held = work.claim;
        Optional<io.scimsync.domain.port.Connection> before = work.before;
        ctx.pipeToSelf(s.onDb(() -> {
          s.connections().save(ObjectWork.createSent(held.provider(), held.object(), before,
              s.clock().instant()));
          return Done.getInstance();
        }), (done, error) -> new CreateMarked(epoch, work, request, error));
        return;
      }
      send(work, request);
      return;
    }
    Object result = ((Step.Done<?>) step).result();
    List<String> withheld = List.copyOf(work.withheld);
    Optional<io.scimsync.domain.port.Connection> before = work.before;
    Claim held = work.claim;
    finishWith(work, held, s.onDb(() -> Optional.of(ObjectWork.store(s, held, before, result,
        withheld))));
  }

  private void send(Work work, ScimRequest request) {
    ctx.pipeToSelf(safely(rt.transport(), request),
        (reply, error) -> new Replied(epoch, work, request, reply));
  }

  /** The transport's reply; a transport that fails instead of answering counts as lost. */
  static CompletionStage<ScimReply> safely(ScimTransport transport, ScimRequest request) {
    return transport.execute(request).handle((reply, error) -> {
      if (reply != null) {
        return reply;
      }
      Throwable cause = error instanceof java.util.concurrent.CompletionException
          && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof Planner.TargetUnreachable unreachable) {
        throw unreachable;
      }
      return new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECTION_LOST,
          "the transport failed: " + (error == null ? "no reply" : error.toString()));
    });
  }

  private Behavior<Command> onReplied(Replied msg) {
    Work work = current(msg.epoch(), msg.work());
    if (work == null) {
      return Behaviors.same();
    }
    work.sending = false;
    if (msg.reply() instanceof ScimReply.WithheldByDryRun) {
      work.withheld.add(msg.request().describe());
    }
    Step<?> next;
    try {
      next = work.run.onReply(msg.reply());
    } catch (RuntimeException e) {
      failBroken(work, "cannot continue " + work.claim.object().describe() + " after "
          + msg.request().describe() + ": " + e);
      return Behaviors.same();
    }
    step(work, next);
    if (!stopping.isEmpty() && !work.sending) {
      return inFlight.isEmpty() ? stopNow() : Behaviors.same();
    }
    return Behaviors.same();
  }

  /** @param held the claim the finishing work acknowledges or releases */
  private void finishWith(Work work, Claim held,
                          CompletableFuture<Optional<ObjectWork.Stored>> done) {
    work.finishing = held;
    ctx.pipeToSelf(done, (stored, error) -> new Finished(epoch, work,
        stored == null ? Optional.empty() : stored, error));
  }

  private Behavior<Command> onFinished(Finished msg) {
    Work work = current(msg.epoch(), msg.work());
    if (work == null) {
      return Behaviors.same();
    }
    inFlight.remove(work.claim.object());
    gauges.inFlight.set(inFlight.size());
    if (work.claim != work.finishing && stopping.isEmpty()) {
      // claimed again while it finished (dirtied meanwhile, or its lease ran out): that claim
      // is ours and live, so the object runs again
      queued.put(work.claim.object(), work.claim);
    }
    if (msg.error() != null) {
      // the requests were sent; the lease brings the object back and the engine finds the
      // remote state again (a repeated create meets 409 and adopts)
      if (!isDatabaseError(msg.error())) {
        log.error("provider {}: storing {} failed; it comes back when its lease ends",
            rt.name(), work.claim.object().describe(), msg.error());
      }
      return databaseFailed("storing " + work.claim.object().describe(), msg.error());
    }
    databaseFailures = 0;
    msg.stored().ifPresent(stored -> account(work.claim, stored));
    if (msg.stored().isPresent() && work.claim.object().kind() == ObjectKind.GROUP) {
      recentGroups.put(work.claim.object(), s.clock().instant());
    }
    moreMaybe = true;
    if (!stopping.isEmpty()) {
      return inFlight.isEmpty() ? stopNow() : Behaviors.same();
    }
    startQueued();
    if (reconcile == ReconcileState.DRAINING && msg.stored().isPresent()) {
      reconcileAttempted++;
      if (reconcileAttempted >= reconcileMarked && idle()) {
        closeReconcile();
      }
    }
    return claimIfUseful();
  }

  private void account(Claim claim, ObjectWork.Stored stored) {
    String kind = claim.object().kind().name().toLowerCase(Locale.ROOT);
    s.metrics().objectDone(rt.name(), kind, stored.outcome().toLowerCase(Locale.ROOT));
    if (reconcile == ReconcileState.DRAINING) {
      counts.merge(stored.outcome(), 1, Integer::sum);
    }
    if (stored.failure().isPresent()) {
      SyncFailure failure = stored.failure().get();
      s.metrics().objectFailed(rt.name(), kind, failure.kind().name().toLowerCase(Locale.ROOT));
      if (stored.retryAt().isPresent()) {
        s.metrics().retryScheduled(rt.name());
        log.info("provider {}: {} failed ({}), retrying at {}", rt.name(),
            claim.object().describe(), ObjectWork.describe(failure), stored.retryAt().get());
      } else {
        log.warn("provider {}: {} failed: {}", rt.name(), claim.object().describe(),
            ObjectWork.describe(failure));
      }
    }
  }

  private Work current(long msgEpoch, Work work) {
    if (msgEpoch != epoch) {
      return null;
    }
    return inFlight.get(work.claim.object()) == work ? work : null;
  }

  private Behavior<Command> databaseFailed(String what, Throwable error) {
    databaseFailures++;
    Duration wait = Duration.ofMillis(Math.min(30_000, 250L << Math.min(7, databaseFailures)));
    if (databaseFailures <= 3 || databaseFailures % 20 == 0) {
      log.warn("provider {}: database error while {} (retrying in {} ms): {}", rt.name(), what,
          wait.toMillis(), rootCause(error));
    }
    timers.startSingleTimer("database-retry", Wake.INSTANCE, wait);
    if (!stopping.isEmpty() && inFlight.isEmpty()) {
      return stopNow();
    }
    return Behaviors.same();
  }

  static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  // ---- reconcile ----

  private void scheduleReconcile() {
    Duration interval = s.timings().reconcileInterval();
    if (interval.isZero() || interval.isNegative()) {
      return;
    }
    // jittered per provider, so that providers started together do not reconcile together
    long millis = interval.toMillis();
    long jittered = millis - millis / 10 + ThreadLocalRandom.current().nextLong(millis / 5 + 1);
    timers.startSingleTimer("reconcile", ScheduledReconcile.INSTANCE, Duration.ofMillis(jittered));
  }

  private Behavior<Command> onRequestReconcile(RequestReconcile request) {
    boolean already = reconcile != ReconcileState.NONE || reconcileWanted;
    request.replyTo().ifPresent(to -> to.tell(new ReconcileAccepted(rt.name(), already)));
    if (!already) {
      reconcileWanted = true;
      if (strategy != null && stopping.isEmpty()) {
        beginReconcile();
      }
    }
    return Behaviors.same();
  }

  private Behavior<Command> onScheduledReconcile() {
    return onRequestReconcile(new RequestReconcile(Optional.empty()));
  }

  private void beginReconcile() {
    reconcileWanted = false;
    reconcile = ReconcileState.PREPARING;
    counts.clear();
    rt.capabilities().invalidate();
    // the capabilities are fetched again first: a reconcile is when a changed target shows
    ctx.pipeToSelf(rt.strategy().thenCompose(fresh -> Reconciliation.start(s, rt)
            .thenApply(started -> Map.entry(fresh, started))),
        (pair, error) -> new ReconcileStarted(epoch, pair == null ? null : pair.getKey(),
            pair == null ? null : pair.getValue(), error));
  }

  private Behavior<Command> onReconcileStarted(ReconcileStarted msg) {
    if (msg.epoch() != epoch) {
      return Behaviors.same();
    }
    if (msg.error() != null) {
      reconcile = ReconcileState.NONE;
      log.warn("provider {}: reconcile could not start: {}", rt.name(), rootCause(msg.error()));
      if (!stopping.isEmpty()) {
        return inFlight.isEmpty() ? stopNow() : Behaviors.same();
      }
      scheduleReconcile();
      return claimIfUseful();
    }
    strategy = msg.strategy() == null ? strategy : msg.strategy();
    runId = msg.started().runId();
    if (msg.started().adopted() > 0) {
      counts.merge("ADOPTED", msg.started().adopted(), Integer::sum);
    }
    log.info("provider {}: reconcile {} started: {} objects to check", rt.name(), runId,
        msg.started().marked());
    reconcile = ReconcileState.DRAINING;
    reconcileMarked = msg.started().marked();
    reconcileAttempted = 0;
    if (!stopping.isEmpty()) {
      // stopped while it prepared: its marks are durable, the next incarnation works them
      reconcile = ReconcileState.NONE;
      return inFlight.isEmpty() ? stopNow() : Behaviors.same();
    }
    moreMaybe = true;
    return claimIfUseful();
  }

  private Behavior<Command> onUnfinishedRuns(UnfinishedRuns msg) {
    if (msg.epoch() != epoch || msg.error() != null || msg.runIds().isEmpty()) {
      return Behaviors.same();
    }
    log.info("provider {}: reconcile {} was cut short; starting a new one", rt.name(),
        msg.runIds());
    List<Long> ids = msg.runIds();
    s.onDb(() -> {
      ids.forEach(id -> s.log().runFinished(id, RunCounts.ZERO, s.clock().instant()));
      return Done.getInstance();
    });
    return onRequestReconcile(new RequestReconcile(Optional.empty()));
  }

  private Behavior<Command> onPendingCounted(PendingCounted msg) {
    if (msg.epoch() != epoch) {
      return Behaviors.same();
    }
    countingPending = false;
    if (msg.error() == null) {
      gauges.pending.set(msg.pending());
      if (msg.pending() == 0 && idle() && reconcile == ReconcileState.DRAINING) {
        closeReconcile();
      }
    }
    return Behaviors.same();
  }

  /**
   * Closes the running reconcile once every object it marked was worked at least once (those
   * failing transiently go on retrying as ordinary work), or when nothing is pending at all.
   */
  private void closeReconcileIfDone() {
    if (reconcileAttempted >= reconcileMarked) {
      closeReconcile();
    }
  }

  private void closeReconcile() {
    reconcile = ReconcileState.CLOSING;
    RunCounts result = new RunCounts(counts.getOrDefault("CREATED", 0),
        counts.getOrDefault("UPDATED", 0),
        counts.getOrDefault("DELETED", 0) + counts.getOrDefault("DEACTIVATED", 0),
        counts.getOrDefault("UNCHANGED", 0), counts.getOrDefault("FAILED", 0),
        counts.getOrDefault("ADOPTED", 0));
    long id = runId;
    ctx.pipeToSelf(s.onDb(() -> {
      s.log().runFinished(id, result, s.clock().instant());
      return Done.getInstance();
    }), (done, error) -> new ReconcileClosed(epoch, error));
    log.info("provider {}: reconcile {} done: {}", rt.name(), id, result);
  }

  private Behavior<Command> onReconcileClosed(ReconcileClosed msg) {
    if (msg.epoch() != epoch) {
      return Behaviors.same();
    }
    if (msg.error() != null) {
      log.warn("provider {}: could not record the end of reconcile {}: {}", rt.name(), runId,
          rootCause(msg.error()));
    }
    reconcile = ReconcileState.NONE;
    scheduleReconcile();
    if (reconcileWanted && stopping.isEmpty()) {
      beginReconcile();
    }
    moreMaybe = true;
    return claimIfUseful();
  }

  // ---- status and stop ----

  private Behavior<Command> onGetStatus(GetStatus get) {
    String state = !stopping.isEmpty() ? "stopping" : strategy == null ? "starting" : "running";
    get.replyTo().tell(new LiveStatus(state, inFlight.size(),
        reconcile != ReconcileState.NONE || reconcileWanted,
        reconcile == ReconcileState.PREPARING || reconcileWanted,
        rt.throttle().flatMap(t -> t.pausedUntil())));
    return Behaviors.same();
  }

  private Behavior<Command> onStop(Stop stop) {
    if (!stopping.isEmpty()) {
      stopping.add(stop.replyTo());
      return Behaviors.same();
    }
    stopping.add(stop.replyTo());
    timers.cancel(Tick.INSTANCE);
    timers.cancel("reconcile");
    release(List.copyOf(queued.values()));
    queued.clear();
    if (inFlight.isEmpty() && !claiming && reconcile != ReconcileState.PREPARING) {
      return stopNow();
    }
    timers.startSingleTimer("stop-deadline", StopDeadline.INSTANCE, s.timings().stopTimeout());
    return Behaviors.same();
  }

  private Behavior<Command> onStopDeadline() {
    if (inFlight.isEmpty()) {
      return stopNow();
    }
    // objects with a request on its way keep their lease: a new run could overlap with it
    List<Claim> claims = inFlight.values().stream().filter(w -> !w.sending).map(w -> w.claim)
        .toList();
    log.warn("provider {}: {} objects still in flight after {}; {} given back, the others come "
        + "back when their leases end", rt.name(), inFlight.size(), s.timings().stopTimeout(),
        claims.size());
    inFlight.clear();
    ctx.pipeToSelf(s.onDb(() -> {
      claims.forEach(c -> s.feed().release(c, s.clock().instant()));
      return Done.getInstance();
    }), (done, error) -> new Released(epoch, error));
    return Behaviors.same();
  }

  private Behavior<Command> onReleased(Released msg) {
    if (!stopping.isEmpty() && inFlight.isEmpty()) {
      return stopNow();
    }
    return Behaviors.same();
  }

  private void release(List<Claim> claims) {
    if (claims.isEmpty()) {
      return;
    }
    Instant now = s.clock().instant();
    s.onDb(() -> {
      claims.forEach(c -> s.feed().release(c, now));
      return Done.getInstance();
    });
  }

  private Behavior<Command> stopNow() {
    stopping.forEach(to -> to.tell(Done.getInstance()));
    gauges.inFlight.set(0);
    return Behaviors.stopped();
  }
}
