package io.scimsync.domain.sync;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.engine.DesiredGroup;
import io.scimsync.domain.engine.DesiredUser;
import io.scimsync.domain.engine.GroupSync;
import io.scimsync.domain.engine.ScimFilter;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.UserSync;
import io.scimsync.domain.engine.WrittenGroup;
import io.scimsync.domain.engine.WrittenUser;
import io.scimsync.domain.mapping.UserMapper;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.MemberLink;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectSnapshot;
import io.scimsync.domain.port.SyncStatus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-object policy: what a claimed object needs, from its snapshot alone. Pure; the answers
 * are {@link Decision}s, and what a finished run writes is {@link Completion}'s.
 */
public final class ObjectSync {
  private ObjectSync() {
  }

  /**
   * What to do with the object.
   *
   * @param adoptedAs a remote id a plan's discovery matched to this unlinked object (the daemon
   *                  stores adoptions before it marks objects dirty, so it passes empty)
   */
  public static Decision decide(ObjectSnapshot snapshot, RunContext ctx,
                                Optional<String> adoptedAs) {
    Optional<Connection> before = snapshot.connection();
    boolean createInDoubt = adoptedAs.isEmpty() && inDoubt(before);
    if (snapshot.object().kind() == ObjectKind.USER) {
      Optional<WrittenUser> written = writtenUser(before)
          .or(() -> adoptedAs.map(id -> new WrittenUser(id, Map.of(), Optional.empty())));
      if (snapshot.user().isEmpty()) {
        if (written.isPresent()) {
          return run(UserSync.deprovision(written.get(), ctx.deprovision(), ctx.strategy()));
        }
        return createInDoubt ? lookUpOrDrop(snapshot, ctx, Optional.empty())
            : gone(before);
      }
      DesiredUser desired = desiredUser(snapshot.user().get(), ctx);
      if (createInDoubt && ctx.strategy().filter()) {
        return lookUp(snapshot, ctx, Optional.of(desired.payload().userName()));
      }
      if (ctx.reconcile() && written.isPresent()) {
        // what the reconcile's listing showed stands in for a GET of the user
        return run(snapshot.seen()
            .map(listed -> UserSync.reconcile(desired, written.get(), listed, ctx.strategy()))
            .orElseGet(() -> UserSync.reconcile(desired, written.get(), ctx.strategy())));
      }
      return run(UserSync.write(desired, written, ctx.strategy()));
    }
    Optional<WrittenGroup> written = writtenGroup(before)
        .or(() -> adoptedAs.map(id -> new WrittenGroup(id, Map.of(), Optional.empty(),
            Optional.empty())));
    if (snapshot.group().isEmpty()) {
      if (written.isPresent()) {
        return run(GroupSync.delete(written.get(), ctx.strategy()));
      }
      return createInDoubt ? lookUpOrDrop(snapshot, ctx, Optional.empty()) : gone(before);
    }
    LocalGroup group = snapshot.group().get();
    if (ctx.mayDefer() && !ctx.dryRun()) {
      // members without a remote id that may still get one: writing the group now would cost a
      // second membership PATCH once they land (their landing dirties this group again)
      Set<String> waitingFor = new TreeSet<>();
      for (String member : group.memberIds()) {
        MemberLink link = snapshot.members().get(member);
        if (link == null || (link.remoteId().isEmpty() && link.status() != SyncStatus.FAILED)) {
          waitingFor.add(member);
        }
      }
      if (!waitingFor.isEmpty()) {
        return new Decision.Defer(waitingFor);
      }
    }
    DesiredGroup desired = desiredGroup(snapshot, ctx);
    if (createInDoubt && ctx.strategy().filter()) {
      return lookUp(snapshot, ctx, Optional.of(desired.payload().displayName()));
    }
    if (ctx.reconcile() && written.isPresent()) {
      // what the reconcile's listing showed stands in for a GET of the group
      return run(snapshot.seen()
          .map(listed -> GroupSync.reconcile(desired, written.get(), listed, ctx.strategy()))
          .orElseGet(() -> GroupSync.reconcile(desired, written.get(), ctx.strategy())));
    }
    return run(GroupSync.write(desired, written, ctx.strategy()));
  }

