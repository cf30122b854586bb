package io.scimsync.domain.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A SCIM group (RFC 7643 §4.2). {@code members} is absent when a payload does not carry the member
 * list at all (PATCH-based targets, or a server that does not echo members), which is different
 * from an empty list. {@code otherAttributes} keeps every attribute the engine does not model,
 * extension attributes included, in the order received.
 */
public record ScimGroup(List<String> schemas, Optional<String> id, Optional<String> externalId,
                        String displayName, Optional<List<Member>> members,
                        Map<String, Object> otherAttributes) {
  private static final Set<String> MODELLED =
      Set.of("schemas", "id", "externalid", "displayname", "members", "meta");

  public ScimGroup {
    schemas = List.copyOf(schemas);
    if (displayName == null || displayName.isBlank()) {
      throw new IllegalArgumentException("displayName must not be blank");
    }
    members = members.map(List::copyOf);
    otherAttributes = JsonValues.copyObject(otherAttributes);
  }

  /** A group with the core schema, a display name and nothing else. */
  public static ScimGroup of(String displayName) {
    return new ScimGroup(List.of(ScimSchemas.GROUP), Optional.empty(), Optional.empty(),
        displayName, Optional.empty(), Map.of());
  }

  public ScimGroup withId(String newId) {
    return new ScimGroup(schemas, Optional.of(newId), externalId, displayName, members,
        otherAttributes);
  }

  public ScimGroup withoutId() {
    return new ScimGroup(schemas, Optional.empty(), externalId, displayName, members,
        otherAttributes);
  }

  public ScimGroup withMembers(Optional<List<Member>> newMembers) {
    return new ScimGroup(schemas, id, externalId, displayName, newMembers, otherAttributes);
  }

  /** The remote ids of the members, if the member list is present. */
  public Optional<Set<String>> memberIds() {
    return members.map(list -> {
      Set<String> ids = new java.util.LinkedHashSet<>();
      list.forEach(m -> ids.add(m.value()));
      return Set.copyOf(ids);
    });
  }

  /** The wire form: schemas first, then id, externalId, displayName, members, the rest. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("schemas", schemas);
    id.ifPresent(v -> map.put("id", v));
    externalId.ifPresent(v -> map.put("externalId", v));
    map.put("displayName", displayName);
    members.ifPresent(list -> map.put("members", list.stream().map(Member::toMap).toList()));
    otherAttributes.forEach(map::putIfAbsent);
    return JsonValues.copyObject(map);
  }

  /**
   * Reads a group leniently (W17): keys ignore case, numeric ids become strings, malformed members
   * are skipped. Empty when the resource has no usable {@code displayName}.
   */
  public static Optional<ScimGroup> fromMap(Map<String, ?> resource) {
    Optional<String> displayName = JsonValues.string(JsonValues.getIgnoreCase(resource, "displayName"));
    if (displayName.isEmpty()) {
      return Optional.empty();
    }
    Object rawMembers = JsonValues.getIgnoreCase(resource, "members");
    Optional<List<Member>> members = Optional.empty();
    if (rawMembers instanceof List<?> list) {
      List<Member> parsed = new ArrayList<>();
      list.forEach(item -> Member.fromMap(item).ifPresent(parsed::add));
      members = Optional.of(parsed);
    }
    Map<String, Object> other = new LinkedHashMap<>();
    resource.forEach((key, value) -> {
      if (!MODELLED.contains(key.toLowerCase(java.util.Locale.ROOT)) && value != null) {
        other.put(key, value);
      }
    });
    return Optional.of(new ScimGroup(
        schemasOf(resource, ScimSchemas.GROUP),
        JsonValues.string(JsonValues.getIgnoreCase(resource, "id")),
        JsonValues.string(JsonValues.getIgnoreCase(resource, "externalId")),
        displayName.get(), members, other));
  }

  static List<String> schemasOf(Map<String, ?> resource, String fallback) {
    if (JsonValues.getIgnoreCase(resource, "schemas") instanceof List<?> list) {
      List<String> schemas = new ArrayList<>();
      list.forEach(item -> JsonValues.string(item).ifPresent(schemas::add));
      if (!schemas.isEmpty()) {
        return schemas;
      }
    }
    return List.of(fallback);
  }
}
