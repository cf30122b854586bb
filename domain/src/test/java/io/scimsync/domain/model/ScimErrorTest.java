package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.arr;
import static io.scimsync.domain.model.TestJson.assertJson;
import static io.scimsync.domain.model.TestJson.obj;
import static io.scimsync.domain.model.TestJson.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScimErrorTest {

  @Test
  void toMap_rendersSchemasStatusScimTypeDetail() {
    ScimError error = new ScimError("409", Optional.of("uniqueness"), Optional.of("userName taken"));

    assertJson(error.toMap(), """
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409",
         "scimType": "uniqueness", "detail": "userName taken"}""");
  }

  @Test
  void toMap_leavesOutAbsentFields() {
    assertJson(new ScimError("500", Optional.empty(), Optional.empty()).toMap(), """
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "500"}""");
  }

  @Test
  void rejectsABlankStatus() {
    assertThatThrownBy(() -> new ScimError(" ", Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromBody_readsAnRfcErrorBody() {
    assertThat(ScimError.fromBody(parse("""
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
         "scimType": "mutability", "detail": "Attribute 'id' is readOnly", "status": "400"}"""), 400))
        .contains(new ScimError("400", Optional.of("mutability"), Optional.of("Attribute 'id' is readOnly")));
  }

  @Test
  void fromBody_readsANumericStatus_andKeysInAnyCase() {
    assertThat(ScimError.fromBody(parse("""
        {"Status": 409, "SCIMTYPE": "uniqueness", "Detail": "exists"}"""), 409))
        .contains(new ScimError("409", Optional.of("uniqueness"), Optional.of("exists")));
  }

  @Test
  void fromBody_takesTheHttpStatus_whenTheBodyHasNone() {
    assertThat(ScimError.fromBody(obj("detail", "Too many requests"), 429))
        .contains(new ScimError("429", Optional.empty(), Optional.of("Too many requests")));
  }

  @Test
  void fromBody_acceptsAConflictWithoutScimType_Sentry() {
    assertThat(ScimError.fromBody(obj("detail", "User already exists in the database.", "status", 409), 409))
        .contains(new ScimError("409", Optional.empty(), Optional.of("User already exists in the database.")));
  }

  @Test
  void fromBody_acceptsAScimTypeWithoutDetail() {
    assertThat(ScimError.fromBody(obj("scimType", "invalidFilter"), 400))
        .contains(new ScimError("400", Optional.of("invalidFilter"), Optional.empty()));
  }

  @Test
  void fromBody_isEmpty_whenTheBodyDoesNotLookLikeAScimError() {
    assertThat(ScimError.fromBody(obj("message", "Internal Server Error", "status", 500), 500)).isEmpty();
    assertThat(ScimError.fromBody(obj("detail", " "), 500)).isEmpty();
    assertThat(ScimError.fromBody(arr("error"), 500)).isEmpty();
    assertThat(ScimError.fromBody("Bad Gateway", 502)).isEmpty();
    assertThat(ScimError.fromBody(null, 502)).isEmpty();
  }
}
