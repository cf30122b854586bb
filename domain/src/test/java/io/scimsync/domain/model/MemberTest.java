package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.arr;
import static io.scimsync.domain.model.TestJson.assertJson;
import static io.scimsync.domain.model.TestJson.obj;
import static io.scimsync.domain.model.TestJson.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemberTest {

  @Test
  void toMap_rendersValueTypeDisplayAndRef_inThatOrder() {
    Member member = new Member("2819c223", Optional.of("User"), Optional.of("Babs Jensen"),
        Optional.of("https://example.com/v2/Users/2819c223"));

    assertJson(member.toMap(), """
        {"value": "2819c223", "type": "User", "display": "Babs Jensen",
         "$ref": "https://example.com/v2/Users/2819c223"}""");
  }

  @Test
  void toMap_leavesOutAbsentFields() {
    assertJson(Member.of("u1").toMap(), """
        {"value": "u1"}""");
    assertJson(Member.of("u1", Optional.of("user")).toMap(), """
        {"value": "u1", "type": "user"}""");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsABlankValue(String value) {
    assertThatThrownBy(() -> Member.of(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void treatsBlankOptionalFieldsAsAbsent() {
    Member member = new Member("u1", Optional.of(" "), Optional.of(""), Optional.of("  "));

    assertThat(member).isEqualTo(Member.of("u1"));
  }

  @Test
  void fromMap_readsANumericValueAsItsDecimalText_authentikIssue15533() {
    assertThat(Member.fromMap(parse("""
        {"value": 12345, "display": "Babs"}"""))).contains(
        new Member("12345", Optional.empty(), Optional.of("Babs"), Optional.empty()));
    assertThat(Member.fromMap(obj("value", 7.0))).contains(Member.of("7"));
  }

  @Test
  void fromMap_keepsTypeDisplayAndRef() {
    assertThat(Member.fromMap(parse("""
        {"value": "g1", "type": "Group", "display": "eng", "$ref": "/Groups/g1"}""")))
        .contains(new Member("g1", Optional.of("Group"), Optional.of("eng"), Optional.of("/Groups/g1")));
  }

  @Test
  void fromMap_skipsMalformedMembers_insteadOfFailingTheRead_W17() {
    assertThat(Member.fromMap(null)).isEmpty();
    assertThat(Member.fromMap("u1")).isEmpty();
    assertThat(Member.fromMap(42)).isEmpty();
    assertThat(Member.fromMap(arr("u1"))).isEmpty();
    assertThat(Member.fromMap(obj("display", "no value"))).isEmpty();
    assertThat(Member.fromMap(obj("value", ""))).isEmpty();
    assertThat(Member.fromMap(obj("value", null))).isEmpty();
    assertThat(Member.fromMap(obj("value", true))).isEmpty();
    assertThat(Member.fromMap(obj("value", obj("id", "u1")))).isEmpty();
  }

  @Test
  void fromMap_readsSubAttributesIgnoringCase_RFC7643section2_1() {
    // attribute names, sub-attributes included, are case-insensitive; a server writing "Value"
    // must not lose every member of a group
    assertThat(Member.fromMap(obj("Value", "u1", "TYPE", "User")))
        .contains(Member.of("u1", Optional.of("User")));
  }
}
