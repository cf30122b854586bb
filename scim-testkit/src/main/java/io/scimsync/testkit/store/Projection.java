package io.scimsync.testkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code attributes} / {@code excludedAttributes} (RFC 7644 §3.9, §3.4.2.5) over a resource:
 * names are case-insensitive, may be {@code attr.subAttr}, and may carry a schema URN prefix
 * ({@code urn:ietf:params:scim:schemas:core:2.0:User:userName}, an extension's
 * {@code urn:...:enterprise:2.0:User:employeeNumber}, or the extension URN alone). Unknown names
 * select nothing and are not an error, as RFC 7644 gives no error for them.
 */
final class Projection {
  /** Returned whatever is asked (RFC 7643 §3.1 "returned: always", plus meta for ETags). */
  private static final Set<String> ALWAYS = Set.of("id", "schemas", "meta");
  private static final List<String> CORE_SCHEMAS = List.of(
      ResourceStore.Kind.USERS.schema().toLowerCase(Locale.ROOT) + ":",
      ResourceStore.Kind.GROUPS.schema().toLowerCase(Locale.ROOT) + ":");

  private Projection() {}

  /** A selection tree: a name selected whole, or some of its sub-attributes. */
  private static final class Selection {
    boolean whole;
    final Map<String, Selection> children = new HashMap<>();

    Selection child(String name) {
      return children.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new Selection());
    }
  }

  static ObjectNode select(ObjectNode resource, List<String> attributes, List<String> excluded) {
    ObjectNode result = resource;
    boolean copied = false;
    if (attributes != null && !attributes.isEmpty()) {
      result = include(tree(resource, attributes), resource, true);
      copied = true;
    }
    if (excluded != null && !excluded.isEmpty()) {
      result = copied ? result : result.deepCopy();
      copied = true;
      exclude(tree(resource, excluded), result, true);
    }
    return copied ? result : resource.deepCopy();
  }

  private static Selection tree(ObjectNode resource, List<String> names) {
    Selection root = new Selection();
    for (String raw : names) {
      String name = raw == null ? "" : raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      Selection node = root;
      for (String segment : segments(resource, name)) {
        node = node.child(segment);
      }
      node.whole = true;
    }
    return root;
  }

  /** {@code name} as field names from the top: [extension URN,] attribute[, sub-attribute]. */
  private static List<String> segments(ObjectNode resource, String name) {
    List<String> segments = new ArrayList<>(3);
    String rest = name;
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("urn:")) {
      if (Json.fieldName(resource, name).isPresent()) {
        return List.of(name); // an extension, whole
      }
      String core = CORE_SCHEMAS.stream().filter(lower::startsWith).findFirst().orElse(null);
      if (core != null) {
        rest = name.substring(core.length());
      } else {
        String extension = extensionOf(resource, lower);
        if (extension == null) {
          // an extension this resource lacks: split at the last colon, selecting nothing
          int colon = name.lastIndexOf(':');
          segments.add(name.substring(0, colon));
          rest = name.substring(colon + 1);
        } else {
          segments.add(extension);
          rest = name.substring(extension.length() + 1);
        }
      }
    }
    int dot = rest.indexOf('.');
    if (dot < 0) {
      segments.add(rest);
    } else {
      segments.add(rest.substring(0, dot));
      segments.add(rest.substring(dot + 1));
    }
    return segments;
  }

  private static String extensionOf(ObjectNode resource, String lowerName) {
    Iterator<String> names = resource.fieldNames();
    while (names.hasNext()) {
      String field = names.next();
      if (lowerName.startsWith(field.toLowerCase(Locale.ROOT) + ":")) {
        return field;
      }
    }
    return null;
  }

  private static ObjectNode include(Selection selection, ObjectNode source, boolean top) {
    ObjectNode target = source.objectNode();
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      String key = field.getKey().toLowerCase(Locale.ROOT);
      Selection child = selection.children.get(key);
      if ((top && ALWAYS.contains(key)) || (child != null && child.whole)) {
        target.set(field.getKey(), field.getValue().deepCopy());
      } else if (child != null) {
        JsonNode part = includeValue(child, field.getValue());
        if (part != null) {
          target.set(field.getKey(), part);
        }
      }
    }
    return target;
  }

  /** The selected sub-attributes of a complex value, or of each value of a multi-valued one. */
  private static JsonNode includeValue(Selection selection, JsonNode value) {
    if (value.isObject()) {
      ObjectNode part = include(selection, (ObjectNode) value, false);
      return part.isEmpty() ? null : part;
    }
    if (value.isArray()) {
      ArrayNode parts = ((ArrayNode) value).arrayNode();
      for (JsonNode element : value) {
        JsonNode part = includeValue(selection, element);
        if (part != null) {
          parts.add(part);
        }
      }
      return parts.isEmpty() ? null : parts;
    }
    return null; // a simple value has no sub-attributes to select
  }

  private static void exclude(Selection selection, ObjectNode target, boolean top) {
    List<String> names = new ArrayList<>();
    target.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      String key = name.toLowerCase(Locale.ROOT);
      Selection child = selection.children.get(key);
      if (child == null || (top && ALWAYS.contains(key))) {
        continue;
      }
      if (child.whole) {
        target.remove(name);
      } else {
        excludeValue(child, target.get(name));
      }
    }
  }

  private static void excludeValue(Selection selection, JsonNode value) {
    if (value.isObject()) {
      exclude(selection, (ObjectNode) value, false);
    } else if (value.isArray()) {
      value.forEach(element -> excludeValue(selection, element));
    }
  }
}
