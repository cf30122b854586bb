package io.scimsync.testkit.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A list request (RFC 7644 §3.4.2): which resources, and which page of them.
 *
 * @param filter     a SCIM filter (§3.4.2.2); empty lists everything
 * @param startIndex 1-based index of the first result (§3.4.2.4); below 1 is read as 1
 * @param count      largest page wanted; empty means the server's page size
 *                   ({@link StoreOptions#maxPageSize()}), 0 asks only for {@code totalResults},
 *                   a negative value is read as 0 (§3.4.2.4)
 * @param cursor     cursor paging (RFC 9865): present switches {@code startIndex} off; the empty
 *                   string asks for the first page, otherwise a {@link ListResult#nextCursor()}
 *                   from an earlier page
 */
public record ListQuery(Optional<String> filter, int startIndex, Optional<Integer> count,
                        Optional<String> cursor) {
  public ListQuery {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(cursor, "cursor");
    startIndex = Math.max(1, startIndex);
  }

  /** An index-paged query. */
  public ListQuery(Optional<String> filter, int startIndex, Optional<Integer> count) {
    this(filter, startIndex, count, Optional.empty());
  }

  /** Every resource, in pages of the server's size. */
  public static ListQuery all() {
    return new ListQuery(Optional.empty(), 1, Optional.empty());
  }

  /** The first page of resources matching {@code filter}. */
  public static ListQuery filtered(String filter) {
    return new ListQuery(Optional.of(filter), 1, Optional.empty());
  }
}
