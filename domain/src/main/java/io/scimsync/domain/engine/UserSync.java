package io.scimsync.domain.engine;

import io.scimsync.domain.change.AttributeChanges;
import io.scimsync.domain.change.AttributePatches;
import io.scimsync.domain.change.CanonicalCase;
import io.scimsync.domain.change.Projection;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ListResponse;
import io.scimsync.domain.model.PatchOperation;
import io.scimsync.domain.model.PatchRequest;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.model.ScimUser;
import io.scimsync.domain.target.AttributeWrite;
import io.scimsync.domain.target.TargetStrategy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One run of the user engine: brings one remote user to its desired state, or deprovisions it.
 *
 * <p>Plans against what was last written, never against a fresh read: an unchanged user costs no
 * request at all. Change detection compares {@link Projection}s, so removed attributes are seen
 * and removed (W11): by omission in a PUT, by {@code remove} operations in a PATCH. Writes follow
 * the strategy's {@code userAttributes}: PUT of the whole user, one PATCH with a path-less
 * {@code replace}, or one {@code replace} per attribute, chunked by the profile's operation limit.
 * Adopts an existing user after a 409 only on an exact, case-sensitive, unambiguous
 * {@code userName} match (W1); re-creates once after a 404; falls back from a rejected PUT
 * (405/501) to PATCH only when the target has not said it lacks PATCH (W3); classifies failures
 * as permanent, transient or conflict (W6); keeps the link when a DELETE fails (W8). A reconcile
 * run reads the remote user first and plans against what it finds.
 *
 * <p>Usage: {@code Step s = run.start(); while (s instanceof Step.Send send) s = run.onReply(
 * transport.execute(send.request())); result = ((Step.Done) s).result();}. Not thread-safe.
 */
public final class UserSync {
  static final String USERS = "/Users";
  private static final int MAX_RECREATES = 1;

  private enum Mode { WRITE, RECONCILE, DELETE, DEACTIVATE }

  private enum Phase { READ, CREATE, LOOKUP, PUT, PATCH, DELETE, DEACTIVATE, DONE }

  private final Mode mode;
  private final Optional<DesiredUser> desired;
  private final Optional<WrittenUser> lastWritten;
  private final TargetStrategy strategy;
  private final Map<String, Object> desiredAttributes;

  private Optional<WrittenUser> current;
  private Phase phase;
  private UserSyncResult.Outcome outcome = UserSyncResult.Outcome.UNCHANGED;
  private Optional<String> note = Optional.empty();
  /** The remote user as a reconcile's list page showed it: read instead of a GET. */
  private Optional<Map<String, Object>> seen = Optional.empty();
  private final Deque<PatchRequest> patches = new ArrayDeque<>();
  private ScimRequest inFlight;
  private boolean dryRun;
  private boolean putRejected;
  private int recreates;
  private int requests;

  private UserSync(Mode mode, Optional<DesiredUser> desired, Optional<WrittenUser> lastWritten,
                   TargetStrategy strategy) {
    this.mode = mode;
    this.desired = desired;
    this.lastWritten = lastWritten;
    this.current = lastWritten;
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.desiredAttributes = desired
        .map(d -> Projection.of(d.payload().withoutId().toMap()))
        .orElse(Map.of());
  }

  /**
   * Create, adopt or update the user so the target matches {@code desired}. With {@code
   * lastWritten} empty the user is POSTed; otherwise it is compared with what was last written.
   */
  public static UserSync write(DesiredUser desired, Optional<WrittenUser> lastWritten,
                               TargetStrategy strategy) {
    Objects.requireNonNull(desired, "desired");
    return new UserSync(Mode.WRITE, Optional.of(desired), lastWritten, strategy);
  }

