package io.scimsync.domain.change;

import io.scimsync.domain.model.JsonDepth;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.TooDeepException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The normalised form of a payload that change detection compares and that a connection stores
 * as "last written". Two payloads that a SCIM server must treat alike project to equal values:
 * <ul>
 *   <li>{@code schemas}, {@code id} and {@code meta} are left out (server-owned or implied), and
 *       so is any attribute the caller excludes (a group's {@code members}, compared as a set of
 *       ids elsewhere);</li>
 *   <li>object keys are sorted; nulls, empty lists and empty objects are dropped (unassigned);</li>
 *   <li>multi-valued attributes are sets: items with a {@code value} are keyed by it (the last
 *       item wins for a repeated key) and sorted by it, other items sorted by canonical text;</li>
 *   <li>integral numbers become {@code Long}, other numbers {@code Double}.</li>
 * </ul>
 * The result is itself a plain JSON object, so it can be stored and read back unchanged. Inputs
 * nested deeper than {@link JsonDepth#LIMIT} are refused with a {@link TooDeepException} before
 * anything recurses over them.
 */
public final class Projection {
  private static final Set<String> SERVER_OWNED = Set.of("schemas", "id", "meta");

  private Projection() {}

  /**
   * The projection of {@code payload} without the top-level attributes in {@code excluded}.
   *
   * @throws TooDeepException if {@code payload} nests deeper than {@link JsonDepth#LIMIT}
   */
  public static Map<String, Object> of(Map<String, ?> payload, Set<String> excluded) {
    JsonDepth.require(payload, "payload");
    return project(payload, excluded);
  }

  public static Map<String, Object> of(Map<String, ?> payload) {
    return of(payload, Set.of());
  }

  // everything below recurses at most JsonDepth.LIMIT levels: the public methods checked the input

  private static Map<String, Object> project(Map<String, ?> payload, Set<String> excluded) {
    Map<String, Object> result = new TreeMap<>();
    payload.forEach((key, value) -> {
      String lower = key.toLowerCase(Locale.ROOT);
      if (SERVER_OWNED.contains(lower) || excluded.contains(key)) {
        return;
      }
      Object normalised = normalise(value);
      if (normalised != null) {
        result.put(key, normalised);
      }
    });
    return Collections.unmodifiableMap(result);
  }

  @SuppressWarnings("unchecked")
  private static Object normalise(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.util.Optional<?> optional) {
      return normalise(optional.orElse(null));
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new TreeMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> {
        Object normalised = normalise(v);
        if (normalised != null) {
          result.put(k, normalised);
        }
      });
      return result.isEmpty() ? null : Collections.unmodifiableMap(result);
    }
    if (value instanceof Iterable<?> items) {
      return normaliseList(items);
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
        return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Object) (long) d : (Object) d;
      }
      return n.longValue();
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    // not plain JSON: copy's own message says which type it is
    return JsonValues.copy(value);
  }

  private static Object normaliseList(Iterable<?> items) {
    Map<String, Object> keyed = new TreeMap<>();
    for (Object item : items) {
      Object normalised = normalise(item);
      if (normalised == null) {
        continue;
      }
      String key = normalised instanceof Map<?, ?> map && map.get("value") != null
          ? "v:" + canonical(map.get("value"))
          : "c:" + canonical(normalised);
      keyed.put(key, normalised);
    }
    if (keyed.isEmpty()) {
      return null;
    }
    List<Object> sorted = new ArrayList<>(keyed.values());
    return Collections.unmodifiableList(sorted);
  }

  /** A deterministic text for any normalised value, used only for ordering and keys. */
  static String canonical(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      map.entrySet().stream()
          .sorted(Comparator.comparing(e -> e.getKey().toString()))
          .forEach(e -> out.append(canonical(e.getKey())).append('=').append(canonical(e.getValue()))
              .append(','));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      list.forEach(item -> out.append(canonical(item)).append(','));
      return out.append(']').toString();
    }
    if (value instanceof String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    return String.valueOf(value);
  }

  /**
   * The parts of {@code found} (a projection) at attribute paths that one of {@code written}
   * (projections) has: top-level attributes, sub-attributes of complex attributes and extensions,
   * and the sub-attributes of multi-valued items. Targets add what they compute themselves
   * ({@code name.formatted}, {@code emails[].display}, {@code groups}); comparing those would
   * report drift on every reconcile and try to remove them.
   *
   * @throws TooDeepException if {@code found} or one of {@code written} nests deeper than
   *     {@link JsonDepth#LIMIT}
   */
  public static Map<String, Object> restrict(Map<String, Object> found, List<Map<String, Object>> written) {
    JsonDepth.require(found, "found");
    for (int i = 0; i < written.size(); i++) {
      JsonDepth.require(written.get(i), "written[" + i + "]");
    }
    return project(restrictObject(found, written), Set.of());
  }

  private static Map<String, Object> restrictObject(Map<String, Object> found,
                                                    List<Map<String, Object>> written) {
    Map<String, Object> kept = new LinkedHashMap<>();
    found.forEach((key, value) -> {
      List<Object> shapes = written.stream().map(w -> w.get(key)).filter(Objects::nonNull).toList();
      if (!shapes.isEmpty()) {
        kept.put(key, restrictValue(value, shapes));
      }
    });
    return kept;
  }

  private static Object restrictValue(Object found, List<Object> shapes) {
    if (found instanceof Map<?, ?> map) {
      List<Map<String, Object>> objects = shapes.stream()
          .filter(Map.class::isInstance).map(Projection::asObject).toList();
      return objects.isEmpty() ? found : restrictObject(asObject(map), objects);
    }
    if (found instanceof List<?> items) {
      Set<String> subKeys = new LinkedHashSet<>();
      shapes.stream().filter(List.class::isInstance)
          .flatMap(list -> ((List<?>) list).stream())
          .filter(Map.class::isInstance)
          .forEach(item -> subKeys.addAll(asObject(item).keySet()));
      if (subKeys.isEmpty()) {
        return found;
      }
      return items.stream().map(item -> {
        if (!(item instanceof Map<?, ?> itemMap)) {
          return item;
        }
        Map<String, Object> kept = new LinkedHashMap<>(asObject(itemMap));
        kept.keySet().retainAll(subKeys);
        return (Object) kept;
      }).toList();
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object map) {
    return (Map<String, Object>) map;
  }
}
