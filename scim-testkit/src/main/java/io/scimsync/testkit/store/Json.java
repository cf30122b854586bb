package io.scimsync.testkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** Small JSON helpers for case-insensitive SCIM attribute names (RFC 7643 §2.1). */
final class Json {
  private Json() {}

  /**
   * A deep copy whose objects look attribute names up case-insensitively (UnboundID's
   * {@code CaseIgnoreObjectNode}), so that UnboundID's PATCH and filter code find
   * {@code USERNAME} as {@code userName}. Names keep the case they were written with.
   */
  static ObjectNode caseIgnoring(ObjectNode node) {
    return JsonUtils.valueToNode(node);
  }

  /**
   * A deep copy made of plain Jackson nodes: what callers get, so that their nodes compare equal
   * to nodes they build ({@code CaseIgnoreObjectNode} never equals a plain {@code ObjectNode}).
   */
  static JsonNode plain(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(field.getKey(), plain(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode element : node) {
        copy.add(plain(element));
      }
      return copy;
    }
    return node; // value nodes are immutable
  }

  /** The name of {@code object}'s field called {@code name} in any case. */
  static Optional<String> fieldName(JsonNode object, String name) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String candidate = names.next();
      if (candidate.equalsIgnoreCase(name)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code object}'s field called {@code name} in any case, or a missing node. */
  static JsonNode field(JsonNode object, String name) {
    return fieldName(object, name).map(object::get)
        .orElse(MissingNode.getInstance());
  }

  /** Removes {@code object}'s field called {@code name} in any case; true if there was one. */
  static boolean removeField(ObjectNode object, String name) {
    Optional<String> actual = fieldName(object, name);
    actual.ifPresent(object::remove);
    return actual.isPresent();
  }

  /**
   * Fails with 400 {@code invalidSyntax} when {@code node} nests more than {@code limit} levels of
   * objects and arrays ({@code {}} is one level, as Jackson counts), naming where. Checked without
   * recursion: Jackson's own copies, comparisons and writers of nodes recurse, and so do
   * UnboundID's, so nothing deeper may reach them.
   *
   * @param what the node in the message: "the resource", "the PATCH body"
   */
  static void requireDepth(JsonNode node, int limit, String what) {
    if (!node.isContainerNode()) {
      return;
    }
    Deque<Level> levels = new ArrayDeque<>();
    levels.push(new Level(node, null));
    while (!levels.isEmpty()) {
      if (levels.size() > limit) {
        throw ScimException.invalidSyntax(what + " nests deeper than " + limit
            + " levels of objects and arrays (at " + pointer(levels) + ")");
      }
      Level level = levels.peek();
      if (!level.children.hasNext()) {
        levels.pop();
        continue;
      }
      Map.Entry<String, JsonNode> child = level.children.next();
      if (child.getValue().isContainerNode()) {
        levels.push(new Level(child.getValue(), child.getKey()));
      }
    }
  }

  /** One object or array being walked, and the name or index it has in its parent. */
  private static final class Level {
    final Iterator<Map.Entry<String, JsonNode>> children;
    final String name;

    Level(JsonNode container, String name) {
      this.name = name;
      if (container.isObject()) {
        this.children = container.properties().iterator();
      } else {
        Iterator<JsonNode> elements = container.elements();
        this.children = new Iterator<>() {
          private int index;

          @Override
          public boolean hasNext() {
            return elements.hasNext();
          }

          @Override
          public Map.Entry<String, JsonNode> next() {
            return Map.entry(Integer.toString(index++), elements.next());
          }
        };
      }
    }
  }

  /** A JSON pointer (RFC 6901) to the innermost level, shortened in the middle when long. */
  private static String pointer(Deque<Level> levels) {
    StringBuilder out = new StringBuilder();
    Iterator<Level> fromRoot = levels.descendingIterator();
    fromRoot.next();
    while (fromRoot.hasNext()) {
      out.append('/').append(fromRoot.next().name.replace("~", "~0").replace("/", "~1"));
    }
    if (out.length() <= 120) {
      return out.toString();
    }
    return out.substring(0, 57) + "..." + out.substring(out.length() - 57);
  }

  /** The first line of a library message: Jackson appends source locations on later lines. */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
