package io.scimsync.testkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The fake server's state, without HTTP: users and groups as JSON, with the RFC 7643/7644 rules
 * a SCIM service provider applies to them, switched by {@link StoreOptions}. Filters and PATCH
 * come from UnboundID's SCIM 2 SDK, an implementation independent of ours (DESIGN.md §1).
 *
 * <p>Resources are schema-less JSON, kept with case-insensitive attribute names (RFC 7643 §2.1).
 * The server owns {@code id} (counter-based, {@code u-000001} and {@code g-000001}, readable in
 * test output and never reused by one store, not even after {@link #reset()}) and {@code meta}
 * ({@code resourceType}, {@code created}, {@code lastModified}, {@code version} {@code W/"n"};
 * {@code location} is the HTTP layer's). Both, and a user's {@code groups}, are read-only: they are
 * ignored in a POST/PUT body and a PATCH may not target them. A user's {@code groups} (RFC 7643
 * §4.1.2) is derived from the groups' {@code members} (direct memberships only) and does not
 * change the user's version. {@code password} is never stored: it is never returned (RFC 7643
 * §4.1.1) and a fake has nothing to check it against.
 *
 * <p>A write that changes nothing (a PATCH removing an absent member, a PUT of the same body)
 * keeps {@code version} and {@code lastModified}, so ETags change only with the resource.
 *
 * <p>Nothing nested deeper than {@link #MAX_DEPTH} is ever stored: every write checks its body
 * and its result first (400 {@code invalidSyntax}), so reads, lists and {@link #dump()} always
 * succeed.
 *
 * <p>Thread-safe: a read-write lock; reads share it, so GETs run in parallel. Stored nodes are
 * never changed in place, every write stores new ones; callers always get deep copies.
 */
public final class ResourceStore {
  /**
   * How many levels of objects and arrays a resource, and any request body, may nest; deeper is
   * 400 {@code invalidSyntax}, as a real server's parser limit answers. Above what a client
   * legitimately writes, and low enough that every reply the server gives (a list response adds two
   * levels) stays within a careful client's own limit of 64. It also bounds every recursive walk
   * over stored resources: Jackson's and UnboundID's copies, filters, PATCH and writers.
   */
  public static final int MAX_DEPTH = 48;

  /** The resource types this server serves (RFC 7643 §4). */
  public enum Kind {
    USERS("/Users", "User", "urn:ietf:params:scim:schemas:core:2.0:User", "userName", "u"),
    GROUPS("/Groups", "Group", "urn:ietf:params:scim:schemas:core:2.0:Group", "displayName", "g");

    private final String endpoint;
    private final String resourceType;
    private final String schema;
    private final String nameAttribute;
    private final String idPrefix;

    Kind(String endpoint, String resourceType, String schema, String nameAttribute, String idPrefix) {
      this.endpoint = endpoint;
      this.resourceType = resourceType;
      this.schema = schema;
      this.nameAttribute = nameAttribute;
      this.idPrefix = idPrefix;
    }

    /** The endpoint relative to the base URL, {@code /Users}. */
    public String endpoint() {
      return endpoint;
    }

    /** {@code meta.resourceType} and a member's {@code type}: {@code User}, {@code Group}. */
    public String resourceType() {
      return resourceType;
    }

    /** The core schema URN, always in the resource's {@code schemas}. */
    public String schema() {
      return schema;
    }

    /** The required attribute that names the resource and is unique unless duplicates are allowed. */
    public String nameAttribute() {
      return nameAttribute;
    }
  }

  private static final Set<String> READ_ONLY = Set.of("id", "meta");
  private static final String USER_GROUPS = "groups";

  /** One stored resource; {@code node} is never changed after it is stored. */
  private record Entry(String id, long sequence, long version, String created, ObjectNode node) {}

  private final StoreOptions options;
  private final Clock clock;
  private final Lock readLock;
  private final Lock writeLock;
  private final Map<Kind, LinkedHashMap<String, Entry>> resources = new EnumMap<>(Kind.class);
  /** Lower-cased name to id, kept only while names are unique. */
  private final Map<Kind, Map<String, String>> names = new EnumMap<>(Kind.class);
  /** Member value (a user or group id) to the ids of the groups that list it. */
  private final Map<String, Set<String>> groupsListing = new HashMap<>();
  private final Map<Kind, Long> counters = new EnumMap<>(Kind.class);

  /**
   * @param options the switches vendor profiles turn
   * @param clock   time for {@code meta.created} / {@code meta.lastModified}
   */
  public ResourceStore(StoreOptions options, Clock clock) {
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    this.readLock = lock.readLock();
    this.writeLock = lock.writeLock();
    for (Kind kind : Kind.values()) {
      resources.put(kind, new LinkedHashMap<>());
      names.put(kind, new HashMap<>());
      counters.put(kind, 0L);
    }
  }

  /** A store on the system clock, in UTC. */
  public ResourceStore(StoreOptions options) {
    this(options, Clock.systemUTC());
  }

  public StoreOptions options() {
    return options;
  }

  /**
   * POST (RFC 7644 §3.3): stores {@code body} under a new id and returns it as stored. A client
   * {@code id} or {@code meta} is ignored; a missing core schema URN is added rather than refused,
   * as most servers do, and so are the URNs of extension attributes present in the body.
   *
   * @throws ScimException 400 {@code invalidValue} without a {@code userName} / group
   *                       {@code displayName} or with a member the options refuse; 400
   *                       {@code invalidSyntax} when nested deeper than {@link #MAX_DEPTH}; 409
   *                       {@code uniqueness} when the name is taken
   */
  public ObjectNode create(Kind kind, ObjectNode body) {
    ObjectNode content = content(kind, body);
    writeLock.lock();
    try {
      if (kind == Kind.GROUPS) {
        requireMemberLimit(Json.field(body, "members").size());
        checkMembers(content, Set.of(), null);
      }
      requireUnique(kind, content, null);
      long sequence = counters.get(kind) + 1;
      counters.put(kind, sequence);
      String id = String.format(Locale.ROOT, "%s-%06d", kind.idPrefix, sequence);
      return write(kind, id, sequence, null, content);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * GET by id (RFC 7644 §3.4.1).
   *
   * @throws ScimException 404 when there is no such resource
   */
  public ObjectNode get(Kind kind, String id) {
    readLock.lock();
    try {
      return view(kind, require(kind, id));
    } finally {
      readLock.unlock();
    }
  }

  /**
   * PUT (RFC 7644 §3.5.1): {@code body} replaces everything but {@code id} and
   * {@code meta.created}; an attribute left out is removed.
   *
   * @param ifMatch the {@code If-Match} header, enforced when {@link StoreOptions#etags()}
   * @throws ScimException 404, 412, 409 {@code uniqueness}, 400 as for {@link #create}
   */
  public ObjectNode replace(Kind kind, String id, ObjectNode body, Optional<String> ifMatch) {
    ObjectNode content = content(kind, body);
    writeLock.lock();
    try {
      Entry old = require(kind, id);
      requireCurrent(kind, old, ifMatch);
      if (kind == Kind.GROUPS) {
        requireMemberLimit(Json.field(body, "members").size());
        checkMembers(content, Patches.memberValues(old.node()), id);
      }
      requireUnique(kind, content, id);
      return write(kind, id, old.sequence(), old, content);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * PATCH (RFC 7644 §3.5.2) with UnboundID's operations: {@code add}, {@code remove},
   * {@code replace} in any case ({@code "Replace"} from Entra), with or without a path, value
   * arrays, value-filter paths such as {@code members[value eq "id"]}. Applied to a copy and
   * stored only if every operation succeeds and the result passes the same checks as a PUT, so a
   * failing PATCH changes nothing. Removing a member that is not there succeeds (UnboundID, and
   * RFC 7644 §3.5.2.2 names no error for it); a {@code replace} whose value filter matches nothing
   * is 400 {@code noTarget}. Adding a member already present changes nothing (§3.5.2.1).
   *
   * @param body    the PATCH request, {@code {"schemas":[...PatchOp], "Operations":[...]}}
   * @param ifMatch the {@code If-Match} header, enforced when {@link StoreOptions#etags()}
   * @throws ScimException 404, 412, 409 {@code uniqueness}; 400 {@code invalidSyntax} (malformed
   *                       body, missing PatchOp schema when required, unknown op),
   *                       {@code invalidPath}, {@code noTarget}, {@code mutability} (id, meta,
   *                       a user's groups), {@code invalidValue} (result fails validation, too
   *                       many member changes); {@code invalidSyntax} also for a body or a result
   *                       nested deeper than {@link #MAX_DEPTH}
   */
  public ObjectNode patch(Kind kind, String id, JsonNode body, Optional<String> ifMatch) {
    if (body != null) {
      Json.requireDepth(body, MAX_DEPTH, "the PATCH body");
    }
    List<PatchOperation> operations = Patches.parse(body, kind, options);
    boolean limited = kind == Kind.GROUPS && options.maxMemberChangesPerRequest() > 0;
    writeLock.lock();
    try {
      Entry old = require(kind, id);
      requireCurrent(kind, old, ifMatch);
      Patches.Outcome outcome = Patches.apply(old.node(), operations, limited);
      // a PATCH puts its values no deeper than they sit in its body, but the merge is UnboundID's:
      // check what is about to be stored rather than rely on that
      Json.requireDepth(outcome.resource(), MAX_DEPTH, "the patched resource");
      if (limited) {
        requireMemberLimit(outcome.memberChanges());
      }
      ObjectNode content = Json.caseIgnoring(outcome.resource());
      stripReadOnly(content, kind);
      ensureSchemas(content, kind);
      requireName(content, kind);
      if (kind == Kind.GROUPS) {
        checkMembers(content, Patches.memberValues(old.node()), id);
      }
      requireUnique(kind, content, id);
      return write(kind, id, old.sequence(), old, content);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * DELETE (RFC 7644 §3.6). A deleted user or group also leaves the {@code members} of every
   * group that listed it; those groups get a new version.
   *
   * @throws ScimException 404, 412
   */
  public void delete(Kind kind, String id, Optional<String> ifMatch) {
    writeLock.lock();
    try {
      Entry old = require(kind, id);
      requireCurrent(kind, old, ifMatch);
      resources.get(kind).remove(id);
      unindex(kind, old);
      Set<String> listing = groupsListing.remove(id);
      if (listing != null) {
        for (String groupId : listing) {
          Entry group = resources.get(Kind.GROUPS).get(groupId);
          if (group != null) {
            ObjectNode content = contentOf(group);
            removeMember(content, id);
            write(Kind.GROUPS, groupId, group.sequence(), group, content);
          }
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * A list query (RFC 7644 §3.4.2): the resources matching the filter, in creation order, paged
   * by index or by cursor (RFC 9865). The filter is parsed and evaluated by UnboundID: string
   * comparisons ignore case (RFC 7643 caseExact=false, which UnboundID applies to every
   * attribute, {@code id} included), and {@code emails[type eq "work"]} and
   * {@code members.value eq "id"} work. {@code count} above {@link StoreOptions#maxPageSize()} is
   * cut to it, as RFC 7644 §3.4.2.4 allows.
   *
   * @throws ScimException 400 {@code invalidFilter} for a filter that does not parse or that the
   *                       options refuse; 400 {@code invalidCursor}
   */
  public ListResult list(Kind kind, ListQuery query) {
    Optional<String> text = query.filter().filter(f -> !f.isBlank());
    Filter filter = text.map(f -> Filters.parse(f, options)).orElse(null);
    // a user's groups is derived: build it for the filter only when the filter can look at it
    boolean needsGroups = kind == Kind.USERS
        && text.map(f -> f.toLowerCase(Locale.ROOT).contains(USER_GROUPS)).orElse(false);
    int pageSize = pageSize(query.count());
    readLock.lock();
    try {
      List<Entry> matches = new ArrayList<>();
      for (Entry entry : candidates(kind, filter)) {
        if (filter == null || matches(filter, needsGroups ? filterView(kind, entry) : entry.node())) {
          matches.add(entry);
        }
      }
      int from;
      if (query.cursor().isPresent()) {
        long after = cursor(query.cursor().get());
        from = 0;
        while (from < matches.size() && matches.get(from).sequence() <= after) {
          from++;
        }
      } else {
        from = Math.min(query.startIndex() - 1, matches.size());
      }
      int to = (int) Math.min((long) from + pageSize, matches.size());
      List<ObjectNode> page = new ArrayList<>(to - from);
      for (Entry entry : matches.subList(from, to)) {
        page.add(view(kind, entry));
      }
      Optional<String> next = query.cursor().isPresent() && to < matches.size() && to > from
          ? Optional.of(Long.toString(matches.get(to - 1).sequence()))
          : Optional.empty();
      // index paging echoes the requested startIndex, also past the end (RFC 7644 §3.4.2.4)
      int startIndex = query.cursor().isPresent() ? from + 1 : query.startIndex();
      return new ListResult(matches.size(), startIndex, page, next);
    } finally {
      readLock.unlock();
    }
  }

  /**
   * {@code attributes} / {@code excludedAttributes} (RFC 7644 §3.9): a copy of {@code resource}
   * with only the named attributes, or without the excluded ones; {@code id}, {@code schemas} and
   * {@code meta} are always kept. Names ignore case and may be {@code name.givenName} or carry a
   * schema URN prefix; unknown names select nothing. With both lists, the selection is made first.
   */
  public static ObjectNode select(ObjectNode resource, List<String> attributes,
                                  List<String> excludedAttributes) {
    Json.requireDepth(resource, MAX_DEPTH, "the resource");
    return Projection.select(resource, attributes, excludedAttributes);
  }

  /**
   * The whole state, for assertions and the recorder's dump: {@code {"users":[...],"groups":[...]}}
   * as stored (groups with their members; users without the derived {@code groups}).
   */
  public ObjectNode dump() {
    readLock.lock();
    try {
      ObjectNode dump = JsonNodeFactory.instance.objectNode();
      ArrayNode users = dump.putArray("users");
      resources.get(Kind.USERS).values().forEach(e -> users.add(Json.plain(e.node())));
      ArrayNode groups = dump.putArray("groups");
      resources.get(Kind.GROUPS).values().forEach(e -> groups.add(Json.plain(e.node())));
      return dump;
    } finally {
      readLock.unlock();
    }
  }

  /** Forgets every resource. Id counters go on, so an id from before never names a new resource. */
  public void reset() {
    writeLock.lock();
    try {
      resources.values().forEach(Map::clear);
      names.values().forEach(Map::clear);
      groupsListing.clear();
    } finally {
      writeLock.unlock();
    }
  }

  /** How many resources of {@code kind} there are. */
  public int size(Kind kind) {
    readLock.lock();
    try {
      return resources.get(kind).size();
    } finally {
      readLock.unlock();
    }
  }

  // ---- validation

  /** The client's body as content to store: own copy, read-only attributes dropped, checked. */
  private static ObjectNode content(Kind kind, ObjectNode body) {
    if (body == null) {
      throw ScimException.invalidSyntax("the request body must be a JSON object");
    }
    Json.requireDepth(body, MAX_DEPTH, "the resource");
    ObjectNode content = Json.caseIgnoring(body);
    stripReadOnly(content, kind);
    ensureSchemas(content, kind);
    requireName(content, kind);
    return content;
  }

  /** {@code emails[].value} in lower case, as a server that canonicalises them stores it. */
  private static void lowercaseEmails(ObjectNode content) {
    for (JsonNode email : Json.field(content, "emails")) {
      JsonNode value = Json.field(email, "value");
      if (email instanceof ObjectNode object && value.isTextual()) {
        Json.removeField(object, "value");
        object.put("value", value.asText().toLowerCase(Locale.ROOT));
      }
    }
  }

  /** Read-only attributes are ignored in requests (RFC 7643 §7 "readOnly"). */
  static void stripReadOnly(ObjectNode node, Kind kind) {
    READ_ONLY.forEach(name -> Json.removeField(node, name));
    if (kind == Kind.USERS) {
      Json.removeField(node, USER_GROUPS);
    }
    Json.removeField(node, "password");
  }

  static boolean isReadOnly(String attribute, Kind kind) {
    String lower = attribute.toLowerCase(Locale.ROOT);
    return READ_ONLY.contains(lower) || (kind == Kind.USERS && lower.equals(USER_GROUPS));
  }

  /** The core URN first, then the client's, then any extension present but not listed (RFC 7643 §3). */
  private static void ensureSchemas(ObjectNode node, Kind kind) {
    JsonNode given = Json.field(node, "schemas");
    if (!given.isMissingNode() && !given.isNull() && !given.isArray()) {
      throw ScimException.invalidSyntax("\"schemas\" must be an array of schema URNs");
    }
    Set<String> seen = new LinkedHashSet<>();
    ArrayNode schemas = node.arrayNode();
    schemas.add(kind.schema());
    seen.add(kind.schema().toLowerCase(Locale.ROOT));
    for (JsonNode schema : given) {
      if (!schema.isTextual()) {
        throw ScimException.invalidSyntax("\"schemas\" must hold URN strings, not " + schema);
      }
      if (seen.add(schema.textValue().toLowerCase(Locale.ROOT))) {
        schemas.add(schema.textValue());
      }
    }
    node.fieldNames().forEachRemaining(name -> {
      if (name.regionMatches(true, 0, "urn:", 0, 4) && seen.add(name.toLowerCase(Locale.ROOT))) {
        schemas.add(name);
      }
    });
    Json.removeField(node, "schemas");
    node.set("schemas", schemas);
  }

  /** userName (RFC 7643 §4.1.1) and a group's displayName (§4.2) are required strings. */
  private static void requireName(ObjectNode node, Kind kind) {
    JsonNode name = Json.field(node, kind.nameAttribute());
    if (!name.isTextual() || name.textValue().isBlank()) {
      throw ScimException.invalidValue(kind.resourceType() + " needs \"" + kind.nameAttribute()
          + "\": a non-empty string" + (name.isMissingNode() ? "" : ", not " + name));
    }
  }

  private static String nameOf(Kind kind, JsonNode node) {
    return Json.field(node, kind.nameAttribute()).asText();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** userName and group displayName are caseExact=false (RFC 7643 §4.1.1, §4.2), so is the check. */
  private void requireUnique(Kind kind, ObjectNode content, String self) {
    if (options.allowDuplicates()) {
      return;
    }
    String name = nameOf(kind, content);
    String holder = names.get(kind).get(key(name));
    if (holder != null && !holder.equals(self)) {
      throw ScimException.uniqueness(kind.resourceType() + " " + kind.nameAttribute() + " '" + name
          + "' is already taken by '" + holder + "' (compared ignoring case)");
    }
  }

  private void requireMemberLimit(int changes) {
    int limit = options.maxMemberChangesPerRequest();
    if (limit > 0 && changes > limit) {
      throw ScimException.invalidValue("this request changes " + changes
          + " members; this server allows at most " + limit + " member changes per request");
    }
  }

  /**
   * Checks a group's members in place: objects with a string {@code value}, duplicates dropped
   * (adding a member twice is no change, RFC 7644 §3.5.2.1), {@code type} User or Group (required
   * when the options say so), and references to existing resources for members not already in
   * {@code previous} (members that were valid stay valid: deletes remove them from groups).
   */
  private void checkMembers(ObjectNode group, Set<String> previous, String self) {
    Optional<String> field = Json.fieldName(group, "members");
    if (field.isEmpty()) {
      return;
    }
    JsonNode members = group.get(field.get());
    if (members.isNull()) {
      group.remove(field.get());
      return;
    }
    if (!members.isArray()) {
      throw ScimException.invalidValue("\"members\" must be an array of member objects, not " + members);
    }
    ArrayNode unique = group.arrayNode();
    Set<String> seen = new HashSet<>();
    for (JsonNode member : members) {
      JsonNode value = member.isObject() ? Json.field(member, "value") : member;
      if (!member.isObject() || !value.isTextual() || value.textValue().isBlank()) {
        throw ScimException.invalidValue("a member must be an object with \"value\": the id of a"
            + " User or Group; got " + member);
      }
      String id = value.textValue();
      if (!seen.add(id)) {
        continue;
      }
      JsonNode type = Json.field(member, "type");
      if (type.isMissingNode() || type.isNull()) {
        if (options.memberTypeRequired()) {
          throw ScimException.invalidValue("member '" + id + "' has no \"type\": this server"
              + " requires \"type\": \"User\" or \"Group\" on every member");
        }
      } else if (!type.isTextual() || memberKind(type.textValue()).isEmpty()) {
        throw ScimException.invalidValue("member '" + id + "' has type " + type
            + "; expected \"User\" or \"Group\"");
      }
      if (options.validateMemberReferences() && !previous.contains(id)) {
        requireReference(id, type, self);
      }
      unique.add(member);
    }
    if (unique.isEmpty()) {
      group.remove(field.get()); // no members is an unassigned attribute (RFC 7643 §2.5)
    } else {
      group.set(field.get(), unique);
    }
  }

  private void requireReference(String id, JsonNode type, String self) {
    if (id.equals(self)) {
      throw ScimException.invalidValue("group '" + id + "' cannot be a member of itself");
    }
    Kind target = resources.get(Kind.USERS).containsKey(id) ? Kind.USERS
        : resources.get(Kind.GROUPS).containsKey(id) ? Kind.GROUPS : null;
    if (target == null) {
      throw ScimException.invalidValue("member '" + id + "' is not the id of an existing User or Group");
    }
    if (type.isTextual() && memberKind(type.textValue()).orElse(target) != target) {
      throw ScimException.invalidValue("member '" + id + "' is a " + target.resourceType()
          + ", not a " + type.textValue());
    }
  }

  private static Optional<Kind> memberKind(String type) {
    for (Kind kind : Kind.values()) {
      if (kind.resourceType().equalsIgnoreCase(type)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  private Entry require(Kind kind, String id) {
    Entry entry = id == null ? null : resources.get(kind).get(id);
    if (entry == null) {
      throw ScimException.notFound(kind, id);
    }
    return entry;
  }

  /**
   * If-Match (RFC 7644 §3.14, RFC 9110 §13.1.1): {@code *} or a list of versions; compared
   * without the weak prefix, as SCIM versions are weak ETags sent back as they came.
   */
  private void requireCurrent(Kind kind, Entry entry, Optional<String> ifMatch) {
    if (!options.etags() || ifMatch.isEmpty() || ifMatch.get().isBlank()) {
      return;
    }
    String current = version(entry.version());
    for (String tag : ifMatch.get().split(",")) {
      String trimmed = tag.trim();
      if (trimmed.equals("*") || opaque(trimmed).equals(opaque(current))) {
        return;
      }
    }
    throw ScimException.preconditionFailed("If-Match " + ifMatch.get().trim() + " does not match "
        + kind.resourceType() + " '" + entry.id() + "' at version " + current);
  }

  private static String opaque(String tag) {
    String t = tag.startsWith("W/") || tag.startsWith("w/") ? tag.substring(2) : tag;
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }

  private static String version(long version) {
    return "W/\"" + version + "\"";
  }

  // ---- writing and reading

  /**
   * Stores {@code content} (validated, no id or meta) as {@code id}: a new version unless it
   * equals what is stored. Returns what a GET would.
   */
  private ObjectNode write(Kind kind, String id, long sequence, Entry old, ObjectNode content) {
    if (kind == Kind.USERS && options.lowercaseEmails()) {
      lowercaseEmails(content);
    }
    if (old != null && contentOf(old).equals(content)) {
      return view(kind, old);
    }
    String now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    long version = old == null ? 1 : old.version() + 1;
    String created = old == null ? now : old.created();
    ObjectNode meta = content.objectNode();
    meta.put("resourceType", kind.resourceType());
    meta.put("created", created);
    meta.put("lastModified", now);
    meta.put("version", version(version));
    // schemas and id first, meta last: the order RFC 7643's examples use
    ObjectNode node = content.objectNode();
    node.set("schemas", content.get("schemas"));
    node.put("id", id);
    for (Map.Entry<String, JsonNode> field : content.properties()) {
      if (!field.getKey().equals("schemas")) {
        node.set(field.getKey(), field.getValue());
      }
    }
    node.set("meta", meta);
    Entry entry = new Entry(id, sequence, version, created, node);
    if (old != null) {
      unindex(kind, old);
    }
    resources.get(kind).put(id, entry); // a LinkedHashMap keeps the first insertion's place
    index(kind, entry);
    return view(kind, entry);
  }

  private void index(Kind kind, Entry entry) {
    if (!options.allowDuplicates()) {
      names.get(kind).put(key(nameOf(kind, entry.node())), entry.id());
    }
    if (kind == Kind.GROUPS) {
      for (String member : Patches.memberValues(entry.node())) {
        groupsListing.computeIfAbsent(member, m -> new LinkedHashSet<>()).add(entry.id());
      }
    }
  }

  private void unindex(Kind kind, Entry entry) {
    if (!options.allowDuplicates()) {
      names.get(kind).remove(key(nameOf(kind, entry.node())), entry.id());
    }
    if (kind == Kind.GROUPS) {
      for (String member : Patches.memberValues(entry.node())) {
        Set<String> listing = groupsListing.get(member);
        if (listing != null) {
          listing.remove(entry.id());
          if (listing.isEmpty()) {
            groupsListing.remove(member);
          }
        }
      }
    }
  }

  /** A stored resource without id and meta: what a write compares and replaces. */
  private static ObjectNode contentOf(Entry entry) {
    ObjectNode content = entry.node().deepCopy();
    content.remove("id");
    content.remove("meta");
    return content;
  }

  private static void removeMember(ObjectNode group, String id) {
    Optional<String> field = Json.fieldName(group, "members");
    if (field.isEmpty() || !group.get(field.get()).isArray()) {
      return;
    }
    ArrayNode kept = group.arrayNode();
    for (JsonNode member : group.get(field.get())) {
      if (!id.equals(Json.field(member, "value").asText(null))) {
        kept.add(member);
      }
    }
    if (kept.isEmpty()) {
      group.remove(field.get());
    } else {
      group.set(field.get(), kept);
    }
  }

  /**
   * What a GET returns: a deep copy of plain nodes, with a user's derived {@code groups} before
   * {@code meta}.
   */
  private ObjectNode view(Kind kind, Entry entry) {
    return withGroups(kind, entry, (ObjectNode) Json.plain(entry.node()));
  }

  /** What a filter sees: case-insensitive names, and a user's derived {@code groups}. */
  private ObjectNode filterView(Kind kind, Entry entry) {
    return withGroups(kind, entry, entry.node().deepCopy());
  }

  private ObjectNode withGroups(Kind kind, Entry entry, ObjectNode copy) {
    Set<String> listing = kind == Kind.USERS ? groupsListing.get(entry.id()) : null;
    if (listing == null || listing.isEmpty()) {
      return copy;
    }
    JsonNode meta = copy.remove("meta");
    ArrayNode groups = copy.putArray(USER_GROUPS);
    for (String groupId : listing) {
      Entry group = resources.get(Kind.GROUPS).get(groupId);
      if (group != null) {
        ObjectNode ref = groups.addObject();
        ref.put("value", groupId);
        ref.put("display", nameOf(Kind.GROUPS, group.node()));
        ref.put("type", "direct");
      }
    }
    copy.set("meta", meta);
    return copy;
  }

  /**
   * Where to look: {@code userName eq "x"} / {@code displayName eq "x"}, the lookup Entra and
   * authentik make before every create, is answered from the name index instead of a scan, which
   * keeps it fast in large directories; the filter is still evaluated on the candidate.
   */
  private Collection<Entry> candidates(Kind kind, Filter filter) {
    Map<String, Entry> all = resources.get(kind);
    if (filter == null || options.allowDuplicates() || filter.getFilterType() != FilterType.EQUAL) {
      return all.values();
    }
    Path path = filter.getAttributePath();
    ValueNode value = filter.getComparisonValue();
    boolean byName = path != null && path.size() == 1 && path.getElement(0).getValueFilter() == null
        && (path.getSchemaUrn() == null || path.getSchemaUrn().equalsIgnoreCase(kind.schema()))
        && path.getElement(0).getAttribute().equalsIgnoreCase(kind.nameAttribute())
        && value != null && value.isTextual();
    if (!byName) {
      return all.values();
    }
    String id = names.get(kind).get(key(value.textValue()));
    Entry entry = id == null ? null : all.get(id);
    return entry == null ? List.of() : List.of(entry);
  }

  private static boolean matches(Filter filter, JsonNode node) {
    try {
      return FilterEvaluator.evaluate(filter, node);
    } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
      throw ScimException.invalidFilter("filter '" + filter + "' cannot be evaluated: "
          + Json.firstLine(e.getMessage()));
    }
  }

  private int pageSize(Optional<Integer> count) {
    int cap = options.maxPageSize() == 0 ? Integer.MAX_VALUE : options.maxPageSize();
    // RFC 7644 §3.4.2.4: a negative count is 0; none is the server's choice, here its cap
    return count.map(c -> Math.min(Math.max(0, c), cap)).orElse(cap);
  }

  /** Cursors are the sequence number of the last resource returned, opaque to clients. */
  private static long cursor(String cursor) {
    if (cursor.isEmpty()) {
      return 0;
    }
    try {
      long after = Long.parseLong(cursor);
      if (after >= 0) {
        return after;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ScimException.invalidCursor("cursor '" + cursor + "' was not issued by this server");
  }
}
