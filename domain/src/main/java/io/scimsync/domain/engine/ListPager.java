package io.scimsync.domain.engine;

import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ListResponse;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.target.Paging;
import io.scimsync.domain.target.VendorProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists one collection ({@code /Users}, {@code /Groups}) page by page, as a sans-I/O run: discovery
 * and drift detection read the target through it. Each {@link Step.Send} is the GET of the next
 * page; after handing its reply to {@link #onReply}, the caller takes that page's resources with
 * {@link #takePage()} (also after the final {@link Step.Done}, which may carry the last page). The
 * pager keeps one page at a time, so a listing of any size runs in constant memory.
 *
 * <p>Index paging (RFC 7644 §3.4.2.4) advances {@code startIndex} by the number of resources
 * actually received and stops on an empty page, or once {@code totalResults} resources have been
 * received when the target states a total. authentik advanced by {@code itemsPerPage} and stopped
 * when the next index equalled the total, so it skipped the last item whenever
 * {@code total - 1} was a multiple of the page size, looped forever on {@code itemsPerPage: 0},
 * and crashed when a counter was missing (W5). Counters may be absent or strings here
 * ({@link ListResponse#fromBody}); {@code itemsPerPage} is never used, because only the resources
 * themselves say how far the listing got.
 *
 * <p>Cursor paging (RFC 9865, AWS) asks for the first page with an empty {@code cursor} and
 * follows {@code nextCursor} until a page comes without one.
 *
 * <p>Either way at most {@link Query#maxPages()} pages are read: a target that ignores
 * {@code startIndex} and serves page 1 forever ends as {@link Result#truncated()} instead of
 * hanging the provider. A caller must not delete remote objects on the strength of a listing that
 * is not {@link Result#complete()}.
 */
public final class ListPager {
  /** Default {@link Query#maxPages()}: 1,000 pages of 100 is 100,000 objects. */
  public static final int DEFAULT_MAX_PAGES = 1000;

  /**
   * What to list.
   *
   * @param collection         the collection path, e.g. "/Groups"; starts with '/', no query
   * @param pageSize           the {@code count} asked for (RFC 7644 §3.4.2.4), at least 1;
   *                           capped by the profile's {@code maxPageSize}
   * @param maxPages           pages read at most before the listing ends as truncated, at least 1
   * @param filter             a SCIM filter (RFC 7644 §3.4.2.2), built with {@link ScimFilter}
   * @param attributes         the {@code attributes} to return; empty = the server's default set
   * @param excludedAttributes the {@code excludedAttributes}, e.g. "members" to list large groups
   *                           cheaply; empty = none. Not combinable with {@code attributes}: RFC
   *                           7644 §3.9 defines no meaning for both, and servers differ.
   */
  public record Query(String collection, int pageSize, int maxPages, Optional<String> filter,
                      List<String> attributes, List<String> excludedAttributes) {
    public Query {
      if (collection == null || !collection.startsWith("/") || collection.contains("?")) {
        throw new IllegalArgumentException(
            "collection must be a path starting with '/' without a query: " + collection);
      }
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
      }
      if (maxPages < 1) {
        throw new IllegalArgumentException("maxPages must be at least 1, got " + maxPages);
      }
      filter = filter.filter(f -> !f.isBlank());
      attributes = List.copyOf(attributes);
      excludedAttributes = List.copyOf(excludedAttributes);
      if (!attributes.isEmpty() && !excludedAttributes.isEmpty()) {
        throw new IllegalArgumentException("give attributes or excludedAttributes, not both");
      }
      if (attributes.stream().anyMatch(String::isBlank)
          || excludedAttributes.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException("attribute names must not be blank");
      }
    }

    /** Every resource of {@code collection}, {@code pageSize} at a time, up to the default cap. */
    public static Query of(String collection, int pageSize) {
      return new Query(collection, pageSize, DEFAULT_MAX_PAGES, Optional.empty(), List.of(),
          List.of());
    }

    /** The same query with another page cap; a lower cap bounds a diagnostic listing's cost. */
    public Query withMaxPages(int newMaxPages) {
      return new Query(collection, pageSize, newMaxPages, filter, attributes, excludedAttributes);
    }

    /** Only the resources matching {@code newFilter}; blank means no filter. */
    public Query withFilter(String newFilter) {
      return new Query(collection, pageSize, maxPages, Optional.ofNullable(newFilter), attributes,
          excludedAttributes);
    }

    /** Only these attributes in each resource (RFC 7644 §3.9), to keep large pages small. */
    public Query withAttributes(String... names) {
      return new Query(collection, pageSize, maxPages, filter, List.of(names), excludedAttributes);
    }

    /** Every default attribute but these (RFC 7644 §3.9), e.g. "members" of large groups. */
    public Query withExcludedAttributes(String... names) {
      return new Query(collection, pageSize, maxPages, filter, attributes, List.of(names));
    }
  }

  /**
   * How a listing ended.
   *
   * @param resourcesSeen resources received on all pages, malformed ones included (the caller
   *                      judges them); a resource served twice by a shifting index counts twice
   * @param pages         successful pages received, empty final page included
   * @param truncated     true when the page cap ended the listing while the target had more
   * @param failure       why the listing stopped short, when a page failed; pages before it were
   *                      delivered
   */
  public record Result(int resourcesSeen, int pages, boolean truncated,
                       Optional<SyncFailure> failure) {
    public Result {
      Objects.requireNonNull(failure, "failure");
      if (resourcesSeen < 0 || pages < 0) {
        throw new IllegalArgumentException("counts must not be negative");
      }
    }

    /** Whether every resource of the collection was delivered: only then is absence meaningful. */
    public boolean complete() {
      return !truncated && failure.isEmpty();
    }
  }

  private enum State { NEW, AWAITING_REPLY, DONE }

  private final Query query;
  private final Paging paging;
  private final int count;
  private State state = State.NEW;
  private int pages;
  private int seen;
  private String cursorSent = "";
  private List<Map<String, Object>> page = List.of();

  /**
   * A pager for {@code query} against a target described by {@code profile}, which decides the
   * paging style and caps the page size ({@code maxPageSize}, 0 = no cap).
   */
  public static ListPager list(Query query, VendorProfile profile) {
    return new ListPager(query, profile);
  }

  private ListPager(Query query, VendorProfile profile) {
    this.query = Objects.requireNonNull(query, "query");
    Objects.requireNonNull(profile, "profile");
    this.paging = profile.paging();
    this.count = profile.maxPageSize() > 0
        ? Math.min(query.pageSize(), profile.maxPageSize())
        : query.pageSize();
  }

  /** The GET of the first page. */
  public Step<Result> start() {
    if (state != State.NEW) {
      throw new IllegalStateException("start() called twice");
    }
    return requestNextPage();
  }

  /**
   * Consumes the reply to the last request: the next page's GET, or the end of the listing.
   *
   * @throws IllegalStateException when the previous page was not taken with {@link #takePage()}:
   *                               dropping it silently would hide objects from discovery
   */
  public Step<Result> onReply(ScimReply reply) {
    Objects.requireNonNull(reply, "reply");
    if (state != State.AWAITING_REPLY) {
      throw new IllegalStateException(
          "onReply() without a request in flight (state " + state + ")");
    }
    if (!page.isEmpty()) {
      throw new IllegalStateException("the previous page was not taken with takePage()");
    }
    String context = "GET " + query.collection() + " page " + (pages + 1);
    if (ReplyClassifier.classify(reply) != ReplyClass.SUCCESS) {
      return finish(false, Optional.of(SyncFailure.of(reply, context)));
    }
    // SUCCESS is only ever a Received reply
    ScimReply.Received received = (ScimReply.Received) reply;
    Optional<ListResponse> list = received.object()
        .filter(ListPager::isListResponse)
        .flatMap(ListResponse::fromBody);
    if (list.isEmpty()) {
      return finish(false, Optional.of(SyncFailure.permanent(
          context + ": " + received.status() + " but the body is not a SCIM list response")));
    }
    ListResponse response = list.get();
    pages++;
    seen += response.resources().size();
    page = response.resources();

    if (paging == Paging.CURSOR) {
      Optional<String> next = response.nextCursor();
      if (next.isEmpty()) {
        return finish(false, Optional.empty());
      }
      if (next.get().equals(cursorSent)) {
        // following it would serve the same page again until the cap, delivering duplicates
        return finish(false, Optional.of(SyncFailure.permanent(
            context + ": nextCursor repeats the cursor just sent; the target is not advancing")));
      }
      cursorSent = next.get();
    } else {
      boolean totalReached = response.totalResults().isPresent()
          && seen >= response.totalResults().getAsInt();
      if (response.resources().isEmpty() || totalReached) {
        return finish(false, Optional.empty());
      }
    }
    if (pages >= query.maxPages()) {
      return finish(true, Optional.empty());
    }
    return requestNextPage();
  }

  /**
   * The resources of the page last received, handed over once: a second call returns an empty
   * list. Empty before the first reply, after a failed or empty page, and when taken already.
   * Resources are returned as the target sent them (immutable copies); nothing is validated.
   */
  public List<Map<String, Object>> takePage() {
    List<Map<String, Object>> taken = page;
    page = List.of();
    return taken;
  }

  private Step<Result> requestNextPage() {
    Map<String, String> params = new LinkedHashMap<>();
    query.filter().ifPresent(f -> params.put("filter", f));
    if (!query.attributes().isEmpty()) {
      params.put("attributes", String.join(",", query.attributes()));
    }
    if (!query.excludedAttributes().isEmpty()) {
      params.put("excludedAttributes", String.join(",", query.excludedAttributes()));
    }
    if (paging == Paging.CURSOR) {
      // RFC 9865 §2: an empty cursor asks for the first page in cursor mode
      params.put("cursor", cursorSent);
    } else {
      params.put("startIndex", Integer.toString(seen + 1));
    }
    params.put("count", Integer.toString(count));
    state = State.AWAITING_REPLY;
    return new Step.Send<>(ScimRequest.get(query.collection(), params));
  }

  private Step<Result> finish(boolean truncated, Optional<SyncFailure> failure) {
    state = State.DONE;
    return new Step.Done<>(new Result(seen, pages, truncated, failure));
  }

  /**
   * Whether a 2xx object is a list response rather than, say, a single resource or an error body
   * sent with 200. Lenient: the ListResponse schema, a {@code Resources} array or a
   * {@code totalResults} each suffice, as servers omit the schema and omit {@code Resources} when
   * the total is 0 (RFC 7644 §3.4.2 allows the latter).
   */
  private static boolean isListResponse(Map<String, Object> body) {
    if (JsonValues.getIgnoreCase(body, "schemas") instanceof List<?> schemas
        && schemas.contains(ScimSchemas.LIST_RESPONSE)) {
      return true;
    }
    return JsonValues.getIgnoreCase(body, "Resources") instanceof List<?>
        || JsonValues.getIgnoreCase(body, "totalResults") != null;
  }
}
