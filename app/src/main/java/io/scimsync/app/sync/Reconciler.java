package io.scimsync.app.sync;

import io.scimsync.app.api.ReconcileAccepted;
import io.scimsync.domain.port.Run;
import io.scimsync.domain.port.RunCounts;
import io.scimsync.domain.port.RunKind;
import io.scimsync.domain.target.TargetStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * A {@link ProviderActor}'s full reconciles: scheduled (jittered) and asked for, prepared by
 * {@link Reconciliation} (discovery, adoption, marking), then drained as the actor's ordinary
 * claims worked in reconcile mode, and closed once each object it marked was worked. Lives inside
 * the actor: every method runs on the actor's thread; results come back as {@link Event}s.
 */
final class Reconciler {
  enum State { NONE, PREPARING, DRAINING, CLOSING }

  sealed interface Event extends ProviderActor.Command {}

  enum Scheduled implements Event { INSTANCE }

  record Started(long epoch, TargetStrategy strategy, Reconciliation.Started started,
                 Throwable error) implements Event {}

  record Closed(long epoch, Throwable error) implements Event {}

  record Unfinished(long epoch, List<Long> runIds, Throwable error) implements Event {}

  /** What the reconciles need of their actor. */
  interface Host {
    /** Whether a reconcile may begin now (the target is known, the actor is not stopping). */
    boolean mayBegin();

    /** The strategy read afresh for the reconcile, and whether objects now run in it. */
    void reconciling(TargetStrategy strategy, boolean draining);

    /** Claims may go on. */
    void resume();
  }

  private final ActorContext<ProviderActor.Command> ctx;
  private final TimerScheduler<ProviderActor.Command> timers;
  private final ProviderRuntime rt;
  private final SyncServices s;
  private final long epoch;
  private final Host host;
  private final Logger log;
  private State state = State.NONE;
  private boolean wanted;
  private long runId;
  private final ReconcileCounts counts = new ReconcileCounts();

  Reconciler(ActorContext<ProviderActor.Command> ctx,
             TimerScheduler<ProviderActor.Command> timers, ProviderRuntime rt, SyncServices s,
             long epoch, Host host) {
    this.ctx = ctx;
    this.timers = timers;
    this.rt = rt;
    this.s = s;
    this.epoch = epoch;
    this.host = host;
    this.log = ctx.getLog();
  }

  State state() {
    return state;
  }

  /** Asked for or under way. */
  boolean active() {
    return state != State.NONE || wanted;
  }

  /** Asked for, or discovering and marking (its objects are not in the feed yet). */
  boolean preparing() {
    return state == State.PREPARING || wanted;
  }

  boolean draining() {
    return state == State.DRAINING;
  }

  /** Claims wait while a reconcile marks (they would be worked outside it) and closes. */
  boolean holdsClaims() {
    return state == State.PREPARING || state == State.CLOSING;
  }

  /** Schedules the next periodic reconcile, and looks for one a crash or stop cut short. */
  void startUp() {
    scheduleNext();
    // a reconcile cut short (crash, stop) left its marks in the feed, but worked outside a
    // reconcile they would not be read back from the target: it starts again
    ctx.pipeToSelf(s.onDb(() -> s.log().recentRuns(rt.name(), 20).stream()
            .filter(run -> run.kind() == RunKind.RECONCILE && run.finishedAt().isEmpty())
            .map(Run::id).toList()),
        (ids, error) -> new Unfinished(epoch, ids, error));
  }

  void stop() {
    timers.cancel(Scheduled.INSTANCE);
  }

  private void scheduleNext() {
    Duration interval = s.timings().reconcileInterval();
    if (interval.isZero() || interval.isNegative()) {
      return;
    }
    // jittered per provider, so that providers started together do not reconcile together
    long millis = interval.toMillis();
    long jittered = millis - millis / 10 + ThreadLocalRandom.current().nextLong(millis / 5 + 1);
    timers.startSingleTimer(Scheduled.INSTANCE, Scheduled.INSTANCE, Duration.ofMillis(jittered));
  }

