package io.scimsync.domain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.target.VendorProfile;
import io.scimsync.domain.target.VendorProfiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListPagerTest {

  private static final VendorProfile INDEX = VendorProfiles.DEFAULT;
  private static final VendorProfile CURSOR = VendorProfiles.DEFAULT.withOverrides(
      Map.of("paging", "CURSOR"));

  @ParameterizedTest(name = "{0} items, page size {1}")
  @CsvSource({"3, 2", "101, 100"})
  void seesLastItem_whenTotalIsOneMoreThanPageMultiple_W5(int items, int pageSize) {
    FakeCollection server = new FakeCollection(items);

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", pageSize), INDEX), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(run.result().resourcesSeen()).isEqualTo(items);
    assertThat(run.result().pages()).isEqualTo(2);
    assertThat(run.result().complete()).isTrue();
  }

  @ParameterizedTest(name = "{0} items, page size {1}: {2} requests")
  @CsvSource({"0, 10, 1", "1, 1, 1", "4, 2, 2", "5, 2, 3", "250, 100, 3"})
  void listsEveryItemOnce_andStopsAtTotalWithoutExtraRequest(int items, int pageSize,
                                                             int requests) {
    FakeCollection server = new FakeCollection(items);

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", pageSize), INDEX), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(server.requests).hasSize(requests);
    assertThat(run.result().complete()).isTrue();
  }

  @Test
  void advancesStartIndexByResourcesReceived_whenServerSendsFewerThanCount_W5() {
    FakeCollection server = new FakeCollection(8);
    server.serverMaxPage = 3;

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 10), INDEX), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(server.requests).extracting(r -> r.query().get("startIndex"))
        .containsExactly("1", "4", "7");
  }

  @Test
  void advancesByResources_whenItemsPerPageIsZeroButResourcesPresent_W5() {
    FakeCollection server = new FakeCollection(5);
    server.itemsPerPage = Optional.of(0);

    Run run = drive(ListPager.list(ListPager.Query.of("/Groups", 2), INDEX), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(server.requests).extracting(r -> r.query().get("startIndex"))
        .containsExactly("1", "3", "5");
  }

  @Test
  void listsUntilEmptyPage_whenTotalResultsMissing_W5() {
    FakeCollection server = new FakeCollection(5);
    server.sendTotal = false;
    server.itemsPerPage = Optional.empty();

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 2), INDEX), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(server.requests).extracting(r -> r.query().get("startIndex"))
        .containsExactly("1", "3", "5", "6");
    assertThat(run.result().pages()).isEqualTo(4);
    assertThat(run.result().complete()).isTrue();
  }

  @Test
  void readsCounters_whenSentAsStrings() {
    FakeCollection server = new FakeCollection(3);
    server.countersAsStrings = true;

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 2), INDEX), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void stopsOnEmptyPage_whenTotalResultsOverstatesTheCollection() {
    FakeCollection server = new FakeCollection(3);
    server.totalOverride = Optional.of(10);

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 2), INDEX), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(server.requests).extracting(r -> r.query().get("startIndex"))
        .containsExactly("1", "3", "4");
    assertThat(run.result().truncated()).isFalse();
  }

  @Test
  void acceptsListWithoutResourcesArray_whenTotalIsZero() {
    Function<ScimRequest, ScimReply> server = request ->
        ScimReply.Received.of(200, Map.of("totalResults", 0));

    Run run = drive(ListPager.list(ListPager.Query.of("/Groups", 100), INDEX), server);

    assertThat(run.result()).isEqualTo(new ListPager.Result(0, 1, false, Optional.empty()));
  }

  @Test
  void endsTruncated_whenServerIgnoresStartIndexAndPageCapIsHit_W5() {
    FakeCollection server = new FakeCollection(10);
    server.sendTotal = false;
    server.ignoreStartIndex = true;

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 2).withMaxPages(5), INDEX), server);

    assertThat(server.requests).hasSize(5);
    assertThat(run.result().truncated()).isTrue();
    assertThat(run.result().complete()).isFalse();
    assertThat(run.result().pages()).isEqualTo(5);
    assertThat(run.result().resourcesSeen()).isEqualTo(10);
  }

  @Test
  void isNotTruncated_whenTheLastPageIsTheCapPage() {
    FakeCollection server = new FakeCollection(4);

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 2).withMaxPages(2), INDEX), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(run.result().truncated()).isFalse();
  }

  @Test
  void defaultsToCapOfOneThousandPages() {
    assertThat(ListPager.Query.of("/Users", 100).maxPages())
        .isEqualTo(ListPager.DEFAULT_MAX_PAGES).isEqualTo(1000);
  }

  @Test
  void followsNextCursor_fromAnEmptyFirstCursor_whenProfilePagesByCursor() {
    FakeCollection server = new FakeCollection(5);
    server.cursor = true;

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 2), CURSOR), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(server.requests).extracting(ScimRequest::query).containsExactly(
        Map.of("cursor", "", "count", "2"),
        Map.of("cursor", "c2", "count", "2"),
        Map.of("cursor", "c4", "count", "2"));
    assertThat(run.result().complete()).isTrue();
  }

  @Test
  void pagesAwsWithCursorsOfAtMostOneHundred() {
    FakeCollection server = new FakeCollection(150);
    server.cursor = true;

    Run run = drive(ListPager.list(ListPager.Query.of("/Groups", 500), VendorProfiles.AWS), server);

    assertThat(run.ids()).isEqualTo(server.ids());
    assertThat(server.requests).extracting(r -> r.query().get("count"))
        .containsExactly("100", "100");
  }

  @Test
  void failsPermanently_whenNextCursorRepeatsTheCursorSent() {
    FakeCollection server = new FakeCollection(5);
    server.cursor = true;
    server.stuckCursor = true;

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 2), CURSOR), server);

    assertThat(server.requests).hasSize(2);
    assertThat(run.result().failure()).get()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(SyncFailure.Kind.PERMANENT))
        .satisfies(f -> assertThat(f.message())
            .startsWith("GET /Users page 2: nextCursor repeats"));
  }

  @ParameterizedTest(name = "asked {0}, profile max {1}: count {2}")
  @CsvSource({"500, 100, 100", "50, 100, 50", "500, 0, 500"})
  void capsCountAtProfileMaxPageSize(int pageSize, int maxPageSize, String count) {
    VendorProfile profile = INDEX.withOverrides(Map.of("maxPageSize", maxPageSize));

    Step<ListPager.Result> first = ListPager.list(ListPager.Query.of("/Users", pageSize), profile)
        .start();

    assertThat(first).isInstanceOfSatisfying(Step.Send.class, send ->
        assertThat(send.request().query()).containsEntry("count", count));
  }

  @Test
  void sendsFilterAndAttributes_withPagingParameters() {
    ListPager.Query query = ListPager.Query.of("/Groups", 100)
        .withFilter(ScimFilter.eq("displayName", "eng"))
        .withExcludedAttributes("members");

    Step<ListPager.Result> first = ListPager.list(query, INDEX).start();

    assertThat(first).isInstanceOfSatisfying(Step.Send.class, send -> {
      assertThat(send.request().method()).isEqualTo(ScimRequest.Method.GET);
      assertThat(send.request().path()).isEqualTo("/Groups");
      assertThat(send.request().query()).containsExactly(
          Map.entry("filter", "displayName eq \"eng\""),
          Map.entry("excludedAttributes", "members"),
          Map.entry("startIndex", "1"),
          Map.entry("count", "100"));
    });
  }

  @Test
  void joinsRequestedAttributesWithCommas() {
    ListPager.Query query = ListPager.Query.of("/Users", 10).withAttributes("userName", "emails");

    Step<ListPager.Result> first = ListPager.list(query, INDEX).start();

    assertThat(first).isInstanceOfSatisfying(Step.Send.class, send ->
        assertThat(send.request().query()).containsEntry("attributes", "userName,emails")
            .doesNotContainKey("excludedAttributes"));
  }

  @Test
  void endsWithTransientFailure_andKeepsEarlierPages_whenAPageFailsMidway() {
    FakeCollection server = new FakeCollection(10);
    server.replyToRequest.put(3, ScimReply.Received.of(503));

    Run run = drive(ListPager.list(ListPager.Query.of("/Groups", 2), INDEX), server);

    assertThat(run.ids()).containsExactly("id-1", "id-2", "id-3", "id-4");
    assertThat(run.result().pages()).isEqualTo(2);
    assertThat(run.result().resourcesSeen()).isEqualTo(4);
    assertThat(run.result().failure()).get().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
      assertThat(f.message()).isEqualTo("GET /Groups page 3: 503");
      assertThat(f.status()).hasValue(503);
    });
    assertThat(run.result().complete()).isFalse();
  }

  @Test
  void reportsNotFound_whenTargetHasNoSuchCollection() {
    // the caller may then skip the resource type instead of aborting the sync (authentik #24486)
    Function<ScimRequest, ScimReply> server = request -> ScimReply.Received.of(404);

    Run run = drive(ListPager.list(ListPager.Query.of("/Groups", 100), INDEX), server);

    assertThat(run.result().pages()).isZero();
    assertThat(run.result().failure()).get()
        .satisfies(f -> assertThat(f.status()).hasValue(404))
        .satisfies(f -> assertThat(f.message()).isEqualTo("GET /Groups page 1: 404"));
  }

  @Test
  void failsPermanently_whenSuccessBodyIsASingleResource() {
    Function<ScimRequest, ScimReply> server = request -> ScimReply.Received.of(200,
        Map.of("schemas", List.of(ScimSchemas.GROUP), "id", "g1", "displayName", "eng"));

    Run run = drive(ListPager.list(ListPager.Query.of("/Groups", 100), INDEX), server);

    assertThat(run.result().failure()).get().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(f.message())
          .isEqualTo("GET /Groups page 1: 200 but the body is not a SCIM list response");
    });
  }

  @Test
  void failsPermanently_whenSuccessHasNoBody() {
    Function<ScimRequest, ScimReply> server = request -> ScimReply.Received.of(204);

    Run run = drive(ListPager.list(ListPager.Query.of("/Users", 100), INDEX), server);

    assertThat(run.result().failure()).get()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(SyncFailure.Kind.PERMANENT));
  }

  @Test
  void refusesNextReply_untilThePreviousPageIsTaken() {
    FakeCollection server = new FakeCollection(5);
    ListPager pager = ListPager.list(ListPager.Query.of("/Users", 2), INDEX);
    Step.Send<?> first = (Step.Send<?>) pager.start();
    Step.Send<?> second = (Step.Send<?>) pager.onReply(server.answer(first.request()));

    assertThatThrownBy(() -> pager.onReply(server.answer(second.request())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("takePage");
  }

  @Test
  void handsEachPageOverOnce() {
    FakeCollection server = new FakeCollection(3);
    ListPager pager = ListPager.list(ListPager.Query.of("/Users", 2), INDEX);
    Step.Send<?> first = (Step.Send<?>) pager.start();
    pager.onReply(server.answer(first.request()));

    assertThat(pager.takePage()).hasSize(2);
    assertThat(pager.takePage()).isEmpty();
  }

  @Test
  void refusesReply_beforeStart() {
    ListPager pager = ListPager.list(ListPager.Query.of("/Users", 2), INDEX);

    assertThatThrownBy(() -> pager.onReply(ScimReply.Received.of(200)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsAttributesTogetherWithExcludedAttributes() {
    assertThatThrownBy(() -> ListPager.Query.of("/Users", 2).withAttributes("userName")
        .withExcludedAttributes("groups"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsPageSizeBelowOne() {
    assertThatThrownBy(() -> ListPager.Query.of("/Users", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- test driver and fake target --------------------------------------------------------------

  private record Run(ListPager.Result result, List<Map<String, Object>> resources) {
    List<String> ids() {
      return resources.stream().map(r -> (String) r.get("id")).toList();
    }
  }

  private static Run drive(ListPager pager, FakeCollection server) {
    return drive(pager, server::answer);
  }

  /** Plays the transport: sends each request to {@code server}, collects every page. */
  @SuppressWarnings("unchecked")
  private static Run drive(ListPager pager, Function<ScimRequest, ScimReply> server) {
    List<Map<String, Object>> seen = new ArrayList<>();
    Step<ListPager.Result> step = pager.start();
    int requests = 0;
    while (step instanceof Step.Send<ListPager.Result> send) {
      if (++requests > 10_000) {
        throw new AssertionError("pager did not stop");
      }
      step = pager.onReply(server.apply(send.request()));
      seen.addAll(pager.takePage());
    }
    return new Run(((Step.Done<ListPager.Result>) step).result(), seen);
  }

  /**
   * An in-memory collection served by {@code startIndex}/{@code count} or by cursor, with the
   * quirks real targets have. Cursors are "c" plus the offset of the next item.
   */
  private static final class FakeCollection {
    final List<Map<String, Object>> items = new ArrayList<>();
    final List<ScimRequest> requests = new ArrayList<>();
    /** Canned replies by request number (1-based), served instead of a page. */
    final Map<Integer, ScimReply> replyToRequest = new HashMap<>();
    int serverMaxPage = Integer.MAX_VALUE;
    boolean sendTotal = true;
    Optional<Integer> totalOverride = Optional.empty();
    /** Empty: the page length, as RFC 7644 says; a value: always that. */
    Optional<Integer> itemsPerPage = Optional.empty();
    boolean countersAsStrings;
    boolean ignoreStartIndex;
    boolean cursor;
    boolean stuckCursor;

    FakeCollection(int size) {
      for (int i = 1; i <= size; i++) {
        items.add(Map.of("id", "id-" + i, "userName", "user" + i));
      }
    }

    List<String> ids() {
      return items.stream().map(r -> (String) r.get("id")).toList();
    }

    ScimReply answer(ScimRequest request) {
      requests.add(request);
      ScimReply canned = replyToRequest.get(requests.size());
      if (canned != null) {
        return canned;
      }
      int count = Math.min(Integer.parseInt(request.query().get("count")), serverMaxPage);
      int from;
      if (cursor) {
        String sent = request.query().get("cursor");
        from = sent.isEmpty() ? 0 : Integer.parseInt(sent.substring(1));
      } else {
        int startIndex = Integer.parseInt(request.query().get("startIndex"));
        from = ignoreStartIndex ? 0 : startIndex - 1;
      }
      int to = Math.min(items.size(), from + count);
      List<Map<String, Object>> page = from < items.size() ? items.subList(from, to) : List.of();

      Map<String, Object> body = new LinkedHashMap<>();
      body.put("schemas", List.of(ScimSchemas.LIST_RESPONSE));
      if (sendTotal) {
        body.put("totalResults", counter(totalOverride.orElse(items.size())));
      }
      body.put("itemsPerPage", counter(itemsPerPage.orElse(page.size())));
      if (!cursor) {
        body.put("startIndex", counter(from + 1));
      }
      if (cursor && to < items.size()) {
        // a stuck target hands out the same cursor forever
        body.put("nextCursor", stuckCursor ? "c2" : "c" + to);
      }
      body.put("Resources", page);
      return ScimReply.Received.of(200, body);
    }

    private Object counter(int value) {
      return countersAsStrings ? Integer.toString(value) : value;
    }
  }
}
