package io.scimsync.domain.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plain JSON values for depth tests: nested ones of any depth, built without recursion (a
 * 100,000-deep value must not overflow the stack while it is made), and random ones of a chosen
 * depth. Never print, compare or hash a value deeper than a few thousand levels: the JDK's
 * {@code toString}, {@code equals} and {@code hashCode} of maps and lists recurse.
 */
public final class DeepJson {
  private DeepJson() {}

  /** {@code {"a": {"a": ... {"a": "leaf"} ...}}}: {@code levels} objects inside each other. */
  public static Map<String, Object> objects(int levels) {
    return objects("a", levels);
  }

  /** {@code levels} objects inside each other, each holding the next under {@code key}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> objects(String key, int levels) {
    requirePositive(levels);
    Object value = "leaf";
    for (int i = 0; i < levels; i++) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put(key, value);
      value = object;
    }
    return (Map<String, Object>) value;
  }

  /** {@code [[ ... ["leaf"] ... ]]}: {@code levels} lists inside each other. */
  @SuppressWarnings("unchecked")
  public static List<Object> lists(int levels) {
    requirePositive(levels);
    Object value = "leaf";
    for (int i = 0; i < levels; i++) {
      List<Object> list = new ArrayList<>();
      list.add(value);
      value = list;
    }
    return (List<Object>) value;
  }

  /** Objects and lists taking turns, {@code {"a": [{"a": [ ... ]}]}}, {@code levels} in all, an object outermost. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> mixed(int levels) {
    requirePositive(levels);
    Object value = "leaf";
    for (int i = levels; i >= 1; i--) {
      if (i % 2 == 1) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", value);
        value = object;
      } else {
        List<Object> list = new ArrayList<>();
        list.add(value);
        value = list;
      }
    }
    return (Map<String, Object>) value;
  }

  /**
   * A random object nesting exactly {@code depth} levels (at least 1): small objects and lists,
   * strings, integral and fractional numbers, booleans, and nulls when {@code nulls} is set. Keys
   * come from a small alphabet, so that random objects often share attributes. One chain of members
   * (the spine) reaches the full depth; the others nest at most two levels.
   */
  public static Map<String, Object> randomObject(Random random, int depth, boolean nulls) {
    requirePositive(depth);
    return object(random, depth, nulls);
  }

  private static Map<String, Object> object(Random random, int depth, boolean nulls) {
    Map<String, Object> object = new LinkedHashMap<>();
    int size = 1 + random.nextInt(3);
    int spine = random.nextInt(size);
    for (int i = 0; i < size; i++) {
      String key = KEYS[random.nextInt(KEYS.length)];
      while (object.containsKey(key)) {
        key = key + i;
      }
      // one member carries the full depth, the others are shallower
      object.put(key, value(random, i == spine ? depth - 1 : side(random, depth), nulls));
    }
    return object;
  }

  private static Object value(Random random, int depth, boolean nulls) {
    if (depth == 0) {
      return scalar(random, nulls);
    }
    if (random.nextBoolean()) {
      return object(random, depth, nulls);
    }
    List<Object> list = new ArrayList<>();
    int size = 1 + random.nextInt(3);
    int spine = random.nextInt(size);
    for (int i = 0; i < size; i++) {
      list.add(value(random, i == spine ? depth - 1 : side(random, depth), nulls));
    }
    return list;
  }

  /** Members off the spine stay shallow, so that a value's size grows with its depth, not exponentially. */
  private static int side(Random random, int depth) {
    return random.nextInt(Math.min(depth, 3));
  }

  private static Object scalar(Random random, boolean nulls) {
    switch (random.nextInt(nulls ? 6 : 5)) {
      case 0:
        return "s" + random.nextInt(5);
      case 1:
        return (long) random.nextInt(5);
      case 2:
        return random.nextInt(5) + 0.5;
      case 3:
        return random.nextBoolean();
      case 4:
        return KEYS[random.nextInt(KEYS.length)];
      default:
        return null;
    }
  }

  private static final String[] KEYS = {"a", "b", "c", "value", "type"};

  private static void requirePositive(int levels) {
    if (levels < 1) {
      throw new IllegalArgumentException("levels must be at least 1, got " + levels);
    }
  }
}