  /**
   * Like {@link #write}, but first reads the remote user ({@code GET /Users/{id}}) to catch drift
   * made on the target; only attributes that are desired or were last written are compared, so
   * what the target adds on its own is left alone. A 404 re-creates the user.
   */
  public static UserSync reconcile(DesiredUser desired, WrittenUser lastWritten,
                                   TargetStrategy strategy) {
    Objects.requireNonNull(desired, "desired");
    return new UserSync(Mode.RECONCILE, Optional.of(desired), Optional.of(lastWritten), strategy);
  }

  /**
   * As {@link #reconcile(DesiredUser, WrittenUser, TargetStrategy)}, compared against
   * {@code listed}, the remote user as a reconcile's list page showed it, instead of a GET: a
   * user without drift costs no request at all.
   */
  public static UserSync reconcile(DesiredUser desired, WrittenUser lastWritten,
                                   Map<String, Object> listed, TargetStrategy strategy) {
    UserSync run = reconcile(desired, lastWritten, strategy);
    run.seen = Optional.of(JsonValues.copyObject(listed, "listed"));
    return run;
  }

  /**
   * Deprovision the linked user the way the provider is configured to. With {@link
   * Deprovision#DELETE} the link may be dropped only when the result says DELETED (W8). With
   * {@link Deprovision#DEACTIVATE} {@code active} is set to false: by PATCH when the target has
   * not said it lacks PATCH, otherwise by a PUT rebuilt from the last written projection
   * ({@code schemas}, {@code id}, the projected attributes, {@code active: false}); the PUT
   * therefore carries only what this engine wrote, which is what a PUT from {@link #write} sends
   * too. A user last written with {@code active: false} is not written again. A 404 means there
   * is nothing left to deactivate: DELETED, drop the link.
   */
  public static UserSync deprovision(WrittenUser lastWritten, Deprovision mode,
                                     TargetStrategy strategy) {
    Objects.requireNonNull(lastWritten, "lastWritten");
    Objects.requireNonNull(mode, "mode");
    return new UserSync(mode == Deprovision.DELETE ? Mode.DELETE : Mode.DEACTIVATE,
        Optional.empty(), Optional.of(lastWritten), strategy);
  }

  /**
   * {@code GET /Users?filter=userName eq "<userName>"}, with the value escaped (W1). The filter
   * only narrows the search: SCIM compares {@code userName} case-insensitively, so the caller
   * must still check the resources for an exact match.
   */
  public static ScimRequest lookupByUserName(String userName) {
    return ScimRequest.get(USERS, Map.of("filter", ScimFilter.eq("userName", userName)));
  }

  /**
   * {@code GET /Users?filter=emails.value eq "<email>"}, with the value escaped. Not every target
   * can answer it: AWS IAM Identity Center filters users only by {@code userName} and
   * {@code externalId} and rejects other filters with 400, so callers should treat a failure here
   * as "cannot tell", not as "no such user".
   */
  public static ScimRequest lookupByEmail(String email) {
    return ScimRequest.get(USERS, Map.of("filter", ScimFilter.eq("emails.value", email)));
  }

