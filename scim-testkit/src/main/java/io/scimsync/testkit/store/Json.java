package io.scimsync.testkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
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

  /** The first line of a library message: Jackson appends source locations on later lines. */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
