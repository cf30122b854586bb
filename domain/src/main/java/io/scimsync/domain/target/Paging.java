package io.scimsync.domain.target;

/** How list responses are paged. */
public enum Paging {
  /** {@code startIndex} and {@code count} (RFC 7644 §3.4.2.4). */
  INDEX,
  /** {@code cursor} and {@code nextCursor} (RFC 9865), as AWS pages. */
  CURSOR
}