  /** The first step of the run; call once. */
  public Step<UserSyncResult> start() {
    if (phase != null) {
      throw new IllegalStateException("a run starts once");
    }
    switch (mode) {
      case DELETE:
        return send(Phase.DELETE, ScimRequest.delete(path(lastWritten.orElseThrow())));
      case DEACTIVATE:
        return deactivate();
      case RECONCILE:
        ScimRequest read = ScimRequest.get(path(lastWritten.orElseThrow()));
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

  /** The next step, given the reply to the request of the previous {@link Step.Send}. */
  public Step<UserSyncResult> onReply(ScimReply reply) {
    Objects.requireNonNull(reply, "reply");
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
      case PATCH: return onPatch(reply, replyClass, answered);
      case DELETE: return onDelete(reply, replyClass, answered);
      case DEACTIVATE: return onDeactivate(reply, replyClass, answered);
      default: throw new IllegalStateException("the run is over");
    }
  }

  // --- create and adopt ---------------------------------------------------------------------

  private Step<UserSyncResult> create() {
    return send(Phase.CREATE, ScimRequest.post(USERS, desired.orElseThrow().payload().withoutId()
        .toMap()));
  }

  private Step<UserSyncResult> onCreate(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    if (replyClass == ReplyClass.SUCCESS) {
      ScimReply.Received received = (ScimReply.Received) reply;
      Optional<String> id = received.object().flatMap(o -> JsonValues.string(o.get("id")))
          .filter(ScimRequest::usableId);
      if (id.isEmpty()) {
        return fail(SyncFailure.permanent(context(sent) + ": " + received.status()
            + " response without an id; the user cannot be linked"));
      }
      current = Optional.of(new WrittenUser(id.get(), desiredAttributes, received.version()));
      outcome = UserSyncResult.Outcome.CREATED;
      return finish();
    }
    if (replyClass == ReplyClass.CONFLICT) {
      if (!strategy.filter()) {
        return fail(SyncFailure.conflict(context(sent) + ": the user exists on the target (409)"
            + " and the target cannot filter, so it cannot be adopted", reply));
      }
      return send(Phase.LOOKUP, lookupByUserName(desired.orElseThrow().payload().userName()));
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  private Step<UserSyncResult> onLookup(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    DesiredUser user = desired.orElseThrow();
    String name = user.payload().userName();
    if (replyClass != ReplyClass.SUCCESS) {
      return fail(SyncFailure.of(reply, context(sent) + " (looking up the existing user after 409)"));
    }
    Optional<ListResponse> list = ((ScimReply.Received) reply).body().flatMap(ListResponse::fromBody);
    if (list.isEmpty()) {
      return fail(SyncFailure.permanent(context(sent) + ": the reply is not a SCIM list response"));
    }
    List<Map<String, Object>> exact = new ArrayList<>();
    List<Map<String, Object>> sameButCase = new ArrayList<>();
    Set<String> others = new LinkedHashSet<>();
    boolean exactWithoutId = false;
    for (Map<String, Object> resource : list.get().resources()) {
      Optional<ScimUser> found = ScimUser.fromMap(resource);
      if (found.isEmpty()) {
        continue;
      }
      // userName is case-insensitive in SCIM, so 'Alice' may answer a search for 'alice'; only
      // the very same name is proof enough to take over an account (W1)
      if (!found.get().userName().equals(name)) {
        others.add(found.get().userName());
        if (found.get().userName().equalsIgnoreCase(name)
            && found.get().id().filter(ScimRequest::usableId).isPresent()) {
          sameButCase.add(resource);
        }
      } else if (found.get().id().filter(ScimRequest::usableId).isEmpty()) {
        exactWithoutId = true;
      } else {
        exact.add(resource);
      }
    }
    if (exact.isEmpty() && !exactWithoutId && sameButCase.size() == 1) {
      // the target answered 409, so it holds 'Alice' to be 'alice' (RFC 7643: userName is
      // caseExact false); one such user and no exact one is the account, told in the outcome
      String theirs = ScimUser.fromMap(sameButCase.get(0)).orElseThrow().userName();
      note = Optional.of("adopted the existing user '" + theirs + "', whose userName differs from '"
          + name + "' only in case");
      exact.add(sameButCase.get(0));
    }
    if (exact.size() != 1) {
      String why = exact.size() > 1
          ? exact.size() + " users have exactly the userName '" + name
              + "', so adoption is ambiguous"
          : exactWithoutId
              ? "the user named exactly '" + name + "' came without an id, so it cannot be linked"
              : sameButCase.size() > 1
                  ? sameButCase.size() + " users have the userName '" + name + "' but for case,"
                      + " so adoption is ambiguous" + foundNames(others)
                  : "no user has exactly the userName '" + name + "'" + foundNames(others);
      return fail(SyncFailure.conflict(user.describe() + ": POST /Users answered 409 but " + why,
          reply));
    }
    Map<String, Object> resource = exact.get(0);
    ScimUser found = ScimUser.fromMap(resource).orElseThrow();
    // attributes we never wrote are not ours to remove
    Map<String, Object> comparable = Projection.restrict(Projection.of(found.toMap()),
        List.of(desiredAttributes));
    Optional<String> etag = JsonValues.objectAt(resource, "meta")
        .flatMap(meta -> JsonValues.string(meta.get("version")));
    current = Optional.of(new WrittenUser(found.id().orElseThrow(), comparable, etag));
    outcome = UserSyncResult.Outcome.ADOPTED;
    return update();
  }

  private static String foundNames(Set<String> names) {
    if (names.isEmpty()) {
      return " (the filter found none)";
    }
    List<String> shown = names.stream().limit(5).map(n -> "'" + n + "'").toList();
    return " (found " + String.join(", ", shown) + (names.size() > 5 ? ", ..." : "") + ")";
  }

  // --- update ----------------------------------------------------------------------------------

  private Step<UserSyncResult> update() {
    WrittenUser now = current.orElseThrow();
    AttributeChanges changes = AttributeChanges.between(now.attributes(), desiredAttributes);
    if (changes.isEmpty()) {
      return finish();
    }
    if (strategy.userAttributes() == AttributeWrite.PUT) {
      return put();
    }
    queuePatches(changes, strategy.userAttributes());
    return next();
  }

  private Step<UserSyncResult> put() {
    WrittenUser now = current.orElseThrow();
    // the whole user: whatever the projection no longer has is removed by omission (W11)
    ScimUser payload = desired.orElseThrow().payload().withId(now.remoteId());
    return send(Phase.PUT, ScimRequest.put(path(now), payload.toMap()));
  }

  private Step<UserSyncResult> onPut(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    WrittenUser now = current.orElseThrow();
    if (replyClass == ReplyClass.SUCCESS) {
      // an old ETag is stale after a write; keep only what this reply reports
      current = Optional.of(new WrittenUser(now.remoteId(), desiredAttributes,
          ((ScimReply.Received) reply).version()));
      markUpdated();
      return finish();
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
      queuePatches(AttributeChanges.between(now.attributes(), desiredAttributes),
          AttributeWrite.PATCH_REPLACE);
      return next();
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  private void queuePatches(AttributeChanges changes, AttributeWrite write) {
    patches.addAll(AttributePatches.requests(changes, write, strategy.maxOperationsPerPatch()));
  }

  private Step<UserSyncResult> next() {
    if (!patches.isEmpty()) {
      return send(Phase.PATCH, ScimRequest.patch(path(current.orElseThrow()),
          patches.peek().toMap()));
    }
    return finish();
  }

  private Step<UserSyncResult> onPatch(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    if (replyClass == ReplyClass.SUCCESS) {
      PatchRequest done = patches.poll();
      WrittenUser now = current.orElseThrow();
      // after a partial success the target holds neither the old nor the desired state; record
      // what the applied chunks did, so a later run sends exactly what is still missing
      Map<String, Object> attributes = patches.isEmpty()
          ? desiredAttributes : applied(now.attributes(), done);
      current = Optional.of(new WrittenUser(now.remoteId(), attributes,
          ((ScimReply.Received) reply).version()));
      markUpdated();
      return next();
    }
    if (replyClass == ReplyClass.GONE) {
      return recreate(sent);
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  // --- reconcile and deprovision -------------------------------------------------------------

  private Step<UserSyncResult> onRead(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    if (replyClass == ReplyClass.GONE) {
      return recreate(sent);
    }
    if (replyClass != ReplyClass.SUCCESS) {
      return fail(SyncFailure.of(reply, context(sent)));
    }
    ScimReply.Received received = (ScimReply.Received) reply;
    Optional<ScimUser> remote = received.object().flatMap(ScimUser::fromMap);
    if (remote.isEmpty()) {
      return fail(SyncFailure.permanent(context(sent) + ": the reply is not a SCIM user"));
    }
    WrittenUser last = lastWritten.orElseThrow();
    // a target's own spelling of what we wrote (emails in lower case) is not drift
    Map<String, Object> comparable = CanonicalCase.align(Projection.restrict(
        Projection.of(remote.get().toMap()), List.of(desiredAttributes, last.attributes())),
        desiredAttributes, last.attributes());
    current = Optional.of(new WrittenUser(last.remoteId(), comparable, received.version()));
    return update();
  }

  private Step<UserSyncResult> onDelete(ScimReply reply, ReplyClass replyClass, ScimRequest sent) {
    if (replyClass == ReplyClass.SUCCESS || replyClass == ReplyClass.GONE) {
      current = Optional.empty();
      outcome = UserSyncResult.Outcome.DELETED;
      return finish();
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  private Step<UserSyncResult> deactivate() {
    WrittenUser last = lastWritten.orElseThrow();
    if (Boolean.FALSE.equals(last.attributes().get("active"))) {
      outcome = UserSyncResult.Outcome.DEACTIVATED;
      return finish();
    }
    if (strategy.patch() != TargetStrategy.Support.NO) {
      PatchRequest body = PatchRequest.of(PatchOperation.replace("active", false));
      return send(Phase.DEACTIVATE, ScimRequest.patch(path(last), body.toMap()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    List<String> schemas = new ArrayList<>();
    schemas.add(ScimSchemas.USER);
    last.attributes().keySet().stream().filter(ScimSchemas::isSchemaUrn).forEach(schemas::add);
    body.put("schemas", schemas);
    body.put("id", last.remoteId());
    body.putAll(last.attributes());
    body.put("active", false);
    return send(Phase.DEACTIVATE, ScimRequest.put(path(last), body));
  }

  private Step<UserSyncResult> onDeactivate(ScimReply reply, ReplyClass replyClass,
                                            ScimRequest sent) {
    WrittenUser last = lastWritten.orElseThrow();
    if (replyClass == ReplyClass.SUCCESS) {
      Map<String, Object> attributes = new LinkedHashMap<>(last.attributes());
      attributes.put("active", false);
      current = Optional.of(new WrittenUser(last.remoteId(), Projection.of(attributes),
          ((ScimReply.Received) reply).version()));
      outcome = UserSyncResult.Outcome.DEACTIVATED;
      return finish();
    }
    if (replyClass == ReplyClass.GONE) {
      current = Optional.empty();
      outcome = UserSyncResult.Outcome.DELETED;
      return finish();
    }
    if (sent.method() == ScimRequest.Method.PUT && ReplyClassifier.methodUnsupported(reply)) {
      putRejected = true;
    }
    return fail(SyncFailure.of(reply, context(sent)));
  }

  private Step<UserSyncResult> recreate(ScimRequest sent) {
    current = Optional.empty();
    if (recreates >= MAX_RECREATES) {
      return fail(SyncFailure.permanent(context(sent)
          + ": 404 again after the user was re-created or adopted in this run"));
    }
    recreates++;
    patches.clear();
    return create();
  }

  // --- partial PATCH state ---------------------------------------------------------------------

  /**
   * {@code state} after {@code patch} as RFC 7644 §3.5.2 applies it: a {@code replace} of a
   * complex value replaces the sub-attributes it names and leaves the others (which is why the
   * changes carry separate removes), any other {@code replace} sets the value, a {@code remove}
   * drops the attribute or sub-attribute.
   */
  private Map<String, Object> applied(Map<String, Object> state, PatchRequest patch) {
    Map<String, Object> next = new LinkedHashMap<>(state);
    for (PatchOperation op : patch.operations()) {
      if (op.path().isEmpty()) {
        asObject(op.value().orElseThrow()).forEach((key, value) -> replace(next, key, value));
        continue;
      }
      String[] target = split(op.path().get(), next);
      if (target[1] == null) {
        if (op.op() == PatchOperation.Op.REMOVE) {
          next.remove(target[0]);
        } else {
          replace(next, target[0], op.value().orElseThrow());
        }
        continue;
      }
      Map<String, Object> parent = next.get(target[0]) instanceof Map<?, ?> map
          ? new LinkedHashMap<>(asObject(map)) : new LinkedHashMap<>();
      if (op.op() == PatchOperation.Op.REMOVE) {
        parent.remove(target[1]);
      } else {
        replace(parent, target[1], op.value().orElseThrow());
      }
      next.put(target[0], parent);
    }
    return Projection.of(next);
  }

  private static void replace(Map<String, Object> into, String key, Object value) {
    if (into.get(key) instanceof Map<?, ?> old && value instanceof Map<?, ?> sub) {
      Map<String, Object> merged = new LinkedHashMap<>(asObject(old));
      merged.putAll(asObject(sub));
      into.put(key, merged);
    } else {
      into.put(key, value);
    }
  }

  /**
   * {attribute, sub-attribute or null} for a path made by {@link AttributeChanges}: extension
   * attributes are {@code urn:...:User:department}, others {@code name.givenName}.
   */
  private String[] split(String path, Map<String, Object> state) {
    if (ScimSchemas.isSchemaUrn(path)) {
      if (state.containsKey(path) || desiredAttributes.containsKey(path)) {
        return new String[] {path, null};
      }
      int colon = path.lastIndexOf(':');
      return new String[] {path.substring(0, colon), path.substring(colon + 1)};
    }
    int dot = path.indexOf('.');
    return dot < 0 ? new String[] {path, null}
        : new String[] {path.substring(0, dot), path.substring(dot + 1)};
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object map) {
    return (Map<String, Object>) map;
  }

  // --- plumbing ------------------------------------------------------------------------------

  private Step<UserSyncResult> onWithheld(ScimRequest withheld) {
    dryRun = true;
    switch (phase) {
      case CREATE:
      case DELETE:
      case DEACTIVATE:
      case PUT: // a PUT writes everything: nothing follows it either
        return finish(); // nothing further can be planned without the target's answer
      case PATCH:
        patches.poll();
        return next();
      default:
        throw new IllegalStateException("a read was withheld: " + withheld.describe());
    }
  }

  private void markUpdated() {
    if (outcome == UserSyncResult.Outcome.UNCHANGED) {
      outcome = UserSyncResult.Outcome.UPDATED;
    }
  }

  private Step<UserSyncResult> send(Phase next, ScimRequest request) {
    phase = next;
    inFlight = request;
    requests++;
    return new Step.Send<>(request);
  }

  private Step<UserSyncResult> finish() {
    phase = Phase.DONE;
    if (dryRun) {
      return new Step.Done<>(new UserSyncResult(UserSyncResult.Outcome.DRY_RUN, lastWritten,
          Optional.empty(), putRejected, requests));
    }
    return new Step.Done<>(new UserSyncResult(outcome, current, Optional.empty(), putRejected,
        requests, note));
  }

  private Step<UserSyncResult> fail(SyncFailure failure) {
    phase = Phase.DONE;
    Optional<WrittenUser> keep = dryRun ? lastWritten : current;
    return new Step.Done<>(new UserSyncResult(UserSyncResult.Outcome.FAILED, keep,
        Optional.of(failure), putRejected, requests));
  }

  private static String path(WrittenUser user) {
    return ScimRequest.resourcePath(USERS, user.remoteId());
  }

  private String context(ScimRequest request) {
    return request.describe() + " for " + desired.map(DesiredUser::describe).orElseGet(() -> {
      WrittenUser last = lastWritten.orElseThrow();
      return "user " + last.userName().map(n -> "'" + n + "' ").orElse("")
          + "(remote id " + last.remoteId() + ")";
    });
  }
}
