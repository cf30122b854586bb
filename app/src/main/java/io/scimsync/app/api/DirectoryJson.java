package io.scimsync.app.api;

import io.scimsync.app.InvalidFieldException;
import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.model.JsonDepth;
import io.scimsync.domain.model.TooDeepException;
import io.scimsync.domain.port.ObjectRef;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The admin API's JSON for local users and groups, both ways. Readers validate everything the
 * domain records do not (types, unknown fields, {@code attributes} nested deeper than
 * {@link JsonBodies#MAX_FIELD_DEPTH} levels) and name the first wrong field, so that a 400 tells
 * the caller exactly what to fix.
 */
final class DirectoryJson {
  static final int MAX_ID_LENGTH = 255;

  private static final Set<String> USER_KEYS = Set.of("id", "userName", "displayName",
      "givenName", "familyName", "email", "active", "attributes");
  private static final Set<String> GROUP_KEYS = Set.of("id", "name", "members", "attributes");
  private static final Set<String> MEMBER_CHANGE_KEYS = Set.of("add", "remove");

  private DirectoryJson() {}

  /** What {@code POST /groups/{id}/members} asks for. */
  record MemberChange(Set<String> add, Set<String> remove) {
    MemberChange {
      add = Set.copyOf(add);
      remove = Set.copyOf(remove);
    }
  }

  /**
   * Validates a local id from the path. Any printable text is allowed (ids are the caller's
   * own); control characters are not, as they break logs and PostgreSQL rejects NUL.
   */
  static String requireId(String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidFieldException("id", "must not be blank");
    }
    if (id.codePointCount(0, id.length()) > MAX_ID_LENGTH) {
      throw new InvalidFieldException("id", "must be at most " + MAX_ID_LENGTH + " characters");
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidFieldException("id", "must not contain control characters");
    }
    return id;
  }

  static LocalUser user(String id, Map<String, Object> json) {
    onlyKeys(json, USER_KEYS);
    sameId(id, json);
    return new LocalUser(id, requiredText(json, "userName"), optionalText(json, "displayName"),
        optionalText(json, "givenName"), optionalText(json, "familyName"),
        optionalText(json, "email"), bool(json, "active", true), attributes(json));
  }

  static Map<String, Object> userJson(LocalUser user) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", user.id());
    out.put("userName", user.userName());
    user.displayName().ifPresent(v -> out.put("displayName", v));
    user.givenName().ifPresent(v -> out.put("givenName", v));
    user.familyName().ifPresent(v -> out.put("familyName", v));
    user.email().ifPresent(v -> out.put("email", v));
    out.put("active", user.active());
    out.put("attributes", user.attributes());
    return out;
  }

  static LocalGroup group(String id, Map<String, Object> json) {
    onlyKeys(json, GROUP_KEYS);
    sameId(id, json);
    String name = requiredText(json, "name");
    Set<String> members = json.get("members") == null ? Set.of() : ids(json, "members");
    return new LocalGroup(id, name, members, attributes(json));
  }

  static Map<String, Object> groupJson(LocalGroup group) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", group.id());
    out.put("name", group.name());
    TreeSet<String> members = new TreeSet<>(ObjectRef.ID_ORDER);
    members.addAll(group.memberIds());
    out.put("members", List.copyOf(members));
    out.put("attributes", group.attributes());
    return out;
  }

  static MemberChange memberChange(Map<String, Object> json) {
    onlyKeys(json, MEMBER_CHANGE_KEYS);
    Set<String> add = json.get("add") == null ? Set.of() : ids(json, "add");
    Set<String> remove = json.get("remove") == null ? Set.of() : ids(json, "remove");
    if (add.isEmpty() && remove.isEmpty()) {
      throw new InvalidFieldException("add", "is required: \"add\" and/or \"remove\" must list at "
          + "least one user id");
    }
    return new MemberChange(add, remove);
  }

  private static void onlyKeys(Map<String, Object> json, Set<String> known) {
    // sorted, so that the same body always names the same field
    for (String key : new TreeMap<>(json).keySet()) {
      if (!known.contains(key)) {
        throw new InvalidFieldException(key, "unknown field; known: " + new TreeSet<>(known));
      }
    }
  }

  /** A body may carry its id (what GET returned, sent back), but it cannot rename the object. */
  private static void sameId(String pathId, Map<String, Object> json) {
    Object bodyId = json.get("id");
    if (bodyId != null && !pathId.equals(bodyId)) {
      throw new InvalidFieldException("id", "must be the id in the path, '" + pathId
          + "', or absent");
    }
  }

  private static String requiredText(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (value == null) {
      throw new InvalidFieldException(key, "is required");
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new InvalidFieldException(key, "must be a non-empty string");
    }
    return text;
  }

  private static Optional<String> optionalText(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      throw new InvalidFieldException(key, "must be a string");
    }
    return Optional.of(text);
  }

  private static boolean bool(Map<String, Object> json, String key, boolean fallback) {
    Object value = json.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw new InvalidFieldException(key, "must be true or false");
    }
    return b;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> attributes(Map<String, Object> json) {
    Object value = json.get("attributes");
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new InvalidFieldException("attributes", "must be an object");
    }
    try {
      // the same limit for every way in (the API, an import), named as the parser names it
      JsonDepth.require(value, JsonBodies.MAX_FIELD_DEPTH, "attributes");
    } catch (TooDeepException e) {
      throw new InvalidFieldException("attributes", e.getMessage());
    }
    return (Map<String, Object>) value;
  }

  /** A list of user ids; repeats collapse, as membership is a set. */
  private static Set<String> ids(Map<String, Object> json, String key) {
    if (!(json.get(key) instanceof List<?> list)) {
      throw new InvalidFieldException(key, "must be an array of user ids");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String id) || id.isBlank()) {
        throw new InvalidFieldException(key, "item " + i + " must be a non-empty string");
      }
      ids.add(id);
    }
    return ids;
  }
}
