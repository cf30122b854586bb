package io.scimsync.app.sync;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.UnencodableRequestException;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.ObjectOutcome;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.ObjectSnapshot;
import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.SyncStateStore;
import io.scimsync.domain.sync.ObjectRun;
import io.scimsync.domain.sync.RunContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The objects a {@link ProviderActor} has in progress, and the interpretation of their runs'
 * effects: snapshots read for every waiting object at once, requests sent, commits gathered
 * while the previous batch is being written and then written as one batch. Lives inside the
 * actor: every method runs on the actor's thread, and results come back as {@link Event}s.
 */
final class ObjectWorks {
  /** What the objects' database and transport calls answer, piped back to the actor. */
  sealed interface Event extends ProviderActor.Command
      permits Snapshotted, Replied, Committed, WakeUps.WakeAt {}

  record Snapshotted(long epoch, List<Work> works, Map<ObjectRef, ObjectSnapshot> snapshots,
                     Throwable error) implements Event {}

  record Replied(long epoch, Work work, ScimReply reply, Throwable error) implements Event {}

  record Committed(long epoch, List<Pending> batch, List<SyncStateStore.Outcome> outcomes,
                   Throwable error) implements Event {}

  /** What the actor learns from its objects. */
  interface Listener {
    /**
     * The object's run is over (summary null: it was only released, never run); {@code newer}
     * is a claim of it taken meanwhile, to run next.
     */
    void finished(ObjectRef object, ObjectRun.Summary summary, Claim newer);
  }

  /** One claimed object in progress. */
  static final class Work {
    final Claim claim;
    /** Null until its snapshot is read (and for a release, which needs none). */
    ObjectRun run;
    /** A request is on its way: its claim must not be given back (a new run would overlap). */
    boolean sending;
    /** A newer claim of the object, taken while this run went on: it runs next. */
    Claim newer;

    Work(Claim claim) {
      this.claim = claim;
    }
  }

  record Pending(Work work, ObjectCommit commit) {
    boolean holds() {
      return commit.finish() instanceof ObjectCommit.Finish.Hold;
    }
  }

  private static final int MAX_SNAPSHOTS = 2;

  private final ActorContext<ProviderActor.Command> ctx;
  private final TimerScheduler<ProviderActor.Command> timers;
  private final ProviderRuntime rt;
  private final SyncServices s;
  private final long epoch;
  private final Listener listener;
  private final DatabaseRetry database;
  private final SplittableRandom random = new SplittableRandom();
  private final Map<ObjectRef, Work> inFlight = new HashMap<>();
  private final List<Work> awaitingSnapshot = new ArrayList<>();
  private final List<Pending> commits = new ArrayList<>();
  /** When released objects become claimable: each gets a wake-up. */
  private final WakeUps wakeUps;
  private final Map<ObjectRef, Integer> deferrals = new HashMap<>();
  /** Objects whose snapshot is read alone, after their batch could not be read. */
  private final Set<Work> alone = new HashSet<>();
  /** Snapshot reads on their way (two overlap a read with the other's interpretation). */
  private int snapshotting;
  /** Commit batches on their way: one of create marks, one of finished runs (app/README.md). */
  private boolean flushingMarks;
  private boolean flushingFinished;

  ObjectWorks(ActorContext<ProviderActor.Command> ctx,
              TimerScheduler<ProviderActor.Command> timers, ProviderRuntime rt, SyncServices s,
              long epoch, DatabaseRetry database, Listener listener) {
    this.ctx = ctx;
    this.timers = timers;
    this.rt = rt;
    this.s = s;
    this.epoch = epoch;
    this.listener = listener;
    this.database = database;
    this.wakeUps = new WakeUps(timers, s.clock());
  }

  /** An event of this epoch's objects (those of an earlier incarnation are dropped). */
  void on(Event event, RunContext context, boolean stopping) {
    if (event instanceof Snapshotted msg && msg.epoch() == epoch) {
      onSnapshotted(msg, context, stopping);
    } else if (event instanceof Replied msg && msg.epoch() == epoch) {
      onReplied(msg);
    } else if (event instanceof Committed msg && msg.epoch() == epoch) {
      onCommitted(msg);
    }
  }

  int size() {
    return inFlight.size();
  }

  boolean isEmpty() {
    return inFlight.isEmpty() && commits.isEmpty() && !flushingMarks && !flushingFinished;
  }

  boolean contains(ObjectRef object) {
    return inFlight.containsKey(object);
  }

  /** A claim of an object already in progress: it runs once the current run is over. */
  void claimedAgain(Claim claim) {
    inFlight.get(claim.object()).newer = claim;
  }

  /** Runs the object (its snapshot is read with the others waiting). */
  void start(Claim claim) {
    Work work = new Work(claim);
    inFlight.put(claim.object(), work);
    awaitingSnapshot.add(work);
  }

