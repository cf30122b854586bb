package io.scimsync.domain.engine;

import io.scimsync.domain.change.AttributeChanges;
import io.scimsync.domain.change.AttributePatches;
import io.scimsync.domain.change.CanonicalCase;
import io.scimsync.domain.change.Projection;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ListResponse;
import io.scimsync.domain.model.PatchRequest;
import io.scimsync.domain.model.ScimGroup;
import io.scimsync.domain.plan.MemberPatch;
import io.scimsync.domain.plan.MembershipPlanner;
import io.scimsync.domain.target.AttributeWrite;
import io.scimsync.domain.target.MemberWrite;
import io.scimsync.domain.target.TargetStrategy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run of the group engine: brings one remote group to its desired state, or deletes it.
 *
 * <p>Plans against what was last written, never against a fresh read (no GET per write, W2):
 * unchanged groups cost no request at all. Creates empty and adds members by PATCH on PATCH
 * targets, or sends the full member list in POST/PUT on PUT targets; adopts an existing group
 * after a 409 only on an exact, unambiguous displayName match (W1); re-creates once after a 404;
 * falls back from a rejected PUT (405/501) to PATCH only when the target accepts PATCH (W3);
 * chunks membership PATCHes by the profile's limits (W4); keeps the link when a DELETE fails (W8).
 * A reconcile run reads the remote group first and plans against what it finds, except that a
 * target which never echoes members (AWS) is not believed when it shows none.
 *
 * <p>Usage: {@code Step s = run.start(); while (s instanceof Step.Send send) s = run.onReply(
 * transport.execute(send.request())); result = ((Step.Done) s).result();}. Not thread-safe.
 */
public final class GroupSync {
  static final String GROUPS = "/Groups";
  private static final int MAX_RECREATES = 1;

  private enum Mode { WRITE, RECONCILE, DELETE }

  private enum Phase { READ, CREATE, LOOKUP, PUT, ATTRIBUTE_PATCH, MEMBER_PATCH, DELETE, DONE }

  private final Mode mode;
  private final Optional<DesiredGroup> desired;
  private final TargetStrategy strategy;
  private final Optional<WrittenGroup> lastWritten;
  private final Map<String, Object> desiredAttributes;
  private final Set<String> desiredMembers;

  private Optional<WrittenGroup> current;
  private Phase phase;
  private GroupSyncResult.Outcome outcome = GroupSyncResult.Outcome.UNCHANGED;
  private final Deque<PatchRequest> attributePatches = new ArrayDeque<>();
  private final Deque<MemberPatch> memberPatches = new ArrayDeque<>();
  private ScimRequest inFlight;
  /** What a reconcile's listing showed of the group: the read, without a GET. */
  private Optional<Map<String, Object>> seen = Optional.empty();
  private Set<String> memberProgress;
  private boolean memberProgressKnown;
  private boolean putIncludesMembers;
  private boolean dryRun;
  private boolean putRejected;
  private int recreates;
  private int requests;

  private GroupSync(Mode mode, Optional<DesiredGroup> desired, Optional<WrittenGroup> lastWritten,
                    TargetStrategy strategy) {
    this.mode = mode;
    this.desired = desired;
    this.lastWritten = lastWritten;
    this.current = lastWritten;
    this.strategy = strategy;
    this.desiredAttributes = desired
        .map(d -> Projection.of(d.payload().withoutId().toMap(), Set.of("members")))
        .orElse(Map.of());
    this.desiredMembers = desired.map(DesiredGroup::memberRemoteIds).orElse(Set.of());
  }

  /** Create, adopt or update the group so the target matches {@code desired}. */
  public static GroupSync write(DesiredGroup desired, Optional<WrittenGroup> lastWritten,
                                TargetStrategy strategy) {
    return new GroupSync(Mode.WRITE, Optional.of(desired), lastWritten, strategy);
  }

  /** Like {@link #write}, but first reads the remote group to catch drift (full reconcile only). */
  public static GroupSync reconcile(DesiredGroup desired, WrittenGroup lastWritten,
                                    TargetStrategy strategy) {
    return new GroupSync(Mode.RECONCILE, Optional.of(desired), Optional.of(lastWritten), strategy);
  }

