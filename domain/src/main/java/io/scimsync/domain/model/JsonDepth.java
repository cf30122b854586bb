package io.scimsync.domain.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * How deeply plain JSON values ({@link JsonValues}) nest, checked without recursion. Depth counts
 * objects and lists as Jackson's {@code StreamReadConstraints.maxNestingDepth} does: a string,
 * number, boolean or null is 0 levels, {@code {}} and {@code []} are 1, {@code {"a": [1]}} is 2.
 * An {@code Optional} adds no level. A value that contains itself never ends, so it trips any limit.
 *
 * <p>The domain's walkers recurse (a recursive copy or comparison reads far better than an
 * explicit stack), so each checks its input here first: the recursion that follows is then at most
 * {@link #LIMIT} levels deep, whatever a local object or a remote reply holds.
 */
public final class JsonDepth {
  /**
   * The depth every walker of the domain accepts. Above what the admin API accepts for a directory
   * object's attributes (32) and what the SCIM transport reads from a target (64 by default, at
   * most 120), with room for what the engine wraps around them: a PATCH puts a value three levels
   * down ({@code Operations}, the operation, {@code value}).
   */
  public static final int LIMIT = 128;

  /** Paths longer than this are shortened in the middle; a path has at most limit + 1 segments. */
  private static final int MAX_PATH_CHARS = 240;

  private JsonDepth() {}

  /**
   * Fails unless {@code value} nests at most {@link #LIMIT} levels.
   *
   * @param root the name of {@code value} in the exception's path ({@code attributes}, {@code $})
   * @throws TooDeepException naming the path of the first object or list beyond the limit
   */
  public static void require(Object value, String root) {
    require(value, LIMIT, root);
  }

  /**
   * Fails unless {@code value} nests at most {@code limit} levels.
   *
   * @param root the name of {@code value} in the exception's path ({@code attributes}, {@code $})
   * @throws TooDeepException naming the path of the first object or list beyond the limit
   */
  public static void require(Object value, int limit, String root) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    Object top = unwrap(value);
    if (!isContainer(top)) {
      return;
    }
    Deque<Level> levels = new ArrayDeque<>();
    levels.push(new Level(top, null));
    if (levels.size() > limit) {
      throw new TooDeepException(limit, path(root, levels));
    }
    while (!levels.isEmpty()) {
      Level level = levels.peek();
      if (!level.items.hasNext()) {
        levels.pop();
        continue;
      }
      Object item = level.items.next();
      level.index++;
      Object key = level.index;
      if (level.object) {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
        key = String.valueOf(entry.getKey());
        item = entry.getValue();
      }
      Object child = unwrap(item);
      if (isContainer(child)) {
        levels.push(new Level(child, key));
        if (levels.size() > limit) {
          throw new TooDeepException(limit, path(root, levels));
        }
      }
    }
  }

  /** One object or list being walked, and how it is reached from its parent. */
  private static final class Level {
    final Iterator<?> items;
    final boolean object;
    /** A String (member name) or an Integer (list index); null for the root. */
    final Object key;
    int index = -1;

    Level(Object container, Object key) {
      this.object = container instanceof Map<?, ?>;
      this.items = object ? ((Map<?, ?>) container).entrySet().iterator()
          : ((Iterable<?>) container).iterator();
      this.key = key;
    }
  }

  private static Object unwrap(Object value) {
    Object v = value;
    while (v instanceof Optional<?> optional) {
      v = optional.orElse(null);
    }
    return v;
  }

  private static boolean isContainer(Object value) {
    return value instanceof Map<?, ?> || value instanceof Iterable<?>;
  }

  /** {@code root.name[3].sub}, from the bottom of the stack (the root) up. */
  private static String path(String root, Deque<Level> levels) {
    StringBuilder out = new StringBuilder(root);
    Iterator<Level> fromRoot = levels.descendingIterator();
    fromRoot.next();
    while (fromRoot.hasNext()) {
      Object key = fromRoot.next().key;
      if (key instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        out.append('.').append(key);
      }
    }
    if (out.length() <= MAX_PATH_CHARS) {
      return out.toString();
    }
    int half = (MAX_PATH_CHARS - 5) / 2;
    return out.substring(0, half) + " ... " + out.substring(out.length() - half);
  }
}
