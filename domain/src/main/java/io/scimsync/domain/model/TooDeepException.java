package io.scimsync.domain.model;

/**
 * A plain JSON value nested deeper than the code handling it accepts: {@code nested too deep (more
 * than N levels) at <path>}. Thrown by {@link JsonDepth#require} and so by every walker of the
 * domain that recurses over JSON ({@link JsonValues} copies, projection, change detection, the
 * mappers), before any recursion starts, so that no input can overflow the stack.
 *
 * <p>The same input trips the same guard on every retry: a caller that meets this while working
 * one object should fail that object permanently (until it changes), not retry it.
 */
public final class TooDeepException extends IllegalArgumentException {
  private final int limit;
  private final String path;

  /**
   * @param limit the number of levels allowed
   * @param path  where the first value beyond the limit sits, e.g. {@code attributes.a.b[0]}
   */
  public TooDeepException(int limit, String path) {
    super("nested too deep (more than " + limit + " levels) at " + path);
    this.limit = limit;
    this.path = path;
  }

  /** The number of levels that was allowed. */
  public int limit() {
    return limit;
  }

  /** Where the first object or list beyond the limit sits, from the root named by the caller. */
  public String path() {
    return path;
  }
}