  /**
   * As {@link #reconcile(DesiredGroup, WrittenGroup, TargetStrategy)}, compared against
   * {@code listed}, the remote group as a reconcile's list page showed it (listed as a GET would
   * read it: without members where the target does not echo them), instead of a GET: a group
   * without drift costs no request at all.
   */
  public static GroupSync reconcile(DesiredGroup desired, WrittenGroup lastWritten,
                                    Map<String, Object> listed, TargetStrategy strategy) {
    GroupSync run = reconcile(desired, lastWritten, strategy);
    run.seen = Optional.of(JsonValues.copyObject(listed, "listed"));
    return run;
  }

  /** Delete the remote group; the link may be dropped only when the result says DELETED. */
  public static GroupSync delete(WrittenGroup lastWritten, TargetStrategy strategy) {
    return new GroupSync(Mode.DELETE, Optional.empty(), Optional.of(lastWritten), strategy);
  }

  public Step<GroupSyncResult> start() {
    if (phase != null) {
      throw new IllegalStateException("a run starts once");
    }
    switch (mode) {
      case DELETE:
        return send(Phase.DELETE, ScimRequest.delete(path(lastWritten.orElseThrow())));
      case RECONCILE:
        Map<String, String> query = strategy.profile().echoesMembersOnGet()
            ? Map.of() : Map.of("excludedAttributes", "members");
        ScimRequest read = ScimRequest.get(path(lastWritten.orElseThrow()), query);
        if (seen.isPresent()) {
          // the listing is the read: compared at once, sent only if something differs
          phase = Phase.READ;
          // its version is the listing's meta.version, as a GET's would be
          return onRead(ScimReply.Received.of(200, seen.get()), ReplyClass.SUCCESS, read);
        }
        return send(Phase.READ, read);
      default:
        return current.isEmpty() ? create() : update();
    }
  }

  public Step<GroupSyncResult> onReply(ScimReply reply) {
    if (inFlight == null) {
      throw new IllegalStateException("no request is waiting for a reply");
    }
    ScimRequest answered = inFlight;
    inFlight = null;
    ReplyClass replyClass = ReplyClassifier.classify(reply);
    if (replyClass == ReplyClass.DRY_RUN) {
      return onWithheld(answered);
    }
    switch (phase) {
      case READ: return onRead(reply, replyClass, answered);
      case CREATE: return onCreate(reply, replyClass, answered);
      case LOOKUP: return onLookup(reply, replyClass, answered);
      case PUT: return onPut(reply, replyClass, answered);
      case ATTRIBUTE_PATCH: return onAttributePatch(reply, replyClass, answered);
      case MEMBER_PATCH: return onMemberPatch(reply, replyClass, answered);
      case DELETE: return onDelete(reply, replyClass, answered);
      default: throw new IllegalStateException("the run is over");
    }
  }

  // --- create and adopt ---------------------------------------------------------------------

  private Step<GroupSyncResult> create() {
    DesiredGroup group = desired.orElseThrow();
    ScimGroup payload = group.payload().withoutId();
    if (strategy.members() == MemberWrite.PUT) {
      if (tooManyForPut()) {
        return fail(tooManyMembers());
      }
      payload = payload.withMembers(Optional.of(memberList()));
    }
    return send(Phase.CREATE, ScimRequest.post(GROUPS, payload.toMap()));
  }

