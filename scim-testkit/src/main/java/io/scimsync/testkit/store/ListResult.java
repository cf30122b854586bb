package io.scimsync.testkit.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list (RFC 7644 §3.4.2): the parts of a {@code ListResponse} that do not depend on
 * HTTP. {@code itemsPerPage} is {@code resources().size()}.
 *
 * @param totalResults every match of the filter, not only this page
 * @param startIndex   1-based index of the first resource of this page among the matches
 * @param resources    deep copies, in creation order; the caller may change them
 * @param nextCursor   with cursor paging (RFC 9865), the cursor of the next page; empty on the
 *                     last page and with index paging
 */
public record ListResult(int totalResults, int startIndex, List<ObjectNode> resources,
                         Optional<String> nextCursor) {
  public ListResult {
    // the list is fixed; its nodes are the caller's own copies to decorate (meta.location)
    resources = List.copyOf(resources);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  /** An index-paged result. */
  public ListResult(int totalResults, int startIndex, List<ObjectNode> resources) {
    this(totalResults, startIndex, resources, Optional.empty());
  }
}
