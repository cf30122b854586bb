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

  public static EnterpriseUser fromMap(Map<String, ?> source) {
    Map<String, Object> other = new LinkedHashMap<>(source);
    for (String known : new String[] {"employeeNumber", "costCenter", "organization", "division",
        "department", "manager"}) {
      other.remove(known);
    }
    Optional<Manager> manager = Optional.empty();
    if (source.get("manager") instanceof Map<?, ?> m) {
      manager = Optional.of(new Manager(JsonValues.string(m.get("value")),
          JsonValues.string(m.get("$ref")), JsonValues.string(m.get("displayName"))));
    }
    return new EnterpriseUser(
        JsonValues.string(source.get("employeeNumber")), JsonValues.string(source.get("costCenter")),
        JsonValues.string(source.get("organization")), JsonValues.string(source.get("division")),
        JsonValues.string(source.get("department")), manager, other);
  }
}
