package io.scimsync.domain.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A SCIM user (RFC 7643 §4.1). {@code coreAttributes} holds the core attributes other than
 * {@code id}, {@code externalId} and {@code userName} ({@code name}, {@code displayName},
 * {@code emails}, {@code active}, ...) as plain values; {@code enterprise} is the enterprise
 * extension; {@code extensions} keeps every other extension object under its schema URN, so
 * attributes this engine does not know survive a read and a write.
 */
public record ScimUser(List<String> schemas, Optional<String> id, Optional<String> externalId,
                       String userName, Map<String, Object> coreAttributes,
                       Optional<EnterpriseUser> enterprise,
                       Map<String, Map<String, Object>> extensions) {
  private static final Set<String> MODELLED = Set.of("schemas", "id", "externalid", "username", "meta");

  public ScimUser {
    schemas = List.copyOf(schemas);
    if (userName == null || userName.isBlank()) {
      throw new IllegalArgumentException("userName must not be blank");
    }
    coreAttributes = JsonValues.copyObject(coreAttributes);
    Map<String, Map<String, Object>> copied = new LinkedHashMap<>();
    extensions.forEach((urn, attributes) -> copied.put(urn, JsonValues.copyObject(attributes)));
    extensions = java.util.Collections.unmodifiableMap(copied);
  }

  public Optional<String> displayName() {
    return JsonValues.string(coreAttributes.get("displayName"));
  }

  /** {@code active} as sent; absent means the attribute is not part of the payload. */
  public Optional<Boolean> active() {
    return coreAttributes.get("active") instanceof Boolean b ? Optional.of(b) : Optional.empty();
  }

  /** The {@code value} of each entry of {@code emails}. */
  public List<String> emails() {
    if (coreAttributes.get("emails") instanceof List<?> list) {
      return list.stream()
          .filter(Map.class::isInstance)
          .map(e -> JsonValues.string(((Map<?, ?>) e).get("value")))
          .flatMap(Optional::stream)
          .toList();
    }
    return List.of();
  }

  public ScimUser withId(String newId) {
    return new ScimUser(schemas, Optional.of(newId), externalId, userName, coreAttributes,
        enterprise, extensions);
  }

  public ScimUser withoutId() {
    return new ScimUser(schemas, Optional.empty(), externalId, userName, coreAttributes,
        enterprise, extensions);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("schemas", schemas);
    id.ifPresent(v -> map.put("id", v));
    externalId.ifPresent(v -> map.put("externalId", v));
    map.put("userName", userName);
    coreAttributes.forEach(map::putIfAbsent);
    enterprise.map(EnterpriseUser::toMap).filter(m -> !m.isEmpty())
        .ifPresent(m -> map.put(ScimSchemas.ENTERPRISE_USER, m));
    extensions.forEach(map::putIfAbsent);
    return JsonValues.copyObject(map);
  }

  /** Reads a user leniently; empty when there is no usable {@code userName}. */
  public static Optional<ScimUser> fromMap(Map<String, ?> resource) {
    Optional<String> userName = JsonValues.string(JsonValues.getIgnoreCase(resource, "userName"));
    if (userName.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> core = new LinkedHashMap<>();
    Map<String, Map<String, Object>> extensions = new LinkedHashMap<>();
    Optional<EnterpriseUser> enterprise = Optional.empty();
    for (Map.Entry<String, ?> entry : resource.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (value == null || MODELLED.contains(key.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (ScimSchemas.isSchemaUrn(key) && value instanceof Map<?, ?> extension) {
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) extension;
        if (key.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER)) {
          enterprise = Optional.of(EnterpriseUser.fromMap(attributes));
        } else {
          extensions.put(key, attributes);
        }
      } else {
        core.put(key, value);
      }
    }
    return Optional.of(new ScimUser(
        ScimGroup.schemasOf(resource, ScimSchemas.USER),
        JsonValues.string(JsonValues.getIgnoreCase(resource, "id")),
        JsonValues.string(JsonValues.getIgnoreCase(resource, "externalId")),
        userName.get(), core, enterprise, extensions));
  }
}
