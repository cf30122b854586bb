package io.scimsync.domain.sync;

import io.scimsync.domain.change.Projection;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.SyncFailure;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.ObjectCommit.ConnectionChange;
import io.scimsync.domain.port.ObjectCommit.Finish;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectOutcome;
import io.scimsync.domain.port.ObjectSnapshot;
import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.SyncStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * What a run writes when it stops, as one {@link ObjectCommit}: the connection, the outcome, the
 * groups to mark and what becomes of the claim. Pure; time and randomness are passed in.
 */
public final class Completion {
  private Completion() {
  }

  /**
   * The commit of a finished engine run.
   *
   * @param createInDoubt the mark of a create this run sent whose answer does not say whether
   *                      it was made; empty if there is none
   * @param withheld      the requests dry run kept back, for the outcome's detail
   */
  public static ObjectCommit finished(Claim claim, ObjectSnapshot snapshot, RunResult result,
                                      Optional<Connection> createInDoubt, List<String> withheld,
                                      RunContext ctx, Instant now, RandomGenerator random) {
    Optional<Connection> before = snapshot.connection();
    Optional<SyncFailure> failure = result.failure();
    ConnectionChange change = ConnectionChange.KEEP;
    Optional<ObjectCommit.GroupMarks> marks = Optional.empty();
    boolean stillInDoubt = createInDoubt.isPresent() && result.written().isEmpty()
        && result.kind() == OutcomeKind.FAILED;
    Instant retryAt = failure.filter(f -> f.kind() == SyncFailure.Kind.TRANSIENT || stillInDoubt)
        .map(f -> now.plus(ctx.retry().delay(attempts(before, failure), f.retryAfter(), random)))
        .orElse(null);
    if (result.kind() != OutcomeKind.DRY_RUN) {
      if (result.written().isPresent()) {
        RunResult.Written w = result.written().get();
        change = new ConnectionChange.Save(linked(claim, w, failure, before,
            result.waitingMembers().isEmpty(), retryAt, now));
        if (claim.object().kind() == ObjectKind.USER) {
          boolean newRemoteId = !before.flatMap(Connection::remoteId)
              .equals(Optional.of(w.remoteId()));
          // on every run, not only with a new id: a run re-done after a crash between storing
          // the id and marking still marks them
          marks = Optional.of(new ObjectCommit.GroupMarks(claim.object().localId(), newRemoteId));
        }
      } else if (stillInDoubt) {
        change = new ConnectionChange.Save(inDoubt(createInDoubt.get(), failure.orElseThrow(),
            attempts(before, failure), retryAt, now));
      } else if (result.kind() == OutcomeKind.DELETED || failure.isEmpty()) {
        change = new ConnectionChange.Remove();
      } else {
        change = new ConnectionChange.Save(unlinked(claim, failure.get(), before, retryAt, now));
      }
    }
    Optional<ObjectOutcome> outcome = Optional.empty();
    if (result.kind() != OutcomeKind.UNCHANGED) {
      String detail = failure.map(Completion::describe)
          .orElse(result.kind() == OutcomeKind.DRY_RUN
              ? "would send: " + String.join("; ", withheld) : result.note().orElse(""));
      outcome = Optional.of(new ObjectOutcome(claim.provider(), claim.object(), result.kind(),
          detail, now));
    }
    // a permanent failure waits for the object to change (a new generation) or the reconcile
    Finish finish = retryAt != null ? new Finish.ReleaseAt(retryAt) : new Finish.Acknowledge();
    return new ObjectCommit(claim, change, outcome, marks, finish);
  }

  /**
   * The mark stored before a create leaves: the object's create is in doubt until its answer is
   * stored, and the projection of what is sent names the object for a later lookup.
   */
  public static ObjectCommit createSent(Claim claim, ObjectSnapshot snapshot, ScimRequest post,
                                        Instant now) {
    @SuppressWarnings("unchecked")
    Map<String, Object> body = post.body().filter(Map.class::isInstance)
        .map(b -> (Map<String, Object>) b).orElse(Map.of());
    Connection marked = new Connection(claim.provider(), claim.object(), Optional.empty(),
        Projection.of(body), Optional.empty(), Optional.empty(), SyncStatus.CREATE_SENT,
        snapshot.connection().map(Connection::attempts).orElse(0), Optional.empty(),
        Optional.empty(), OptionalInt.empty(), now);
    return new ObjectCommit(claim, new ConnectionChange.Save(marked), Optional.empty(),
        Optional.empty(), new Finish.Hold());
  }

  /** Nothing to send: acknowledged, the connection left behind dropped if asked. */
  public static ObjectCommit nothing(Claim claim, boolean dropLink) {
    return new ObjectCommit(claim, dropLink ? new ConnectionChange.Remove()
        : ConnectionChange.KEEP, Optional.empty(), Optional.empty(), new Finish.Acknowledge());
  }

