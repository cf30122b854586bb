package io.scimsync.domain.sync;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.Step;
import io.scimsync.domain.engine.SyncFailure;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.ObjectSnapshot;
import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.SyncStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One claimed object's run, from its snapshot to its last commit: decide, look up a create in
 * doubt, mark a create before it leaves, drive the engine, complete. Pure: no clock, no I/O;
 * every event is answered with the next {@link Effect} for the caller to carry out, and the
 * caller reports back with {@link #onReply} after a {@link Effect.Send} and {@link #onCommitted}
 * after a {@link Effect.Commit}. Not thread-safe: one owner drives it.
 *
 * <p>Everything a run writes is committed under the claim it started with, so a run whose claim
 * was taken over (its lease ran out and a newer claim took the entry) writes nothing and stops:
 * the newer claim runs the object again. An exception (or a stack overflow) while deciding,
 * planning or completing fails the object permanently with the reason, instead of escaping.
 */
public final class ObjectRun {
  /** What the caller carries out next. */
  public sealed interface Effect {
    /** Send the request to the target; answer with {@link #onReply}. */
    record Send(ScimRequest request) implements Effect {}

    /** Commit, under the run's claim; answer with {@link #onCommitted}. */
    record Commit(ObjectCommit commit) implements Effect {}

    /** The run is over. */
    record Finished(Summary summary) implements Effect {}
  }

  /**
   * How a run ended, for metrics, logs and the reconcile's counts.
   *
   * @param outcome  what was done; empty if nothing was (nothing to send, a deferral, a fence)
   * @param deferred a group released to wait for members still being created
   * @param fenced   the claim was taken over: nothing was written
   * @param retryAt  when the object is tried again, after a transient failure or a deferral
   */
  public record Summary(Optional<OutcomeKind> outcome, Optional<SyncFailure> failure,
                        boolean deferred, boolean fenced, Optional<Instant> retryAt) {
    static final Summary FENCED = new Summary(Optional.empty(), Optional.empty(), false, true,
        Optional.empty());
  }

  private enum Phase { NEW, LOOKING_UP, MARKING, RUNNING, COMMITTING, DONE }

  private final Claim claim;
  private final ObjectSnapshot snapshot;
  private final RunContext ctx;
  private final Optional<String> adoptedAs;
  private final RandomGenerator random;
  private final List<String> withheld = new ArrayList<>();
  private Phase phase = Phase.NEW;
  private EngineRun engine;
  private boolean adopted;
  private Decision.LookUp lookUp;
  private ScimRequest sending;
  private ScimRequest pendingCreate;
  private Connection createMark;
  private boolean createInDoubt;
  private Summary summary;

  private ObjectRun(Claim claim, ObjectSnapshot snapshot, RunContext ctx,
                    Optional<String> adoptedAs, RandomGenerator random) {
    this.claim = Objects.requireNonNull(claim, "claim");
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.adoptedAs = Objects.requireNonNull(adoptedAs, "adoptedAs");
    this.random = Objects.requireNonNull(random, "random");
    if (!snapshot.object().equals(claim.object())) {
      throw new IllegalArgumentException("snapshot of " + snapshot.object().describe()
          + " for the claim of " + claim.object().describe());
    }
  }

  /** A run of the claimed object from its snapshot; {@link #start} gives its first effect. */
  public static ObjectRun of(Claim claim, ObjectSnapshot snapshot, RunContext ctx,
                             RandomGenerator random) {
    return new ObjectRun(claim, snapshot, ctx, Optional.empty(), random);
  }

  /** A plan's run: the unlinked object is taken as linked to {@code adoptedAs} if present. */
  public static ObjectRun planned(Claim claim, ObjectSnapshot snapshot, RunContext ctx,
                                  Optional<String> adoptedAs, RandomGenerator random) {
    return new ObjectRun(claim, snapshot, ctx, adoptedAs, random);
  }

  public Claim claim() {
    return claim;
  }

  /** The first effect. */
  public Effect start(Instant now) {
    require(Phase.NEW);
    try {
      return decided(ObjectSync.decide(snapshot, ctx, adoptedAs), now);
    } catch (RuntimeException | StackOverflowError e) {
      return failed("cannot sync " + claim.object().describe() + ": " + reason(e), now);
    }
  }

  /** The reply to the last {@link Effect.Send}. */
  public Effect onReply(ScimReply reply, Instant now) {
    Objects.requireNonNull(reply, "reply");
    if (phase == Phase.LOOKING_UP) {
      return lookedUp(reply, now);
    }
    require(Phase.RUNNING);
    ScimRequest sent = sending;
    sending = null;
    if (reply instanceof ScimReply.WithheldByDryRun) {
      withheld.add(sent.describe());
    }
    if (sent == pendingCreate) {
      createInDoubt = !definitive(reply);
    }
    try {
      return stepped(engine.onReply(reply), now);
    } catch (RuntimeException | StackOverflowError e) {
      return failed("cannot continue " + claim.object().describe() + " after " + sent.describe()
          + ": " + reason(e), now);
    }
  }

  /**
   * The last {@link Effect.Send}'s request could not be sent at all (its body cannot be encoded):
   * the object fails permanently, since sending it again cannot help.
   */
  public Effect onUnsendable(String problem, Instant now) {
    if (phase != Phase.LOOKING_UP) {
      require(Phase.RUNNING);
    }
    String what = sending == null ? "a request" : sending.describe();
    sending = null;
    return failed("cannot send " + what + " for " + claim.object().describe() + ": " + problem,
        now);
  }

  /** What became of the last {@link Effect.Commit}. */
  public Effect onCommitted(SyncStateStore.Outcome outcome, Instant now) {
    Objects.requireNonNull(outcome, "outcome");
    if (outcome.result() == SyncStateStore.Result.FENCED) {
      phase = Phase.DONE;
      return new Effect.Finished(Summary.FENCED);
    }
    if (phase == Phase.MARKING) {
      phase = Phase.RUNNING;
      createInDoubt = true;
      return send(pendingCreate);
    }
    require(Phase.COMMITTING);
    if (outcome.result() == SyncStateStore.Result.REMOTE_ID_TAKEN) {
      // two local objects matched one remote object: keep this one unlinked and visible
      summary = null;
      return failed(outcome.detail(), now);
    }
    phase = Phase.DONE;
    return new Effect.Finished(summary);
  }

  private Effect decided(Decision decision, Instant now) {
    if (decision instanceof Decision.Run run) {
      engine = run.run();
      adopted = run.adopted();
      phase = Phase.RUNNING;
      return stepped(engine.start(), now);
    }
    if (decision instanceof Decision.LookUp look) {
      lookUp = look;
      phase = Phase.LOOKING_UP;
      sending = look.request();
      return new Effect.Send(look.request());
    }
    if (decision instanceof Decision.Defer) {
      Instant later = now.plus(ctx.deferMembers());
      return commit(ObjectCommit.releaseAt(claim, later), new Summary(Optional.empty(),
          Optional.empty(), true, false, Optional.of(later)));
    }
    Decision.Nothing nothing = (Decision.Nothing) decision;
    return commit(Completion.nothing(claim, nothing.dropLink()), new Summary(Optional.empty(),
        Optional.empty(), false, false, Optional.empty()));
  }

  private Effect lookedUp(ScimReply reply, Instant now) {
    sending = null;
    String context = lookUp.request().describe() + " for " + claim.object().describe()
        + " (its create was sent, its answer never stored)";
    LookupResult found = LookupResult.of(reply, lookUp.attribute(), lookUp.value(), context);
    if (found instanceof LookupResult.Unknown unknown) {
      ObjectCommit commit = Completion.lookupFailed(claim, snapshot, unknown.failure(), ctx,
          now, random);
      return commit(commit, new Summary(Optional.of(OutcomeKind.FAILED),
          Optional.of(unknown.failure()), false, false, retryAt(commit)));
    }
    if (found instanceof LookupResult.Ambiguous ambiguous) {
      return failed(context + ": " + ambiguous.remoteIds().size() + " remote objects have "
          + lookUp.attribute() + " '" + lookUp.value() + "' exactly (" + ambiguous.remoteIds()
          + "), so none is adopted", now);
    }
    try {
      return decided(ObjectSync.afterLookUp(snapshot, ctx, found), now);
    } catch (RuntimeException | StackOverflowError e) {
      return failed("cannot sync " + claim.object().describe() + ": " + reason(e), now);
    }
  }

  private Effect stepped(Step<RunResult> step, Instant now) {
    if (step instanceof Step.Send<RunResult> send) {
      ScimRequest request = send.request();
      if (EngineRun.isCreate(request) && !ctx.dryRun()) {
        // stored before it leaves: should the answer be lost (timeout, crash), whatever happens
        // next to the object looks it up first instead of creating it twice
        pendingCreate = request;
        phase = Phase.MARKING;
        ObjectCommit mark = Completion.createSent(claim, snapshot, request, now);
        createMark = ((ObjectCommit.ConnectionChange.Save) mark.connection()).connection();
        return new Effect.Commit(mark);
      }
      return send(request);
    }
    RunResult result = ((Step.Done<RunResult>) step).result();
    if (adopted) {
      result = result.asAdopted();
    }
    ObjectCommit commit = Completion.finished(claim, snapshot, result,
        createInDoubt ? Optional.ofNullable(createMark) : Optional.empty(), withheld, ctx, now,
        random);
    return commit(commit, new Summary(Optional.of(result.kind()), result.failure(), false,
        false, retryAt(commit)));
  }

  private Effect send(ScimRequest request) {
    sending = request;
    return new Effect.Send(request);
  }

  private Effect failed(String problem, Instant now) {
    return commit(Completion.failed(claim, snapshot, problem, now), new Summary(
        Optional.of(OutcomeKind.FAILED), Optional.of(SyncFailure.permanent(problem)), false,
        false, Optional.empty()));
  }

  private Effect commit(ObjectCommit commit, Summary done) {
    phase = Phase.COMMITTING;
    summary = done;
    return new Effect.Commit(commit);
  }

  private static Optional<Instant> retryAt(ObjectCommit commit) {
    return commit.finish() instanceof ObjectCommit.Finish.ReleaseAt release
        ? Optional.of(release.at()) : Optional.empty();
  }

  /**
   * Whether a create's reply settles that the create made nothing: a 4xx the target answered
   * with (refused, conflicting, rate limited), or a connection that was never made. A 2xx is no
   * settlement by itself: only a remote id the engine could link is (a 2xx without one leaves
   * the object to be looked up).
   */
  private static boolean definitive(ScimReply reply) {
    if (reply instanceof ScimReply.Received received) {
      int status = received.status();
      return status / 100 == 4 && status != 408;
    }
    return reply instanceof ScimReply.NotDelivered lost
        && (lost.cause() == ScimReply.NotDelivered.Cause.CONNECT_FAILED
        || lost.cause() == ScimReply.NotDelivered.Cause.NOT_SENT);
  }

  private static String reason(Throwable e) {
    if (e instanceof StackOverflowError) {
      return "its data is nested too deeply to process";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private void require(Phase expected) {
    if (phase != expected) {
      throw new IllegalStateException("run of " + claim.object().describe() + " is " + phase
          + ", not " + expected);
    }
  }
}