  /** What to do once a lookup of an object whose create is in doubt has answered. */
  public static Decision afterLookUp(ObjectSnapshot snapshot, RunContext ctx,
                                     LookupResult result) {
    Optional<String> found = result instanceof LookupResult.Found f
        ? Optional.of(f.remoteId()) : Optional.empty();
    if (!(result instanceof LookupResult.Found) && !(result instanceof LookupResult.Absent)) {
      throw new IllegalArgumentException("only a found or absent object runs: " + result);
    }
    Map<String, Object> sent = snapshot.connection().map(Connection::writtenAttributes)
        .orElse(Map.of());
    if (snapshot.object().kind() == ObjectKind.USER) {
      if (snapshot.user().isEmpty()) {
        return found.<Decision>map(id -> run(UserSync.deprovision(
                new WrittenUser(id, sent, Optional.empty()), ctx.deprovision(), ctx.strategy())))
            .orElse(new Decision.Nothing(true, "its create never reached the target"));
      }
      Optional<WrittenUser> adopted = found.map(id -> new WrittenUser(id, Map.of(),
          Optional.empty()));
      return new Decision.Run(EngineRun.of(UserSync.write(desiredUser(snapshot.user().get(), ctx),
          adopted, ctx.strategy())), adopted.isPresent());
    }
    if (snapshot.group().isEmpty()) {
      return found.<Decision>map(id -> run(GroupSync.delete(
              new WrittenGroup(id, sent, Optional.empty(), Optional.empty()), ctx.strategy())))
          .orElse(new Decision.Nothing(true, "its create never reached the target"));
    }
    Optional<WrittenGroup> adopted = found.map(id -> new WrittenGroup(id, Map.of(),
        Optional.empty(), Optional.empty()));
    return new Decision.Run(EngineRun.of(GroupSync.write(desiredGroup(snapshot, ctx), adopted,
        ctx.strategy())), adopted.isPresent());
  }

  /** Whether the object's create left and its answer was never stored. */
  static boolean inDoubt(Optional<Connection> connection) {
    return connection.filter(c -> c.status() == SyncStatus.CREATE_SENT
        && c.remoteId().isEmpty()).isPresent();
  }

  private static Decision run(UserSync run) {
    return new Decision.Run(EngineRun.of(run), false);
  }

  private static Decision run(GroupSync run) {
    return new Decision.Run(EngineRun.of(run), false);
  }

  private static Decision gone(Optional<Connection> before) {
    return new Decision.Nothing(before.isPresent(),
        "deleted locally, never written to the target");
  }

  /** A deleted object whose create is in doubt: looked up by the name that create carried. */
  private static Decision lookUpOrDrop(ObjectSnapshot snapshot, RunContext ctx,
                                       Optional<String> fallback) {
    if (!ctx.strategy().filter()) {
      // the mark stays: the reconcile's listing finds the remote object by its externalId or
      // name, links it, and the delete follows
      return new Decision.Nothing(false, "deleted locally while its create was in doubt; the "
          + "target cannot filter, so the next reconcile looks for it");
    }
    Decision lookUp = lookUp(snapshot, ctx, fallback);
    return lookUp != null ? lookUp : new Decision.Nothing(true,
        "deleted locally while its create was in doubt, and no name is known to look it up by");
  }

  /**
   * The lookup by the name the create in doubt carried (stored with its mark), else by
   * {@code fallback}; null if there is neither.
   */
  private static Decision lookUp(ObjectSnapshot snapshot, RunContext ctx,
                                 Optional<String> fallback) {
    boolean users = snapshot.object().kind() == ObjectKind.USER;
    String attribute = users ? "userName" : "displayName";
    Optional<String> name = snapshot.connection()
        .flatMap(c -> JsonValues.string(c.writtenAttributes().get(attribute)))
        .or(() -> fallback);
    if (name.isEmpty()) {
      return null;
    }
    ScimRequest request = users ? UserSync.lookupByUserName(name.get())
        : ScimRequest.get("/Groups", groupLookupQuery(name.get(), ctx));
    return new Decision.LookUp(request, attribute, name.get());
  }

  /** As the group engine looks a group up after a 409: members left out where they are huge. */
  private static Map<String, String> groupLookupQuery(String displayName, RunContext ctx) {
    Map<String, String> query = new java.util.TreeMap<>();
    query.put("filter", ScimFilter.eq("displayName", displayName));
    if (!ctx.strategy().profile().echoesMembersOnGet()) {
      query.put("excludedAttributes", "members");
    }
    return query;
  }

  private static DesiredUser desiredUser(LocalUser user, RunContext ctx) {
    return new DesiredUser(user.id(), UserMapper.map(user, ctx.overrides()));
  }

  private static DesiredGroup desiredGroup(ObjectSnapshot snapshot, RunContext ctx) {
    return DesiredGroup.of(snapshot.group().orElseThrow(), ctx.overrides(),
        member -> Optional.ofNullable(snapshot.members().get(member))
            .flatMap(MemberLink::remoteId));
  }

  private static Optional<WrittenUser> writtenUser(Optional<Connection> before) {
    return before.flatMap(c -> c.remoteId()
        .map(id -> new WrittenUser(id, c.writtenAttributes(), c.etag())));
  }

  private static Optional<WrittenGroup> writtenGroup(Optional<Connection> before) {
    return before.flatMap(c -> c.remoteId()
        .map(id -> new WrittenGroup(id, c.writtenAttributes(), c.writtenMemberIds(), c.etag())));
  }
}
