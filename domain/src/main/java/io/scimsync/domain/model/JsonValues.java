package io.scimsync.domain.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Helpers for the plain JSON values the domain exchanges with adapters: {@code Map<String, Object>}
 * (ordered), {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean}. Nulls never
 * survive a copy, so what the domain hands out renders without nulls. Copies refuse values nested
 * deeper than {@link JsonDepth#LIMIT} with a {@link TooDeepException}; as every domain value is
 * built through them, nothing the domain holds nests deeper.
 */
public final class JsonValues {
  private JsonValues() {}

  /** An ordered immutable object from alternating keys and values; null values are dropped. */
  public static Map<String, Object> object(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keysAndValues needs an even length");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) Objects.requireNonNull(keysAndValues[i], "key");
      Object value = keysAndValues[i + 1];
      if (value instanceof Optional<?> optional) {
        value = optional.orElse(null);
      }
      if (value != null) {
        map.put(key, value);
      }
    }
    return copyObject(map);
  }

  /**
   * Deep immutable copy of an object, keeping key order and dropping null values at every depth.
   *
   * @throws TooDeepException if it nests deeper than {@link JsonDepth#LIMIT} (path from {@code $})
   */
  public static Map<String, Object> copyObject(Map<String, ?> source) {
    return copyObject(source, "$");
  }

  /**
   * As {@link #copyObject(Map)}, naming the object {@code name} in a {@link TooDeepException}
   * ({@code attributes}, {@code body}).
   */
  public static Map<String, Object> copyObject(Map<String, ?> source, String name) {
    JsonDepth.require(source, name);
    return copyCheckedObject(source);
  }

  /**
   * Deep immutable copy of any plain value; null stays null, nulls inside lists are dropped.
   *
   * @throws TooDeepException if it nests deeper than {@link JsonDepth#LIMIT} (path from {@code $})
   */
  public static Object copy(Object value) {
    return copy(value, "$");
  }

  /** As {@link #copy(Object)}, naming the value {@code name} in a {@link TooDeepException}. */
  public static Object copy(Object value, String name) {
    JsonDepth.require(value, name);
    return copyChecked(value);
  }

  // the recursion below is at most JsonDepth.LIMIT levels deep: its input was checked first

  private static Map<String, Object> copyCheckedObject(Map<String, ?> source) {
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach((key, value) -> {
      Object copied = copyChecked(value);
      if (copied != null) {
        copy.put(Objects.requireNonNull(key, "key"), copied);
      }
    });
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object copyChecked(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Optional<?> optional) {
      return copyChecked(optional.orElse(null));
    }
    if (value instanceof Map<?, ?> map) {
      return copyCheckedObject((Map<String, ?>) map);
    }
    if (value instanceof Iterable<?> items) {
      List<Object> list = new ArrayList<>();
      for (Object item : items) {
        Object copied = copyChecked(item);
        if (copied != null) {
          list.add(copied);
        }
      }
      return Collections.unmodifiableList(list);
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(
        "not a plain JSON value: " + value.getClass().getName());
  }

  /**
   * A remote identifier or other scalar as a string, leniently: servers send ids as numbers too
   * (authentik issue #15533), so numbers become their decimal text. Blank is absent.
   */
  public static Optional<String> string(Object value) {
    if (value instanceof String s) {
      return s.isBlank() ? Optional.empty() : Optional.of(s);
    }
    if (value instanceof Number n) {
      if (n instanceof Double || n instanceof Float) {
        double d = n.doubleValue();
        if (d == Math.rint(d) && !Double.isInfinite(d)) {
          // BigDecimal, not a cast: a cast to long saturates and would merge distinct ids
          return Optional.of(new java.math.BigDecimal(d).toPlainString());
        }
      }
      if (n instanceof java.math.BigDecimal big) {
        return Optional.of(big.stripTrailingZeros().scale() <= 0
            ? big.toBigInteger().toString() : big.toPlainString());
      }
      return Optional.of(n.toString());
    }
    return Optional.empty();
  }

  /** The value of {@code key} as an object, if it is one. */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> objectAt(Map<String, ?> source, String key) {
    return source.get(key) instanceof Map<?, ?> map
        ? Optional.of((Map<String, Object>) map)
        : Optional.empty();
  }

  /** Looks a key up ignoring case, as SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
  public static Object getIgnoreCase(Map<String, ?> source, String key) {
    Object exact = source.get(key);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, ?> entry : source.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(key)) {
        return entry.getValue();
      }
    }
    return null;
  }
}
