package io.scimsync.domain.directory;

import io.scimsync.domain.model.JsonValues;
import java.util.Map;
import java.util.Set;

/**
 * A group of the local directory with its direct members (local user ids). Nested groups are not
 * flattened: members are users. {@code attributes} nested deeper than
 * {@link io.scimsync.domain.model.JsonDepth#LIMIT} levels are refused with a
 * {@link io.scimsync.domain.model.TooDeepException} (path from {@code attributes}).
 */
public record LocalGroup(String id, String name, Set<String> memberIds,
                         Map<String, Object> attributes) {
  public LocalGroup {
    LocalUser.requireText(id, "id");
    LocalUser.requireText(name, "name");
    memberIds = Set.copyOf(memberIds);
    attributes = JsonValues.copyObject(attributes, "attributes");
  }

  public static LocalGroup of(String id, String name, Set<String> memberIds) {
    return new LocalGroup(id, name, memberIds, Map.of());
  }
}
