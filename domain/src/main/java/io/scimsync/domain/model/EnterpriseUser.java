package io.scimsync.domain.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The enterprise user extension (RFC 7643 §4.3), found under the key
 * {@link ScimSchemas#ENTERPRISE_USER}. {@code otherAttributes} keeps what the RFC does not name.
 */
public record EnterpriseUser(Optional<String> employeeNumber, Optional<String> costCenter,
                             Optional<String> organization, Optional<String> division,
                             Optional<String> department, Optional<Manager> manager,
                             Map<String, Object> otherAttributes) {
  public EnterpriseUser {
    otherAttributes = JsonValues.copyObject(otherAttributes);
  }

  /** The user's manager: {@code value} is the manager's remote id. */
  public record Manager(Optional<String> value, Optional<String> ref, Optional<String> displayName) {
    public Map<String, Object> toMap() {
      return JsonValues.object("value", value, "$ref", ref, "displayName", displayName);
    }
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>(JsonValues.object(
        "employeeNumber", employeeNumber, "costCenter", costCenter, "organization", organization,
        "division", division, "department", department,
        "manager", manager.map(Manager::toMap).filter(m -> !m.isEmpty())));
    otherAttributes.forEach(map::putIfAbsent);
    return JsonValues.copyObject(map);
  }

  /** Reads the extension leniently: attribute names ignore case (RFC 7643 §2.1). */
  public static EnterpriseUser fromMap(Map<String, ?> source) {
    java.util.Set<String> known = java.util.Set.of("employeenumber", "costcenter", "organization",
        "division", "department", "manager");
    Map<String, Object> other = new LinkedHashMap<>();
    source.forEach((key, value) -> {
      if (!known.contains(key.toLowerCase(java.util.Locale.ROOT)) && value != null) {
        other.put(key, value);
      }
    });
    Optional<Manager> manager = Optional.empty();
    if (JsonValues.getIgnoreCase(source, "manager") instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = (Map<String, Object>) m;
      manager = Optional.of(new Manager(JsonValues.string(JsonValues.getIgnoreCase(raw, "value")),
          JsonValues.string(JsonValues.getIgnoreCase(raw, "$ref")),
          JsonValues.string(JsonValues.getIgnoreCase(raw, "displayName"))));
    }
    return new EnterpriseUser(
        text(source, "employeeNumber"), text(source, "costCenter"), text(source, "organization"),
        text(source, "division"), text(source, "department"), manager, other);
  }

  private static Optional<String> text(Map<String, ?> source, String key) {
    return JsonValues.string(JsonValues.getIgnoreCase(source, key));
  }
}
