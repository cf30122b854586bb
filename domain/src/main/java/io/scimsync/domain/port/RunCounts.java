package io.scimsync.domain.port;

/**
 * What a finished run did, per outcome; each count is a number of objects. Users deactivated
 * instead of deleted count as {@code updated}; in a plan, the counts are what the run would do.
 */
public record RunCounts(int created, int updated, int deleted, int unchanged, int failed,
                        int adopted) {
  /** A run that did nothing. */
  public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0);

  public RunCounts {
    if (created < 0 || updated < 0 || deleted < 0 || unchanged < 0 || failed < 0 || adopted < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
