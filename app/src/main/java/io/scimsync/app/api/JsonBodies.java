package io.scimsync.app.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.scimsync.app.InvalidFieldException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies in, response bodies out: JSON as the plain values the domain takes
 * ({@code Map<String, Object>}, {@code List<Object>}, String, Long, Double, Boolean).
 */
final class JsonBodies {
  /**
   * How many levels of objects and arrays a free-form field of a body (a directory object's
   * {@code attributes}) may nest; the field itself is the first level. Deeper is 400 naming the
   * field, from {@link DirectoryJson} or, far deeper, from the parser.
   */
  static final int MAX_FIELD_DEPTH = 32;
  /**
   * The parser stops here, so that a 10,000-deep body costs no more than its first levels and
   * nothing recursive ever sees it; twice the field limit, so that what callers normally meet is
   * the precise check, which names the whole path.
   */
  static final int MAX_BODY_DEPTH = 2 * MAX_FIELD_DEPTH;

  private static final String NOT_AN_OBJECT = "request body is not a JSON object: ";

  private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_BODY_DEPTH).build())
          .build())
      // a repeated key would otherwise silently keep the last value, hiding a client's mistake
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // parse errors are sent back; the body may hold a secret, so keep it out of the location
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonBodies() {}

  /**
   * The body as a JSON object; JSON null values stay as null entries (absent, to the readers).
   *
   * @throws InvalidFieldException field "body" if it is not one JSON object; a dotted field if a
   *                               string holds U+0000 (PostgreSQL cannot store it) or a number
   *                               does not fit a double
   */
  static Map<String, Object> parseObject(byte[] body) {
    JsonNode root;
    JsonParser parser = null;
    try {
      parser = MAPPER.createParser(body);
      root = MAPPER.readTree(parser);
    } catch (StreamConstraintsException e) {
      if (!e.getMessage().contains("nesting depth")) {
        throw new InvalidFieldException("body", NOT_AN_OBJECT + describe(e));
      }
      throw tooDeep(parser.getParsingContext());
    } catch (JsonProcessingException e) {
      throw new InvalidFieldException("body", NOT_AN_OBJECT + describe(e));
    } catch (IOException e) {
      throw new InvalidFieldException("body", NOT_AN_OBJECT + "unreadable");
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidFieldException("body", NOT_AN_OBJECT + "the body is empty");
    }
    if (!root.isObject()) {
      throw new InvalidFieldException("body", NOT_AN_OBJECT + "got " + kind(root));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) plain(root, "");
    return object;
  }

  /**
   * A body nesting past the parser's limit is too deep in its top-level member the parser stopped
   * inside; the path goes as far as the parser got, as the precise check's does.
   */
  private static InvalidFieldException tooDeep(JsonStreamContext context) {
    Deque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      segments.push(c.inArray() ? "[" + Math.max(0, c.getCurrentIndex()) + "]"
          : "." + c.getCurrentName());
    }
    String first = segments.isEmpty() ? "[0]" : segments.peekFirst();
    String field = first.startsWith(".") ? first.substring(1) : "body";
    String path = first.startsWith(".") ? String.join("", segments).substring(1)
        : "body" + String.join("", segments);
    if (path.length() > 240) {
      path = path.substring(0, 117) + " ... " + path.substring(path.length() - 117);
    }
    return new InvalidFieldException(field, "nested too deep (more than " + MAX_FIELD_DEPTH
        + " levels) at " + path);
  }

  /** A response body. */
  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // recursive, and bounded: the parser refused anything deeper than MAX_BODY_DEPTH
  private static Object plain(JsonNode node, String path) {
    switch (node.getNodeType()) {
      case OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          String name = field.getKey();
          String child = path.isEmpty() ? name : path + "." + name;
          // a bad key is reported at its parent: the key itself would make a poor field name
          noNul(name, path);
          map.put(name, plain(field.getValue(), child));
        }
        return Collections.unmodifiableMap(map);
      }
      case ARRAY: {
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          list.add(plain(node.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(list);
      }
      case STRING:
        return noNul(node.textValue(), path);
      case NUMBER:
        if (node.isIntegralNumber()) {
          return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
          // Jackson would write it back as Infinity, which is not JSON
          throw new InvalidFieldException(path, "is a number out of range");
        }
        return value;
      case BOOLEAN:
        return node.booleanValue();
      default:
        return null;
    }
  }

  private static String noNul(String text, String path) {
    if (text.indexOf('\u0000') >= 0) {
      throw new InvalidFieldException(path.isEmpty() ? "body" : path,
          "must not contain the NUL character (U+0000)");
    }
    return text;
  }

  private static String kind(JsonNode node) {
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNull() ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (e.getLocation() != null) {
      message += " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")";
    }
    return message;
  }
}