  private Step<GroupSyncResult> onCreate(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    DesiredGroup group = desired.orElseThrow();
    if (replyClass == ReplyClass.SUCCESS) {
      ScimReply.Received received = (ScimReply.Received) reply;
      Optional<String> id = received.object().flatMap(o -> JsonValues.string(o.get("id")))
          .filter(ScimRequest::usableId);
      if (id.isEmpty()) {
        return fail(SyncFailure.permanent(context(sent) + ": " + received.status()
            + " response without an id; the group cannot be linked"));
      }
      Set<String> members = strategy.members() == MemberWrite.PUT ? desiredMembers : Set.of();
      current = Optional.of(new WrittenGroup(id.get(), desiredAttributes, Optional.of(members),
          received.version()));
      outcome = GroupSyncResult.Outcome.CREATED;
      return update();
    }
    if (replyClass == ReplyClass.CONFLICT) {
      if (!strategy.filter()) {
        return fail(SyncFailure.conflict(context(sent) + ": the group exists on the target (409)"
            + " and the target cannot filter, so it cannot be adopted", reply));
      }
      Map<String, String> query = new HashMap<>();
      query.put("filter", ScimFilter.eq("displayName", group.payload().displayName()));
      if (!strategy.profile().echoesMembersOnGet()) {
        query.put("excludedAttributes", "members");
      }
      return send(Phase.LOOKUP, ScimRequest.get(GROUPS, new java.util.TreeMap<>(query)));
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  private Step<GroupSyncResult> onLookup(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    DesiredGroup group = desired.orElseThrow();
    String name = group.payload().displayName();
    if (replyClass != ReplyClass.SUCCESS) {
      return fail(SyncFailure.of(reply, context(sent) + " (looking up the existing group after 409)"));
    }
    Optional<ListResponse> list = ((ScimReply.Received) reply).body().flatMap(ListResponse::fromBody);
    if (list.isEmpty()) {
      return fail(SyncFailure.permanent(context(sent) + ": the reply is not a SCIM list response"));
    }
    List<ScimGroup> exact = new ArrayList<>();
    for (Map<String, Object> resource : list.get().resources()) {
      ScimGroup.fromMap(resource)
          .filter(g -> g.id().filter(ScimRequest::usableId).isPresent()
              && g.displayName().equals(name))
          .ifPresent(exact::add);
    }
    if (exact.size() != 1) {
      String why = exact.isEmpty()
          ? "no group is named exactly '" + name + "' (" + list.get().resources().size() + " found)"
          : exact.size() + " groups are named exactly '" + name + "', so adoption is ambiguous";
      return fail(SyncFailure.conflict(group.describe() + ": POST /Groups answered 409 but " + why,
          reply));
    }
    ScimGroup found = exact.get(0);
    // attributes we never wrote, and values the target computes, are not ours to compare
    Map<String, Object> comparable = Projection.restrict(
        Projection.of(found.toMap(), Set.of("members")), List.of(desiredAttributes));
    Optional<Set<String>> members = strategy.profile().echoesMembersOnGet()
        ? Optional.of(found.memberIds().orElse(Set.of())) : Optional.empty();
    current = Optional.of(new WrittenGroup(found.id().get(), comparable, members, Optional.empty()));
    outcome = GroupSyncResult.Outcome.ADOPTED;
    return update();
  }

  // --- update ----------------------------------------------------------------------------------

  private Step<GroupSyncResult> update() {
    WrittenGroup now = current.orElseThrow();
    AttributeChanges changes = AttributeChanges.between(now.attributes(), desiredAttributes);
    boolean membersDiffer = now.memberIds().map(ids -> !ids.equals(desiredMembers)).orElse(true);
    if (strategy.members() == MemberWrite.PUT) {
      if (changes.isEmpty() && !membersDiffer) {
        return finish();
      }
      return tooManyForPut() ? fail(tooManyMembers()) : put();
    }
    if (!changes.isEmpty()) {
      boolean putFits = desiredMembers.size() <= strategy.maxMembersPerRequest();
      if (strategy.groupAttributes() == AttributeWrite.PUT && putFits) {
        return put();
      }
      AttributeWrite write = strategy.groupAttributes() == AttributeWrite.PATCH_PER_ATTRIBUTE
          ? AttributeWrite.PATCH_PER_ATTRIBUTE : AttributeWrite.PATCH_REPLACE;
      if (strategy.groupAttributes() == AttributeWrite.PUT && !strategy.mayFallBackToPatch()) {
        return fail(SyncFailure.permanent(desired.orElseThrow().describe() + " has "
            + desiredMembers.size() + " members, more than the " + strategy.maxMembersPerRequest()
            + " a PUT may carry, and the target does not accept PATCH"));
      }
      queueAttributePatches(changes, write);
    }
    queueMemberPatches();
    return next();
  }

  private boolean tooManyForPut() {
    return desiredMembers.size() > strategy.maxMembersPerRequest();
  }

  private SyncFailure tooManyMembers() {
    return SyncFailure.permanent(desired.orElseThrow().describe() + " has " + desiredMembers.size()
        + " members; the target takes at most " + strategy.maxMembersPerRequest()
        + " per request and members are written by POST/PUT only");
  }

  private Step<GroupSyncResult> put() {
    WrittenGroup now = current.orElseThrow();
    ScimGroup payload = desired.orElseThrow().payload().withId(now.remoteId())
        .withMembers(Optional.of(memberList()));
    putIncludesMembers = true;
    return send(Phase.PUT, ScimRequest.put(path(now), payload.toMap()));
  }

  private Step<GroupSyncResult> onPut(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    if (replyClass == ReplyClass.SUCCESS) {
      WrittenGroup now = current.orElseThrow();
      current = Optional.of(new WrittenGroup(now.remoteId(), desiredAttributes,
          putIncludesMembers ? Optional.of(desiredMembers) : now.memberIds(),
          ((ScimReply.Received) reply).version()));
      markUpdated();
      return next();
    }
    if (replyClass == ReplyClass.GONE) {
      return recreate(sent);
    }
    if (ReplyClassifier.methodUnsupported(reply)) {
      putRejected = true;
      if (!strategy.mayFallBackToPatch()) {
        return fail(SyncFailure.of(reply, context(sent)
            + " (PUT is not supported and the target does not accept PATCH either)"));
      }
      WrittenGroup now = current.orElseThrow();
      AttributeChanges changes = AttributeChanges.between(now.attributes(), desiredAttributes);
      queueAttributePatches(changes, AttributeWrite.PATCH_REPLACE);
      queueMemberPatches();
      return next();
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  private void queueAttributePatches(AttributeChanges changes, AttributeWrite write) {
    attributePatches.addAll(
        AttributePatches.requests(changes, write, strategy.maxOperationsPerPatch()));
  }

  private void queueMemberPatches() {
    Set<String> known = current.orElseThrow().memberIds().orElse(Set.of());
    memberPatches.addAll(MembershipPlanner.plan(known, desiredMembers, strategy));
  }

  private Step<GroupSyncResult> next() {
    WrittenGroup now = current.orElseThrow();
    if (!attributePatches.isEmpty()) {
      return send(Phase.ATTRIBUTE_PATCH,
          ScimRequest.patch(path(now), attributePatches.peek().toMap()));
    }
    if (!memberPatches.isEmpty()) {
      return send(Phase.MEMBER_PATCH,
          ScimRequest.patch(path(now), memberPatches.peek().request().toMap()));
    }
    return finish();
  }

  private Step<GroupSyncResult> onAttributePatch(ScimReply reply, ReplyClass replyClass,
                                                 ScimRequest sent) {
    if (replyClass == ReplyClass.SUCCESS) {
      attributePatches.poll();
      if (attributePatches.isEmpty()) {
        WrittenGroup now = current.orElseThrow();
        current = Optional.of(new WrittenGroup(now.remoteId(), desiredAttributes, now.memberIds(),
            ((ScimReply.Received) reply).version()));
        markUpdated();
      }
      return next();
    }
    if (replyClass == ReplyClass.GONE) {
      return recreate(sent);
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  private Step<GroupSyncResult> onMemberPatch(ScimReply reply, ReplyClass replyClass,
                                              ScimRequest sent) {
    if (replyClass == ReplyClass.SUCCESS) {
      MemberPatch done = memberPatches.poll();
      WrittenGroup now = current.orElseThrow();
      if (memberProgress == null) {
        // mutated in place: copying the set per request would make big groups quadratic
        memberProgress = new HashSet<>(now.memberIds().orElse(Set.of()));
        memberProgressKnown = now.memberIds().isPresent();
      }
      memberProgress.addAll(done.added());
      memberProgress.removeAll(done.removed());
      current = Optional.of(new WrittenGroup(now.remoteId(), now.attributes(), now.memberIds(),
          ((ScimReply.Received) reply).version()));
      markUpdated();
      return next();
    }
    if (replyClass == ReplyClass.GONE) {
      return recreate(sent);
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  // --- reconcile and delete ------------------------------------------------------------------

  private Step<GroupSyncResult> onRead(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    if (replyClass == ReplyClass.GONE) {
      return recreate(sent);
    }
    if (replyClass != ReplyClass.SUCCESS) {
      return fail(SyncFailure.of(reply, context(sent)));
    }
    ScimReply.Received received = (ScimReply.Received) reply;
    Optional<ScimGroup> remote = received.object().flatMap(ScimGroup::fromMap);
    if (remote.isEmpty()) {
      return fail(SyncFailure.permanent(context(sent) + ": the reply is not a SCIM group"));
    }
    WrittenGroup last = lastWritten.orElseThrow();
    Map<String, Object> comparable = CanonicalCase.align(Projection.restrict(
        Projection.of(remote.get().toMap(), Set.of("members")),
        List.of(desiredAttributes, last.attributes())), desiredAttributes, last.attributes());
    Optional<Set<String>> members = strategy.profile().echoesMembersOnGet()
        ? Optional.of(remote.get().memberIds().orElse(Set.of()))
        : last.memberIds(); // AWS shows no members: an empty list proves nothing (issue #23005)
    current = Optional.of(new WrittenGroup(last.remoteId(), comparable, members,
        received.version()));
    return update();
  }

  private Step<GroupSyncResult> onDelete(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    if (replyClass == ReplyClass.SUCCESS || replyClass == ReplyClass.GONE) {
      current = Optional.empty();
      outcome = GroupSyncResult.Outcome.DELETED;
      return finish();
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  /**
   * Records the member PATCHes applied so far in {@link #current}. Members that were unknown
   * (adopted from a target that does not echo them) stay unknown until every desired member has
   * been added; members never seen cannot be removed anyway.
   */
  private void foldMemberProgress() {
    if (memberProgress == null || current.isEmpty()) {
      memberProgress = null;
      return;
    }
    WrittenGroup now = current.get();
    Optional<Set<String>> members = memberProgressKnown ? Optional.of(Set.copyOf(memberProgress))
        : memberPatches.isEmpty() ? Optional.of(desiredMembers) : Optional.empty();
    current = Optional.of(new WrittenGroup(now.remoteId(), now.attributes(), members, now.etag()));
    memberProgress = null;
  }

  private Step<GroupSyncResult> recreate(ScimRequest sent) {
    memberProgress = null;
    if (mode == Mode.DELETE || recreates >= MAX_RECREATES) {
      current = Optional.empty();
      return fail(SyncFailure.permanent(context(sent) + ": 404 again after re-creating the group"));
    }
    recreates++;
    current = Optional.empty();
    attributePatches.clear();
    memberPatches.clear();
    return create();
  }

  // --- plumbing ------------------------------------------------------------------------------

  private Step<GroupSyncResult> onWithheld(ScimRequest withheld) {
    dryRun = true;
    switch (phase) {
      case CREATE:
      case DELETE:
        return finish(); // nothing further can be planned without the target's answer
      case PUT:
        current = Optional.of(new WrittenGroup(current.orElseThrow().remoteId(), desiredAttributes,
            Optional.of(desiredMembers), Optional.empty()));
        return next();
      case ATTRIBUTE_PATCH:
        attributePatches.poll();
        return next();
      case MEMBER_PATCH:
        memberPatches.poll();
        return next();
      default:
        throw new IllegalStateException("a read was withheld: " + withheld.describe());
    }
  }

  private void markUpdated() {
    if (outcome == GroupSyncResult.Outcome.UNCHANGED) {
      outcome = GroupSyncResult.Outcome.UPDATED;
    }
  }

  private List<io.scimsync.domain.model.Member> memberList() {
    return new TreeSet<>(desiredMembers).stream()
        .map(id -> io.scimsync.domain.model.Member.of(id, strategy.profile().memberType()))
        .toList();
  }

  private Step<GroupSyncResult> send(Phase next, ScimRequest request) {
    phase = next;
    inFlight = request;
    requests++;
    return new Step.Send<>(request);
  }

  private Step<GroupSyncResult> finish() {
    phase = Phase.DONE;
    foldMemberProgress();
    if (dryRun) {
      return new Step.Done<>(new GroupSyncResult(GroupSyncResult.Outcome.DRY_RUN, lastWritten,
          Optional.empty(), waiting(), putRejected, requests));
    }
    return new Step.Done<>(new GroupSyncResult(outcome, current, Optional.empty(), waiting(),
        putRejected, requests));
  }

  private Step<GroupSyncResult> fail(SyncFailure failure) {
    phase = Phase.DONE;
    foldMemberProgress();
    Optional<WrittenGroup> keep = dryRun ? lastWritten : current;
    return new Step.Done<>(new GroupSyncResult(GroupSyncResult.Outcome.FAILED, keep,
        Optional.of(failure), waiting(), putRejected, requests));
  }

  private Set<String> waiting() {
    return desired.map(DesiredGroup::waitingMemberIds).orElse(Set.of());
  }

  private static String path(WrittenGroup group) {
    return ScimRequest.resourcePath(GROUPS, group.remoteId());
  }

  private String context(ScimRequest request) {
    return request.describe() + " for " + desired.map(DesiredGroup::describe)
        .orElseGet(() -> "group " + lastWritten.map(WrittenGroup::remoteId).orElse("?"));
  }
}
