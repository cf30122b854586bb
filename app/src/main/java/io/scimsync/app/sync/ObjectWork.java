package io.scimsync.app.sync;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.engine.DesiredGroup;
import io.scimsync.domain.engine.DesiredUser;
import io.scimsync.domain.engine.GroupSync;
import io.scimsync.domain.engine.GroupSyncResult;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.SyncFailure;
import io.scimsync.domain.engine.UserSync;
import io.scimsync.domain.engine.UserSyncResult;
import io.scimsync.domain.engine.WrittenGroup;
import io.scimsync.domain.engine.WrittenUser;
import io.scimsync.domain.mapping.UserMapper;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectOutcome;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.RemoteIdTakenException;
import io.scimsync.domain.port.SyncStatus;
import io.scimsync.domain.target.TargetStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The blocking halves of one object's sync: what to run (from the directory and the connection),
 * and what to store once the engine is done. Both run on the database executor; the engine's
 * requests run in between, driven by the provider actor.
 */
final class ObjectWork {
  private ObjectWork() {
  }

  /** What a claimed object needs. */
  sealed interface Prepared {
    /** Drive this run; {@code before} is the connection it started from. */
    record Run(EngineRun run, Optional<Connection> before) implements Prepared {}

    /**
     * Nothing to send (deleted locally and never written): acknowledge, and drop the unlinked
     * connection a failed create left, if {@code dropLink}.
     */
    record Nothing(String why, boolean dropLink) implements Prepared {}

    /** A group whose members are still being created: try again shortly. */
    record Defer(Set<String> waitingFor) implements Prepared {}

    /**
     * A create was sent and never confirmed (the daemon died before storing its answer): ask the
     * target whether the object exists, by its exact {@code attribute}, before creating again.
     */
    record LookUp(ScimRequest request, String attribute, String value) implements Prepared {}
  }

  /** The mark of a create on its way: see {@link Prepared.LookUp}. */
  static final String CREATE_SENT = "create sent, answer not stored yet";

  /** The connection that says a create is on its way, stored before the create is sent. */
  static Connection createSent(String provider, ObjectRef ref, Optional<Connection> before,
                               Instant now) {
    return new Connection(provider, ref, Optional.empty(), Map.of(), Optional.empty(),
        Optional.empty(), SyncStatus.PENDING, before.map(Connection::attempts).orElse(0),
        Optional.empty(), Optional.of(CREATE_SENT), OptionalInt.empty(), now);
  }

