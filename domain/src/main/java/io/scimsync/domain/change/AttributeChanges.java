package io.scimsync.domain.change;

import io.scimsync.domain.model.JsonDepth;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.model.TooDeepException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between what was last written and what is desired, both as {@link Projection}s.
 *
 * @param changed      top-level attributes that are new or differ, with their whole desired value;
 *                     for an extension, only its attributes that are new or differ
 * @param removedPaths SCIM attribute paths (RFC 7644 §3.5.2) that must be removed: a top-level
 *                     attribute ({@code title}), a sub-attribute of a complex one
 *                     ({@code name.middleName}), or an extension attribute
 *                     ({@code urn:...:enterprise:2.0:User:department})
 */
public record AttributeChanges(Map<String, Object> changed, List<String> removedPaths) {
  public AttributeChanges {
    changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
    removedPaths = List.copyOf(removedPaths);
  }

  public static AttributeChanges none() {
    return new AttributeChanges(Map.of(), List.of());
  }

  public boolean isEmpty() {
    return changed.isEmpty() && removedPaths.isEmpty();
  }

  /**
   * The changes that turn {@code previous} into {@code desired}; both are projections.
   *
   * @throws TooDeepException if either nests deeper than {@link JsonDepth#LIMIT}: checked first,
   *     because comparing them ({@code equals}) and collecting removals both recurse
   */
  @SuppressWarnings("unchecked")
  public static AttributeChanges between(Map<String, Object> previous, Map<String, Object> desired) {
    JsonDepth.require(previous, "previous");
    JsonDepth.require(desired, "desired");
    Map<String, Object> changed = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    desired.forEach((key, value) -> {
      Object before = previous.get(key);
      if (!Objects.equals(before, value)) {
        if (ScimSchemas.isSchemaUrn(key) && before instanceof Map<?, ?> oldExtension
            && value instanceof Map<?, ?> newExtension) {
          // extension attributes are independent attributes: write only those that differ
          Map<String, Object> differing = new LinkedHashMap<>();
          ((Map<String, Object>) newExtension).forEach((sub, subValue) -> {
            if (!Objects.equals(oldExtension.get(sub), subValue)) {
              differing.put(sub, subValue);
            }
          });
          if (!differing.isEmpty()) {
            changed.put(key, differing);
          }
        } else {
          changed.put(key, value);
        }
        if (before instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> newMap) {
          // sub-attributes left out of a replace stay on the server (RFC 7644 §3.5.2.3)
          collectRemoved(key, true, (Map<String, Object>) oldMap, (Map<String, Object>) newMap,
              removed);
        }
      }
    });
    previous.forEach((key, value) -> {
      if (!desired.containsKey(key)) {
        if (ScimSchemas.isSchemaUrn(key) && value instanceof Map<?, ?> extension) {
          ((Map<String, Object>) extension).keySet().forEach(sub -> removed.add(subPath(key, sub)));
        } else {
          removed.add(key);
        }
      }
    });
    return new AttributeChanges(changed, removed);
  }

  // at most JsonDepth.LIMIT levels deep: between checked both inputs
  @SuppressWarnings("unchecked")
  private static void collectRemoved(String path, boolean topLevel, Map<String, Object> before,
                                     Map<String, Object> after, List<String> removed) {
    before.forEach((sub, oldValue) -> {
      String subPath = topLevel ? subPath(path, sub) : path + "." + sub;
      Object newValue = after.get(sub);
      if (newValue == null) {
        removed.add(subPath);
      } else if (oldValue instanceof Map<?, ?> oldMap && newValue instanceof Map<?, ?> newMap) {
        collectRemoved(subPath, false, (Map<String, Object>) oldMap, (Map<String, Object>) newMap,
            removed);
      }
    });
  }

  /** Extension attributes are addressed as {@code urn:...:attribute}, others as {@code parent.sub}. */
  static String subPath(String parent, String sub) {
    return parent + (ScimSchemas.isSchemaUrn(parent) ? ":" : ".") + sub;
  }
}