  /** Gives the claim back untouched, claimable again from {@code at}. */
  void release(Claim claim, Instant at) {
    Work work = new Work(claim);
    inFlight.put(claim.object(), work);
    commit(work, ObjectCommit.releaseAt(claim, at));
  }

  /** Reads the snapshots of every object waiting for one, unless a read is on its way. */
  void readSnapshots() {
    if (snapshotting >= MAX_SNAPSHOTS || awaitingSnapshot.isEmpty()) {
      return;
    }
    snapshotting++;
    List<Work> works = List.copyOf(awaitingSnapshot);
    awaitingSnapshot.clear();
    List<ObjectRef> refs = works.stream().map(w -> w.claim.object()).toList();
    ctx.pipeToSelf(s.onDb(() -> s.state().snapshot(rt.name(), refs)),
        (snapshots, error) -> new Snapshotted(epoch, works, snapshots, error));
  }

  private void onSnapshotted(Snapshotted msg, RunContext context, boolean stopping) {
    if (msg.works().size() == 1 && alone.remove(msg.works().get(0))) {
      onAlone(msg, context, stopping);
      return;
    }
    snapshotting--;
    if (msg.error() != null && DatabaseRetry.unreadable(msg.error())) {
      // one stored object cannot be read (say, nested deeper than the domain takes): each is
      // read alone, so that only that one fails and the rest of the batch goes on
      msg.works().forEach(this::readAlone);
      readSnapshots();
      return;
    }
    if (msg.error() != null) {
      awaitingSnapshot.addAll(0, msg.works());
      database.failed("reading " + msg.works().size() + " objects", msg.error());
      return;
    }
    database.answered();
    Instant now = s.clock().instant();
    for (Work work : msg.works()) {
      if (stopping) {
        commit(work, ObjectCommit.releaseAt(work.claim, now));
        continue;
      }
      ObjectSnapshot snapshot = msg.snapshots().get(work.claim.object());
      work.run = ObjectRun.of(work.claim, snapshot, contextFor(work, context), random);
      interpret(work, work.run.start(now));
    }
    readSnapshots();
  }

  private void readAlone(Work work) {
    alone.add(work);
    List<ObjectRef> ref = List.of(work.claim.object());
    ctx.pipeToSelf(s.onDb(() -> s.state().snapshot(rt.name(), ref)),
        (snapshots, error) -> new Snapshotted(epoch, List.of(work), snapshots, error));
  }

  private void onAlone(Snapshotted msg, RunContext context, boolean stopping) {
    Work work = msg.works().get(0);
    Instant now = s.clock().instant();
    if (msg.error() == null) {
      database.answered();
      if (stopping) {
        commit(work, ObjectCommit.releaseAt(work.claim, now));
        return;
      }
      work.run = ObjectRun.of(work.claim, msg.snapshots().get(work.claim.object()),
          contextFor(work, context), random);
      interpret(work, work.run.start(now));
    } else if (DatabaseRetry.unreadable(msg.error())) {
      // its connection is left as it is: what it links to remotely is not lost
      String problem = "cannot read " + work.claim.object().describe() + " from the directory: "
          + SafeTransport.unwrap(msg.error()).getMessage();
      ctx.getLog().error("provider {}: {}", rt.name(), problem);
      commit(work, new ObjectCommit(work.claim, ObjectCommit.ConnectionChange.KEEP, Optional.of(
          new ObjectOutcome(rt.name(), work.claim.object(), OutcomeKind.FAILED, problem, now)),
          Optional.empty(), new ObjectCommit.Finish.Acknowledge()));
    } else {
      awaitingSnapshot.add(work);
      database.failed("reading " + work.claim.object().describe(), msg.error());
    }
  }

  private RunContext contextFor(Work work, RunContext context) {
    return context.withMayDefer(
        deferrals.getOrDefault(work.claim.object(), 0) < ProviderActor.MAX_DEFERRALS);
  }

  private void interpret(Work work, ObjectRun.Effect effect) {
    if (effect instanceof ObjectRun.Effect.Send send) {
      send(work, send.request());
    } else if (effect instanceof ObjectRun.Effect.Commit commit) {
      commit(work, commit.commit());
    } else {
      ObjectRun.Summary summary = ((ObjectRun.Effect.Finished) effect).summary();
      if (summary.deferred()) {
        deferrals.merge(work.claim.object(), 1, Integer::sum);
      } else {
        deferrals.remove(work.claim.object());
      }
      if (summary.fenced()) {
        s.metrics().commitFenced(rt.name());
      }
      summary.retryAt().ifPresent(wakeUps::at);
      done(work, summary);
    }
  }

  private void done(Work work, ObjectRun.Summary summary) {
    inFlight.remove(work.claim.object());
    listener.finished(work.claim.object(), summary, work.newer);
  }

