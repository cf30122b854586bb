package io.scimsync.testkit.store;

import static io.scimsync.testkit.store.StoreFixtures.group;
import static io.scimsync.testkit.store.StoreFixtures.json;
import static io.scimsync.testkit.store.StoreFixtures.scimError;
import static io.scimsync.testkit.store.StoreFixtures.texts;
import static io.scimsync.testkit.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.store.ResourceStore.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceStoreListTest {
  private final StoreFixtures.ManualClock clock = new StoreFixtures.ManualClock();
  private ResourceStore store = new ResourceStore(StoreOptions.rfc(), clock);

  private void threeUsers() {
    store.create(Kind.USERS, json("{'userName':'alice','active':true,'title':'Engineer',"
        + "'emails':[{'value':'alice@example.com','type':'work'}]}"));
    store.create(Kind.USERS, json("{'userName':'bob','active':false,'title':'Manager',"
        + "'emails':[{'value':'bob@example.org','type':'home'}]}"));
    store.create(Kind.USERS, json("{'userName':'carol','active':true,"
        + "'emails':[{'value':'carol@example.org','type':'work'}]}"));
  }

  private List<String> userNames(String filter) {
    return texts(store.list(Kind.USERS, ListQuery.filtered(filter)).resources(), "userName");
  }

  /** Every operator of RFC 7644 §3.4.2.2, with UnboundID's case-insensitive string comparison. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "userName eq \"ALICE\"                                        | alice",
      "userName ne \"alice\"                                        | bob,carol",
      "userName co \"O\"                                            | bob,carol",
      "userName sw \"ca\"                                           | carol",
      "userName ew \"ce\"                                           | alice",
      "title pr                                                     | alice,bob",
      "userName gt \"bob\"                                          | carol",
      "userName ge \"bob\"                                          | bob,carol",
      "userName lt \"bob\"                                          | alice",
      "userName le \"bob\"                                          | alice,bob",
      "active eq true and title pr                                  | alice",
      "userName eq \"alice\" or userName eq \"carol\"               | alice,carol",
      "not (title pr)                                               | carol",
      "(userName eq \"alice\" or userName eq \"bob\") and active eq false | bob",
      "emails[type eq \"work\" and value ew \"example.org\"]        | carol",
      "emails.value co \"@example.org\"                             | bob,carol",
      "USERNAME EQ \"bob\"                                          | bob",
      "meta.created ge \"2024-05-01T10:00:00Z\" and userName sw \"a\" | alice",
      "userName eq \"nobody\"                                       | ''",
  })
  void filter_supportsEveryOperator_rfc7644_3_4_2_2(String filter, String expected) {
    threeUsers();

    List<String> wanted = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(","));
    assertThat(userNames(filter)).containsExactlyElementsOf(wanted);
  }

  @Test
  void filter_matchesAValueWithEscapedQuotes() {
    store.create(Kind.GROUPS, group("R&D \"Core\""));
    store.create(Kind.GROUPS, group("R&D"));

    ListResult result = store.list(Kind.GROUPS, ListQuery.filtered("displayName eq \"R&D \\\"Core\\\"\""));

    assertThat(texts(result.resources(), "displayName")).containsExactly("R&D \"Core\"");
  }

  @Test
  void filter_findsGroupsOfAMember_andUsersOfAGroup() {
    String alice = store.create(Kind.USERS, user("alice")).path("id").asText();
    store.create(Kind.USERS, user("bob"));
    String eng = store.create(Kind.GROUPS, group("eng", alice)).path("id").asText();
    store.create(Kind.GROUPS, group("ops"));

    assertThat(texts(store.list(Kind.GROUPS, ListQuery.filtered("members.value eq \"" + alice + "\""))
        .resources(), "displayName")).containsExactly("eng");
    assertThat(userNames("groups.value eq \"" + eng + "\"")).containsExactly("alice");
  }

  @Test
  void filter_withAnUnquotedValue_is400InvalidFilter_whenStrict() {
    threeUsers();

    ScimException e = scimError(() -> store.list(Kind.USERS, ListQuery.filtered("userName eq alice")));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.scimType()).contains("invalidFilter");
    assertThat(e.detail()).contains("userName eq alice");
  }

  @Test
  void filter_withUnquotedValues_works_whenLenient() {
    store = new ResourceStore(StoreOptions.rfc().withLenientFilterValues(true), clock);
    threeUsers();

    assertThat(userNames("userName eq alice")).containsExactly("alice");
    assertThat(userNames("(userName eq bob or userName eq carol) and active eq True"))
        .containsExactly("carol");
    assertThat(userNames("emails[type eq work]")).containsExactly("alice", "carol");
  }

  @Test
  void filter_thatDoesNotParse_is400InvalidFilter_withTheParsersReason() {
    ScimException e = scimError(() -> store.list(Kind.USERS, ListQuery.filtered("userName xx \"a\"")));

    assertThat(e.scimType()).contains("invalidFilter");
    assertThat(e.detail()).contains("xx");
  }

  @Test
  void eqAndFiltersOnly_acceptsEqJoinedByAnd_andRejectsOtherOperatorsByName_likeAws() {
    store = new ResourceStore(StoreOptions.rfc().withEqAndFiltersOnly(true), clock);
    threeUsers();

    assertThat(userNames("userName eq \"alice\" and active eq true")).containsExactly("alice");
    assertThat(scimError(() -> userNames("userName co \"a\"")).detail()).contains("'co'");
    assertThat(scimError(() -> userNames("userName eq \"a\" or userName eq \"b\"")).detail())
        .contains("'or'");
    assertThat(scimError(() -> userNames("not (userName eq \"a\")")).scimType())
        .contains("invalidFilter");
  }

  @Test
  void blankFilter_listsEverything() {
    threeUsers();

    assertThat(userNames(" ")).containsExactly("alice", "bob", "carol");
  }

  @Test
  void list_returnsResourcesInCreationOrder_evenAfterUpdates() {
    threeUsers();
    String alice = userIds().get(0);
    store.replace(Kind.USERS, alice, user("alice2"), Optional.empty());

    assertThat(texts(store.list(Kind.USERS, ListQuery.all()).resources(), "userName"))
        .containsExactly("alice2", "bob", "carol");
  }

  private List<String> userIds() {
    return texts(store.list(Kind.USERS, ListQuery.all()).resources(), "id");
  }

  private void users(int n) {
    for (int i = 1; i <= n; i++) {
      store.create(Kind.USERS, user("user" + i));
    }
  }

  private ListResult page(int startIndex, Integer count) {
    return store.list(Kind.USERS, new ListQuery(Optional.empty(), startIndex, Optional.ofNullable(count)));
  }

  @Test
  void paging_byStartIndexAndCount_rfc7644_3_4_2_4() {
    users(5);

    ListResult result = page(2, 2);

    assertThat(result.totalResults()).isEqualTo(5);
    assertThat(result.startIndex()).isEqualTo(2);
    assertThat(texts(result.resources(), "userName")).containsExactly("user2", "user3");
  }

  @Test
  void countZero_returnsOnlyTotalResults() {
    users(5);

    ListResult result = page(1, 0);

    assertThat(result.totalResults()).isEqualTo(5);
    assertThat(result.resources()).isEmpty();
  }

  @Test
  void startIndexBeyondTheEnd_returnsAnEmptyPage() {
    users(3);

    ListResult result = page(10, 5);

    assertThat(result.totalResults()).isEqualTo(3);
    assertThat(result.startIndex()).isEqualTo(10);
    assertThat(result.resources()).isEmpty();
  }

  @Test
  void startIndexBelowOne_isReadAsOne_andNegativeCountAsZero() {
    users(3);

    assertThat(page(-4, 2).startIndex()).isEqualTo(1);
    assertThat(texts(page(0, 2).resources(), "userName")).containsExactly("user1", "user2");
    assertThat(page(1, -1).resources()).isEmpty();
  }

  @Test
  void count_isCappedAtMaxPageSize_andNoCountMeansMaxPageSize() {
    store = new ResourceStore(StoreOptions.rfc().withMaxPageSize(3), clock);
    users(5);

    assertThat(page(1, 10).resources()).hasSize(3);
    assertThat(page(1, null).resources()).hasSize(3);
    assertThat(page(1, null).totalResults()).isEqualTo(5);
  }

  @Test
  void noCount_listsEverything_whenNoPageCap() {
    store = new ResourceStore(StoreOptions.rfc().withMaxPageSize(0), clock);
    users(5);

    assertThat(page(1, null).resources()).hasSize(5);
  }

  @Test
  void cursorPaging_walksAllPages_andSurvivesDeletes_rfc9865() {
    users(5);
    List<String> seen = new ArrayList<>();
    ListQuery query = new ListQuery(Optional.empty(), 1, Optional.of(2), Optional.of(""));
    ListResult result = store.list(Kind.USERS, query);
    seen.addAll(texts(result.resources(), "userName"));
    store.delete(Kind.USERS, result.resources().get(1).path("id").asText(), Optional.empty());
    while (result.nextCursor().isPresent()) {
      result = store.list(Kind.USERS, new ListQuery(Optional.empty(), 1, Optional.of(2), result.nextCursor()));
      seen.addAll(texts(result.resources(), "userName"));
    }

    assertThat(seen).containsExactly("user1", "user2", "user3", "user4", "user5");
    assertThat(scimError(() -> store.list(Kind.USERS,
        new ListQuery(Optional.empty(), 1, Optional.of(2), Optional.of("bogus")))).scimType())
        .contains("invalidCursor");
  }

  @Test
  void list_returnsCopies() {
    users(1);
    ObjectNode first = store.list(Kind.USERS, ListQuery.all()).resources().get(0);

    first.put("userName", "changed");

    assertThat(userNames("userName pr")).containsExactly("user1");
  }
}