  /** The one resource in a filtered list whose {@code attribute} is exactly {@code value}. */
  static Optional<String> exactMatch(ScimReply reply, String attribute, String value) {
    if (!(reply instanceof ScimReply.Received received) || received.status() / 100 != 2) {
      return Optional.empty();
    }
    Object resources = received.object().map(body -> body.get("Resources")).orElse(null);
    if (!(resources instanceof List<?> list)) {
      return Optional.empty();
    }
    List<String> ids = new java.util.ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> resource && value.equals(resource.get(attribute))
          && resource.get("id") instanceof String id && ScimRequest.usableId(id)) {
        ids.add(id);
      }
    }
    return ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty();
  }

  /** The stored end of one object's run. */
  record Stored(String outcome, Optional<SyncFailure> failure, Optional<Instant> retryAt,
                boolean acknowledged) {}

  /**
   * @param reconcile  read the remote object and repair drift (full reconcile)
   * @param mayDefer   whether a group may wait for members that are still being created
   * @param adoptedAs  a remote id discovery matched to this unlinked object (plans only; the
   *                   daemon stores adoptions before it marks objects dirty)
   */
  static Prepared prepare(SyncServices s, ProviderRuntime rt, TargetStrategy strategy,
                          ObjectRef ref, boolean reconcile, boolean mayDefer,
                          Optional<String> adoptedAs) {
    return prepare(s, rt, strategy, ref, reconcile, mayDefer, adoptedAs, false);
  }

  /** @param mayLookUp look up an object whose create was never confirmed (see LookUp) */
  static Prepared prepare(SyncServices s, ProviderRuntime rt, TargetStrategy strategy,
                          ObjectRef ref, boolean reconcile, boolean mayDefer,
                          Optional<String> adoptedAs, boolean mayLookUp) {
    String provider = rt.name();
    Optional<Connection> before = s.connections().find(provider, ref);
    boolean unconfirmedCreate = mayLookUp && adoptedAs.isEmpty() && strategy.filter()
        && before.filter(c -> c.remoteId().isEmpty()
            && c.lastError().filter(CREATE_SENT::equals).isPresent()).isPresent();
    if (ref.kind() == ObjectKind.USER) {
      Optional<WrittenUser> written = before.flatMap(c -> c.remoteId()
              .map(id -> new WrittenUser(id, c.writtenAttributes(), c.etag())))
          .or(() -> adoptedAs.map(id -> new WrittenUser(id, Map.of(), Optional.empty())));
      Optional<LocalUser> user = s.directory().findUser(ref.localId());
      if (user.isEmpty()) {
        return written.<Prepared>map(w -> new Prepared.Run(EngineRun.of(
                UserSync.deprovision(w, rt.settings().deprovision(), strategy)), before))
            .orElse(new Prepared.Nothing("deleted locally, never written to the target",
                before.isPresent()));
      }
      DesiredUser desired = new DesiredUser(ref.localId(),
          UserMapper.map(user.get(), rt.overrides()));
      if (unconfirmedCreate) {
        String userName = desired.payload().userName();
        return new Prepared.LookUp(UserSync.lookupByUserName(userName), "userName", userName);
      }
      UserSync run = reconcile && written.isPresent()
          ? UserSync.reconcile(desired, written.get(), strategy)
          : UserSync.write(desired, written, strategy);
      return new Prepared.Run(EngineRun.of(run), before);
    }
    Optional<WrittenGroup> written = before.flatMap(c -> c.remoteId()
            .map(id -> new WrittenGroup(id, c.writtenAttributes(), c.writtenMemberIds(),
                c.etag())))
        .or(() -> adoptedAs.map(id -> new WrittenGroup(id, Map.of(), Optional.empty(),
            Optional.empty())));
    Optional<LocalGroup> group = s.directory().findGroup(ref.localId());
    if (group.isEmpty()) {
      return written.<Prepared>map(w -> new Prepared.Run(EngineRun.of(
              GroupSync.delete(w, strategy)), before))
          .orElse(new Prepared.Nothing("deleted locally, never written to the target",
              before.isPresent()));
    }
    Map<String, Connection> members = s.connections().findAll(provider, ObjectKind.USER,
        group.get().memberIds());
    if (mayDefer) {
      // members without a remote id that may still get one: writing the group now would cost a
      // second membership PATCH once they land (their landing dirties this group again)
      Set<String> waitingFor = new TreeSet<>();
      for (String member : group.get().memberIds()) {
        Connection c = members.get(member);
        if (c == null || (c.remoteId().isEmpty() && c.status() != SyncStatus.FAILED)) {
          waitingFor.add(member);
        }
      }
      if (!waitingFor.isEmpty()) {
        return new Prepared.Defer(waitingFor);
      }
    }
    DesiredGroup desired = DesiredGroup.of(group.get(), rt.overrides(),
        member -> Optional.ofNullable(members.get(member)).flatMap(Connection::remoteId));
    if (unconfirmedCreate) {
      String name = desired.payload().displayName();
      return new Prepared.LookUp(ScimRequest.get("/Groups", Map.of("filter",
          io.scimsync.domain.engine.ScimFilter.eq("displayName", name))), "displayName", name);
    }
    GroupSync run = reconcile && written.isPresent()
        ? GroupSync.reconcile(desired, written.get(), strategy)
        : GroupSync.write(desired, written, strategy);
    return new Prepared.Run(EngineRun.of(run), before);
  }

  /**
   * Stores a finished run: the connection (or its removal), the outcome, the groups a new user
   * id affects, and then the claim (acknowledged, or released for a retry).
   *
   * @param withheld the requests dry run kept back, for the outcome's detail
   */
  static Stored store(SyncServices s, Claim claim, Optional<Connection> before, Object result,
                      List<String> withheld) {
    Instant now = s.clock().instant();
    String provider = claim.provider();
    ObjectRef ref = claim.object();
    String outcome;
    Optional<SyncFailure> failure;
    if (result instanceof UserSyncResult r) {
      outcome = r.outcome().name();
      failure = r.failure();
      Optional<String> oldRemoteId = before.flatMap(Connection::remoteId);
      if (r.outcome() != UserSyncResult.Outcome.DRY_RUN) {
        Optional<String> saved = saveOrRemove(s, claim, before, r.written().map(w ->
            linked(provider, ref, w.remoteId(), w.attributes(), Optional.empty(), w.etag(),
                failure, before, Set.of(), now)), failure, r.outcome()
            == UserSyncResult.Outcome.DELETED, now);
        if (saved.isPresent()) {
          markGroupsWaitingFor(s, provider, ref.localId(), !saved.equals(oldRemoteId));
        }
      }
    } else if (result instanceof GroupSyncResult r) {
      outcome = r.outcome().name();
      failure = r.failure();
      if (r.outcome() != GroupSyncResult.Outcome.DRY_RUN) {
        saveOrRemove(s, claim, before, r.written().map(w ->
            linked(provider, ref, w.remoteId(), w.attributes(), w.memberIds(), w.etag(), failure,
                before, r.waitingMembers(), now)), failure,
            r.outcome() == GroupSyncResult.Outcome.DELETED, now);
      }
    } else {
      throw new IllegalArgumentException("not an engine result: " + result);
    }
    if (!outcome.equals("UNCHANGED")) {
      String detail = failure.map(ObjectWork::describe)
          .orElse(outcome.equals("DRY_RUN") ? "would send: " + String.join("; ", withheld) : "");
      s.log().record(new ObjectOutcome(provider, ref, OutcomeKind.valueOf(outcome), detail, now));
    }
    if (failure.isPresent() && failure.get().kind() == SyncFailure.Kind.TRANSIENT) {
      Instant retryAt = now.plus(retryDelay(s.timings(), attempts(before, failure) ,
          failure.get().retryAfter()));
      s.feed().release(claim, retryAt);
      return new Stored(outcome, failure, Optional.of(retryAt), false);
    }
    // a permanent failure waits for the object to change (a new generation) or the reconcile
    return new Stored(outcome, failure, Optional.empty(), s.feed().acknowledge(claim));
  }

  /**
   * Marks the user's groups that may lack it on the target: all of them when its remote id is
   * new, else those not known to be in sync. Done on every run, not only when the id is new, so
   * that a run re-done after a crash between storing the id and marking still marks them.
   */
  private static void markGroupsWaitingFor(SyncServices s, String provider, String userId,
                                           boolean newRemoteId) {
    Set<String> groups = s.directory().groupsOf(userId);
    if (groups.isEmpty()) {
      return;
    }
    List<ObjectRef> marks;
    if (newRemoteId) {
      marks = groups.stream().map(ObjectRef::group).toList();
    } else {
      Map<String, Connection> links = s.connections().findAll(provider, ObjectKind.GROUP, groups);
      marks = groups.stream().filter(g -> links.get(g) == null
              || links.get(g).status() != SyncStatus.SYNCED)
          .map(ObjectRef::group).toList();
    }
    s.feed().markDirty(provider, marks);
  }

  /** Stores an object's failure that no retry can mend (it cannot be mapped or planned). */
  static Stored storeBroken(SyncServices s, Claim claim, Optional<Connection> before,
                            String problem) {
    Instant now = s.clock().instant();
    SyncFailure failure = SyncFailure.permanent(problem);
    s.connections().save(before.filter(c -> c.remoteId().isPresent())
        .map(c -> new Connection(c.provider(), c.object(), c.remoteId(), c.writtenAttributes(),
            c.writtenMemberIds(), c.etag(), SyncStatus.FAILED, c.attempts() + 1,
            Optional.empty(), Optional.of(problem), OptionalInt.empty(), now))
        .orElseGet(() -> unlinked(claim.provider(), claim.object(), Optional.of(failure), before,
            now)));
    s.log().record(new ObjectOutcome(claim.provider(), claim.object(), OutcomeKind.FAILED,
        problem, now));
    return new Stored("FAILED", Optional.of(failure), Optional.empty(),
        s.feed().acknowledge(claim));
  }

  /** @return the remote id now linked, if any */
  private static Optional<String> saveOrRemove(SyncServices s, Claim claim,
                                               Optional<Connection> before,
                                               Optional<Connection> linked,
                                               Optional<SyncFailure> failure, boolean deleted,
                                               Instant now) {
    String provider = claim.provider();
    ObjectRef ref = claim.object();
    if (linked.isPresent()) {
      try {
        s.connections().save(linked.get());
        return linked.get().remoteId();
      } catch (RemoteIdTakenException e) {
        // two local objects matched one remote object: keep this one unlinked and visible
        s.connections().save(unlinked(provider, ref, Optional.of(SyncFailure.permanent(
            e.getMessage())), before, now));
        return Optional.empty();
      }
    }
    if (deleted || failure.isEmpty()) {
      s.connections().remove(provider, ref);
    } else {
      s.connections().save(unlinked(provider, ref, failure, before, now));
    }
    return Optional.empty();
  }

  private static Connection linked(String provider, ObjectRef ref, String remoteId,
                                   Map<String, Object> attributes,
                                   Optional<Set<String>> memberIds, Optional<String> etag,
                                   Optional<SyncFailure> failure, Optional<Connection> before,
                                   Set<String> waitingMembers, Instant now) {
    SyncStatus status = failure.map(ObjectWork::statusOf)
        .orElse(waitingMembers.isEmpty() ? SyncStatus.SYNCED : SyncStatus.WAITING);
    return new Connection(provider, ref, Optional.of(remoteId), attributes, memberIds, etag,
        status, failure.isPresent() ? attempts(before, failure) : 0, Optional.empty(),
        failure.map(ObjectWork::describe), failure.map(f -> httpStatus(f.status()))
            .orElse(OptionalInt.empty()), now);
  }

  private static Connection unlinked(String provider, ObjectRef ref,
                                     Optional<SyncFailure> failure, Optional<Connection> before,
                                     Instant now) {
    return new Connection(provider, ref, Optional.empty(), Map.of(), Optional.empty(),
        Optional.empty(), failure.map(ObjectWork::statusOf).orElse(SyncStatus.PENDING),
        attempts(before, failure), Optional.empty(), failure.map(ObjectWork::describe),
        failure.map(f -> httpStatus(f.status())).orElse(OptionalInt.empty()), now);
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
  static String describe(SyncFailure failure) {
    StringBuilder text = new StringBuilder();
    failure.status().ifPresent(code -> text.append(code).append(' '));
    failure.scimType().ifPresent(type -> text.append(type).append(": "));
    text.append(failure.detail().filter(d -> !d.isBlank()).orElse(failure.message()));
    return text.toString();
  }

  /** Exponential with full jitter, never sooner than the target asked. */
  static Duration retryDelay(SyncServices.Timings timings, int attempt,
                             Optional<Duration> retryAfter) {
    long base = Math.max(1, timings.retryBase().toMillis());
    long cap = Math.max(base, timings.retryMax().toMillis());
    int shift = Math.min(30, Math.max(0, attempt - 1));
    long ceiling = Math.min(cap, base << shift);
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    Duration backoff = Duration.ofMillis(delay);
    return retryAfter.filter(after -> after.compareTo(backoff) > 0).orElse(backoff);
  }
}