  /**
   * A failure no retry mends (the object cannot be mapped, planned or encoded; its remote id is
   * another object's; its name is ambiguous): recorded and acknowledged, retried when the object
   * changes or at the next reconcile. A create in doubt stays in doubt.
   */
  public static ObjectCommit failed(Claim claim, ObjectSnapshot snapshot, String problem,
                                    Instant now) {
    Optional<Connection> before = snapshot.connection();
    SyncFailure failure = SyncFailure.permanent(problem);
    Connection saved;
    if (ObjectSync.inDoubt(before)) {
      saved = inDoubt(before.get(), failure, before.get().attempts() + 1, null, now);
    } else if (before.flatMap(Connection::remoteId).isPresent()) {
      Connection c = before.get();
      saved = new Connection(c.provider(), c.object(), c.remoteId(), c.writtenAttributes(),
          c.writtenMemberIds(), c.etag(), SyncStatus.FAILED, c.attempts() + 1, Optional.empty(),
          Optional.of(problem), OptionalInt.empty(), now);
    } else {
      saved = unlinked(claim, failure, before, null, now);
    }
    return new ObjectCommit(claim, new ConnectionChange.Save(saved), Optional.of(
        new ObjectOutcome(claim.provider(), claim.object(), OutcomeKind.FAILED, problem, now)),
        Optional.empty(), new Finish.Acknowledge());
  }

  /** A lookup that could not tell whether the object exists: retried, still in doubt. */
  public static ObjectCommit lookupFailed(Claim claim, ObjectSnapshot snapshot,
                                          SyncFailure failure, RunContext ctx, Instant now,
                                          RandomGenerator random) {
    Connection before = snapshot.connection().orElseThrow();
    int attempts = before.attempts() + 1;
    Instant retryAt = now.plus(ctx.retry().delay(attempts, failure.retryAfter(), random));
    return new ObjectCommit(claim, new ConnectionChange.Save(inDoubt(before, failure, attempts,
        retryAt, now)), Optional.of(new ObjectOutcome(claim.provider(), claim.object(),
        OutcomeKind.FAILED, describe(failure), now)), Optional.empty(),
        new Finish.ReleaseAt(retryAt));
  }

  private static Connection inDoubt(Connection marked, SyncFailure failure, int attempts,
                                    Instant retryAt, Instant now) {
    return new Connection(marked.provider(), marked.object(), Optional.empty(),
        marked.writtenAttributes(), Optional.empty(), Optional.empty(), SyncStatus.CREATE_SENT,
        attempts, Optional.ofNullable(retryAt), Optional.of(describe(failure)),
        httpStatus(failure.status()), now);
  }

  private static Connection linked(Claim claim, RunResult.Written w,
                                   Optional<SyncFailure> failure, Optional<Connection> before,
                                   boolean membersComplete, Instant retryAt, Instant now) {
    SyncStatus status = failure.map(Completion::statusOf)
        .orElse(membersComplete ? SyncStatus.SYNCED : SyncStatus.WAITING);
    return new Connection(claim.provider(), claim.object(), Optional.of(w.remoteId()),
        w.attributes(), claim.object().kind() == ObjectKind.GROUP ? w.memberIds()
        : Optional.empty(), w.etag(), status, failure.isPresent() ? attempts(before, failure) : 0,
        Optional.ofNullable(retryAt), failure.map(Completion::describe),
        failure.map(f -> httpStatus(f.status())).orElse(OptionalInt.empty()), now);
  }

  private static Connection unlinked(Claim claim, SyncFailure failure,
                                     Optional<Connection> before, Instant retryAt, Instant now) {
    return new Connection(claim.provider(), claim.object(), Optional.empty(), Map.of(),
        Optional.empty(), Optional.empty(), statusOf(failure),
        attempts(before, Optional.of(failure)), Optional.ofNullable(retryAt),
        Optional.of(describe(failure)), httpStatus(failure.status()), now);
  }

  private static SyncStatus statusOf(SyncFailure failure) {
    return failure.kind() == SyncFailure.Kind.TRANSIENT ? SyncStatus.WAITING : SyncStatus.FAILED;
  }

  private static int attempts(Optional<Connection> before, Optional<SyncFailure> failure) {
    int previous = before.filter(c -> c.lastError().isPresent()).map(Connection::attempts)
        .orElse(0);
    return failure.isPresent() ? previous + 1 : 0;
  }

  private static OptionalInt httpStatus(OptionalInt status) {
    return status.isPresent() && status.getAsInt() >= 100 && status.getAsInt() <= 599
        ? status : OptionalInt.empty();
  }

  /** "409 uniqueness: User name taken" or the engine's message: what an operator reads. */
  public static String describe(SyncFailure failure) {
    StringBuilder text = new StringBuilder();
    failure.status().ifPresent(code -> text.append(code).append(' '));
    failure.scimType().ifPresent(type -> text.append(type).append(": "));
    text.append(failure.detail().filter(d -> !d.isBlank()).orElse(failure.message()));
    return text.toString();
  }
}
