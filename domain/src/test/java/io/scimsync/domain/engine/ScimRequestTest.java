package io.scimsync.domain.engine;

import static io.scimsync.domain.model.TestJson.arr;
import static io.scimsync.domain.model.TestJson.assertJson;
import static io.scimsync.domain.model.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.engine.ScimRequest.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ScimRequestTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Groups", "Groups/1", "https://evil.example.com/Groups", " /Groups"})
  void rejectsAPathThatDoesNotStartWithASlash(String path) {
    assertThatThrownBy(() -> ScimRequest.get(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with '/'");
  }

  @Test
  void factories_setMethodPathAndBody() {
    Map<String, Object> body = Map.of("displayName", "eng");

    assertThat(ScimRequest.get("/Groups")).isEqualTo(
        new ScimRequest(Method.GET, "/Groups", Map.of(), Optional.empty()));
    assertThat(ScimRequest.post("/Groups", body)).isEqualTo(
        new ScimRequest(Method.POST, "/Groups", Map.of(), Optional.of(body)));
    assertThat(ScimRequest.put("/Groups/g1", body).method()).isEqualTo(Method.PUT);
    assertThat(ScimRequest.patch("/Groups/g1", body).method()).isEqualTo(Method.PATCH);
    assertThat(ScimRequest.delete("/Groups/g1")).isEqualTo(
        new ScimRequest(Method.DELETE, "/Groups/g1", Map.of(), Optional.empty()));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', value = {
      "2819c223-7f76-453a-919d-413861904646 | /Groups/2819c223-7f76-453a-919d-413861904646",
      "a.b_c~d-e                            | /Groups/a.b_c~d-e",
      "a b                                  | /Groups/a%20b",
      "a/b                                  | /Groups/a%2Fb",
      "a?b#c                                | /Groups/a%3Fb%23c",
      "100%                                 | /Groups/100%25",
      "a+b=c&d                              | /Groups/a%2Bb%3Dc%26d",
      "'x;y,z'                              | /Groups/x%3By%2Cz",
      "é                                    | /Groups/%C3%A9",
      "Ω漢                                  | /Groups/%CE%A9%E6%BC%A2",
      "😀                                   | /Groups/%F0%9F%98%80"})
  void resourcePath_percentEncodesTheIdAsOnePathSegment(String id, String expected) {
    assertThat(ScimRequest.resourcePath("/Groups", id)).isEqualTo(expected);
  }

  @Test
  void resourcePath_encodesWhitespaceAndControlCharacters() {
    assertThat(ScimRequest.resourcePath("/Users", " a\tb\n")).isEqualTo("/Users/%20a%09b%0A");
  }

  @Test
  void resourcePath_rejectsAnEmptyId_whichWouldAddressTheWholeCollection() {
    // "/Groups/" is the collection: a DELETE or PUT there must never be planned
    assertThatThrownBy(() -> ScimRequest.resourcePath("/Groups", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void resourcePath_rejectsDotSegmentIds_whichClientsResolveToAnotherPath(String id) {
    // RFC 3986 §5.2.4: "/Groups/.." resolves to "/", so a DELETE would address the base URL
    assertThatThrownBy(() -> ScimRequest.resourcePath("/Groups", id))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resourcePath_makesAValidRequestPath() {
    ScimRequest request = ScimRequest.delete(ScimRequest.resourcePath("/Users", "u/1"));

    assertThat(request.path()).isEqualTo("/Users/u%2F1");
    assertThat(request.describe()).isEqualTo("DELETE /Users/u%2F1");
  }

  @Test
  @SuppressWarnings("unchecked")
  void copiesTheBodyDeeply() {
    List<Object> members = arr(obj("value", "u1"));
    Map<String, Object> body = obj("displayName", "eng", "members", members, "description", null);

    ScimRequest request = ScimRequest.put("/Groups/g1", body);
    members.add(obj("value", "u2"));
    ((Map<String, Object>) members.get(0)).put("value", "changed");
    body.put("displayName", "changed");

    assertJson(request.body().orElseThrow(), """
        {"displayName": "eng", "members": [{"value": "u1"}]}""");
  }

  @Test
  @SuppressWarnings("unchecked")
  void handsOutAnUnmodifiableBody() {
    ScimRequest request = ScimRequest.post("/Groups",
        obj("displayName", "eng", "members", arr(obj("value", "u1"))));
    Map<String, Object> body = request.body().orElseThrow();
    List<Object> members = (List<Object>) body.get("members");

    assertThatThrownBy(() -> body.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> members.add("u2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Map<String, Object>) members.get(0)).put("value", "u9"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copiesTheQuery_keepingItsOrder_andHandsItOutUnmodifiable() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("filter", "displayName eq \"eng\"");
    query.put("startIndex", "1");
    query.put("count", "100");

    ScimRequest request = ScimRequest.get("/Groups", query);
    query.put("excludedAttributes", "members");

    assertThat(request.query()).containsExactly(Map.entry("filter", "displayName eq \"eng\""),
        Map.entry("startIndex", "1"), Map.entry("count", "100"));
    assertThatThrownBy(() -> request.query().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @EnumSource(value = Method.class, names = {"POST", "PUT", "PATCH", "DELETE"})
  void mutating_isTrueForEveryMethodThatChangesTheTarget(Method method) {
    assertThat(method.mutating()).isTrue();
  }

  @Test
  void mutating_isFalseForGet_soDryRunStillReads() {
    assertThat(Method.GET.mutating()).isFalse();
  }

  @Test
  void describe_namesMethodAndPath_withoutQueryOrBody() {
    ScimRequest request = new ScimRequest(Method.PATCH, "/Groups/abc", Map.of("attributes", "id"),
        Optional.of(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"))));

    assertThat(request.describe()).isEqualTo("PATCH /Groups/abc");
  }

  @Test
  void rejectsAMissingMethod() {
    assertThatThrownBy(() -> new ScimRequest(null, "/Groups", Map.of(), Optional.empty()))
        .isInstanceOf(NullPointerException.class);
  }
}
