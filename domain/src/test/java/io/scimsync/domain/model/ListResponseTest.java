package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.arr;
import static io.scimsync.domain.model.TestJson.assertJson;
import static io.scimsync.domain.model.TestJson.obj;
import static io.scimsync.domain.model.TestJson.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ListResponseTest {

  @Test
  void toMap_rendersSchemasCountersCursorAndResources_inRfcOrder() {
    ListResponse page = new ListResponse(List.of(Map.of("id", "u1"), Map.of("id", "u2")),
        OptionalInt.of(5), OptionalInt.of(1), OptionalInt.of(2), Optional.of("c2"));

    assertJson(page.toMap(), """
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
         "totalResults": 5, "startIndex": 1, "itemsPerPage": 2, "nextCursor": "c2",
         "Resources": [{"id": "u1"}, {"id": "u2"}]}""");
  }

  @Test
  void toMap_countsTheResources_whenTotalResultsIsAbsent_andLeavesOutOtherAbsentCounters() {
    ListResponse page = new ListResponse(List.of(Map.of("id", "u1")), OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    assertJson(page.toMap(), """
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
         "totalResults": 1, "Resources": [{"id": "u1"}]}""");
  }

  @Test
  void fromBody_readsARegularPage() {
    ListResponse page = ListResponse.fromBody(parse("""
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
         "totalResults": 3, "startIndex": 1, "itemsPerPage": 2,
         "Resources": [{"id": "g1", "displayName": "a"}, {"id": "g2", "displayName": "b"}]}"""))
        .orElseThrow();

    assertThat(page.totalResults()).hasValue(3);
    assertThat(page.startIndex()).hasValue(1);
    assertThat(page.itemsPerPage()).hasValue(2);
    assertThat(page.nextCursor()).isEmpty();
    assertThat(page.resources()).extracting(r -> r.get("id")).containsExactly("g1", "g2");
  }

  @Test
  void fromBody_acceptsCountersSentAsStrings_andKeysInAnyCase() {
    ListResponse page = ListResponse.fromBody(parse("""
        {"TotalResults": "12", "STARTINDEX": " 3 ", "itemsperpage": "1",
         "resources": [{"id": "u1"}]}""")).orElseThrow();

    assertThat(page.totalResults()).hasValue(12);
    assertThat(page.startIndex()).hasValue(3);
    assertThat(page.itemsPerPage()).hasValue(1);
    assertThat(page.resources()).hasSize(1);
  }

  @Test
  void fromBody_leavesUnreadableCountersAbsent() {
    ListResponse page = ListResponse.fromBody(parse("""
        {"totalResults": "many", "startIndex": true, "Resources": []}""")).orElseThrow();

    assertThat(page.totalResults()).isEmpty();
    assertThat(page.startIndex()).isEmpty();
    assertThat(page.itemsPerPage()).isEmpty();
  }

  @Test
  void fromBody_readsTheRfc9865Cursor() {
    ListResponse page = ListResponse.fromBody(parse("""
        {"itemsPerPage": 100, "nextCursor": "VZUTi4mwTg", "Resources": [{"id": "u1"}]}"""))
        .orElseThrow();

    assertThat(page.nextCursor()).contains("VZUTi4mwTg");
  }

  @Test
  void fromBody_dropsResourcesThatAreNotObjects() {
    ListResponse page = ListResponse.fromBody(obj("Resources", arr(obj("id", "u1"), "u2", 3, null, arr())))
        .orElseThrow();

    assertThat(page.resources()).containsExactly(Map.of("id", "u1"));
  }

  @Test
  void fromBody_readsAMissingOrMalformedResourceListAsEmpty() {
    assertThat(ListResponse.fromBody(obj("totalResults", 0)).orElseThrow().resources()).isEmpty();
    assertThat(ListResponse.fromBody(obj("Resources", obj("id", "u1"))).orElseThrow().resources())
        .isEmpty();
  }

  @Test
  void fromBody_isEmpty_whenTheBodyIsNotAnObject() {
    assertThat(ListResponse.fromBody(arr(obj("id", "u1")))).isEmpty();
    assertThat(ListResponse.fromBody("<html>")).isEmpty();
    assertThat(ListResponse.fromBody(null)).isEmpty();
  }

  @Test
  void copiesResources_andHandsThemOutUnmodifiable() {
    Map<String, Object> resource = obj("id", "u1");
    List<Map<String, Object>> resources = new ArrayList<>(List.of(resource));
    ListResponse page = new ListResponse(resources, OptionalInt.empty(), OptionalInt.empty(),
        OptionalInt.empty(), Optional.empty());
    resources.add(obj("id", "u2"));
    resource.put("id", "changed");

    assertThat(page.resources()).containsExactly(Map.of("id", "u1"));
    assertThatThrownBy(() -> page.resources().add(Map.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> page.resources().get(0).put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