  private void send(Work work, ScimRequest request) {
    work.sending = true;
    CompletionStage<ScimReply> reply;
    try {
      reply = rt.transport().execute(request);
    } catch (RuntimeException | StackOverflowError e) {
      // a request that cannot even be built (its body cannot be encoded) must not take the
      // actor down: it fails this object
      reply = CompletableFuture.failedFuture(e);
    }
    ctx.pipeToSelf(reply, (answer, error) -> new Replied(epoch, work, answer, error));
  }

  private void onReplied(Replied msg) {
    Work work = msg.work();
    if (inFlight.get(work.claim.object()) != work) {
      return;
    }
    work.sending = false;
    Instant now = s.clock().instant();
    if (msg.reply() instanceof ScimReply.NotDelivered lost
        && lost.cause() == ScimReply.NotDelivered.Cause.NOT_SENT) {
      // the provider stops and the request never left: the claim goes back untouched
      work.run = null;
      commit(work, ObjectCommit.releaseAt(work.claim, now));
    } else if (msg.reply() != null) {
      interpret(work, work.run.onReply(msg.reply(), now));
    } else if (SafeTransport.unsendable(msg.error())) {
      Throwable cause = SafeTransport.unwrap(msg.error());
      interpret(work, work.run.onUnsendable(cause instanceof UnencodableRequestException u
          ? u.reason() : String.valueOf(cause.getMessage()), now));
    } else {
      interpret(work, work.run.onReply(new ScimReply.NotDelivered(
          ScimReply.NotDelivered.Cause.CONNECTION_LOST, "the transport failed: "
          + SafeTransport.unwrap(msg.error())), now));
    }
  }

  private void commit(Work work, ObjectCommit commit) {
    commits.add(new Pending(work, commit));
    flush();
  }

  /**
   * Writes the gathered commits of each kind unless one of that kind is being written: waiting
   * gathers bigger batches exactly while the database is busy.
   */
  void flush() {
    flushingMarks = flushingMarks || flush(true);
    flushingFinished = flushingFinished || flush(false);
  }

  private boolean flush(boolean marks) {
    List<Pending> batch = new ArrayList<>();
    for (var it = commits.iterator(); it.hasNext() && batch.size() < ProviderActor.COMMIT_BATCH; ) {
      Pending pending = it.next();
      if (pending.holds() == marks) {
        batch.add(pending);
        it.remove();
      }
    }
    if (batch.isEmpty()) {
      return false;
    }
    List<ObjectCommit> toWrite = batch.stream().map(Pending::commit).toList();
    ctx.pipeToSelf(s.onDb(() -> s.state().commit(toWrite)),
        (outcomes, error) -> new Committed(epoch, batch, outcomes, error));
    return true;
  }

  private void onCommitted(Committed msg) {
    boolean marks = msg.batch().get(0).holds();
    flushingMarks &= !marks;
    flushingFinished &= marks;
    if (msg.error() != null) {
      // nothing of the batch was written: kept, and written again once the database answers
      commits.addAll(0, msg.batch());
      database.failed("storing " + msg.batch().size() + " results", msg.error());
      return;
    }
    database.answered();
    Instant now = s.clock().instant();
    for (int i = 0; i < msg.batch().size(); i++) {
      Work work = msg.batch().get(i).work();
      SyncStateStore.Outcome outcome = msg.outcomes().get(i);
      if (work.run == null) {
        ObjectCommit commit = msg.batch().get(i).commit();
        if (commit.finish() instanceof ObjectCommit.Finish.ReleaseAt release) {
          wakeUps.at(release.at());
        }
        done(work, null);
      } else {
        interpret(work, work.run.onCommitted(outcome, now));
      }
    }
    flush();
  }

  /** A wake-up came: what is due may be claimed. */
  void wokeUp() {
    wakeUps.fired();
  }

  /** The claims in progress, and the newer claims waiting behind them: what must be renewed. */
  List<Claim> claims() {
    List<Claim> claims = new ArrayList<>();
    for (Work work : inFlight.values()) {
      claims.add(work.claim);
      if (work.newer != null) {
        claims.add(work.newer);
      }
    }
    return claims;
  }

  /** At the stop deadline: the claims of objects with no request on its way, given back. */
  List<Work> abandonIdle() {
    List<Work> idle = inFlight.values().stream().filter(w -> !w.sending).toList();
    inFlight.clear();
    awaitingSnapshot.clear();
    return idle;
  }

  void releaseNow(List<Work> works) {
    Instant now = s.clock().instant();
    for (Work work : works) {
      Work release = new Work(work.claim);
      inFlight.put(work.claim.object(), release);
      commits.add(new Pending(release, ObjectCommit.releaseAt(work.claim, now)));
    }
    flush();
  }

}