  /** A reconcile is asked for; {@code replyTo} learns whether one was already on. */
  void request(Optional<ActorRef<ReconcileAccepted>> replyTo) {
    boolean fresh = !active();
    replyTo.ifPresent(to -> to.tell(new ReconcileAccepted(rt.name(), !fresh)));
    if (fresh) {
      wanted = true;
      if (host.mayBegin()) {
        begin();
      }
    }
  }

  /** Begins the reconcile asked for, if any (the target just became known). */
  void beginIfWanted() {
    if (wanted && host.mayBegin()) {
      begin();
    }
  }

  private void begin() {
    wanted = false;
    state = State.PREPARING;
    counts.clear();
    rt.capabilities().invalidate();
    // the capabilities are fetched again first: a reconcile is when a changed target shows
    ctx.pipeToSelf(rt.strategy().thenCompose(fresh -> Reconciliation.start(s, rt)
            .thenApply(started -> Map.entry(fresh, started))),
        (pair, error) -> new Started(epoch, pair == null ? null : pair.getKey(),
            pair == null ? null : pair.getValue(), error));
  }

  void on(Event event, boolean stopping) {
    if (event instanceof Scheduled) {
      request(Optional.empty());
    } else if (event instanceof Started started && started.epoch() == epoch) {
      onStarted(started, stopping);
    } else if (event instanceof Closed closed && closed.epoch() == epoch) {
      onClosed(closed, stopping);
    } else if (event instanceof Unfinished unfinished && unfinished.epoch() == epoch) {
      onUnfinished(unfinished);
    }
  }

  private void onStarted(Started msg, boolean stopping) {
    if (msg.error() != null) {
      state = State.NONE;
      log.warn("provider {}: reconcile could not start: {}", rt.name(),
          SafeTransport.rootCause(msg.error()));
      if (!stopping) {
        scheduleNext();
      }
      host.resume();
      return;
    }
    runId = msg.started().runId();
    counts.started(msg.started().adopted(), msg.started().marked());
    log.info("provider {}: reconcile {} started: {} objects to check", rt.name(), runId,
        msg.started().marked());
    // stopped while it prepared: its marks are durable, the next incarnation works them
    state = stopping ? State.NONE : State.DRAINING;
    host.reconciling(msg.strategy(), draining());
    host.resume();
  }

  private void onUnfinished(Unfinished msg) {
    if (msg.error() != null || msg.runIds().isEmpty()) {
      return;
    }
    log.info("provider {}: reconcile {} was cut short; starting a new one", rt.name(),
        msg.runIds());
    List<Long> ids = msg.runIds();
    s.onDb(() -> {
      ids.forEach(id -> s.log().runFinished(id, RunCounts.ZERO, s.clock().instant()));
      return Done.getInstance();
    });
    request(Optional.empty());
  }

  /** One of the reconcile's objects was worked; its outcome, if it did something. */
  void worked(io.scimsync.domain.port.OutcomeKind outcome, boolean idle) {
    if (draining()) {
      counts.worked(outcome);
      closeIf(idle && counts.allWorked());
    }
  }

  /**
   * Closes the reconcile once every object it marked was worked at least once (those failing
   * transiently go on retrying as ordinary work), or when nothing is pending at all.
   */
  void closeIf(boolean done) {
    if (draining() && done) {
      state = State.CLOSING;
      RunCounts result = counts.result();
      long id = runId;
      host.reconciling(null, false);
      ctx.pipeToSelf(s.onDb(() -> {
        s.log().runFinished(id, result, s.clock().instant());
        return Done.getInstance();
      }), (done2, error) -> new Closed(epoch, error));
      log.info("provider {}: reconcile {} done: {}", rt.name(), id, result);
    }
  }

  boolean allWorked() {
    return counts.allWorked();
  }

  private void onClosed(Closed msg, boolean stopping) {
    if (msg.error() != null) {
      log.warn("provider {}: could not record the end of reconcile {}: {}", rt.name(), runId,
          SafeTransport.rootCause(msg.error()));
    }
    state = State.NONE;
    if (!stopping) {
      scheduleNext();
      beginIfWanted();
    }
    host.resume();
  }
}
