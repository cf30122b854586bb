package io.scimsync.testkit.store;

import static io.scimsync.testkit.store.StoreFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScimExceptionTest {
  @Test
  void errorBody_hasTheErrorSchema_andStatusAsAString_rfc7644_3_12() {
    assertThat(ScimException.uniqueness("userName 'alice' is taken").toErrorBody()).isEqualTo(json(
        "{'schemas':['urn:ietf:params:scim:api:messages:2.0:Error'],'status':'409',"
            + "'scimType':'uniqueness','detail':'userName is taken'}")
        .put("detail", "userName 'alice' is taken"));
  }

  @Test
  void errorBody_leavesScimTypeOut_whenThereIsNone() {
    ScimException e = ScimException.notFound(ResourceStore.Kind.GROUPS, "g-1");

    assertThat(e.toErrorBody().has("scimType")).isFalse();
    assertThat(e.toErrorBody().path("status").asText()).isEqualTo("404");
    assertThat(e.detail()).isEqualTo("Group 'g-1' not found");
  }

  @Test
  void factories_useTheRfcScimTypes() {
    assertThat(ScimException.invalidFilter("x").scimType()).contains("invalidFilter");
    assertThat(ScimException.invalidSyntax("x").scimType()).contains("invalidSyntax");
    assertThat(ScimException.invalidValue("x").scimType()).contains("invalidValue");
    assertThat(ScimException.invalidPath("x").scimType()).contains("invalidPath");
    assertThat(ScimException.noTarget("x").scimType()).contains("noTarget");
    assertThat(ScimException.mutability("x").scimType()).contains("mutability");
    assertThat(ScimException.tooMany("x").scimType()).contains("tooMany");
    assertThat(ScimException.preconditionFailed("x").status()).isEqualTo(412);
    assertThat(ScimException.preconditionFailed("x").scimType()).isEmpty();
  }

  @Test
  void rejectsAStatusThatIsNotAnError() {
    assertThatThrownBy(() -> new ScimException(200, Optional.empty(), "ok"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
