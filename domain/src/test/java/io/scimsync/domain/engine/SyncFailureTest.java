package io.scimsync.domain.engine;

import static io.scimsync.domain.model.TestJson.obj;
import static io.scimsync.domain.model.TestJson.parseObject;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.engine.ScimReply.NotDelivered;
import io.scimsync.domain.engine.ScimReply.Received;
import io.scimsync.domain.engine.ScimReply.Unreadable;
import io.scimsync.domain.engine.ScimReply.WithheldByDryRun;
import io.scimsync.domain.engine.SyncFailure.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SyncFailureTest {

  private static final String CONTEXT = "POST /Groups for group 'eng'";

  private static Received received(int status, Map<String, ?> body, Duration retryAfter) {
    return new Received(status, Optional.<Object>ofNullable(body), Optional.empty(),
        Optional.ofNullable(retryAfter));
  }

  @Test
  void of_aScimErrorBody_namesContextStatusScimTypeAndDetail() {
    Received reply = Received.of(400, parseObject("""
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400",
         "scimType": "invalidValue", "detail": "displayName is required"}"""));

    SyncFailure failure = SyncFailure.of(reply, CONTEXT);

    assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(failure.message())
        .isEqualTo("POST /Groups for group 'eng': 400 invalidValue: displayName is required");
    assertThat(failure.status()).hasValue(400);
    assertThat(failure.scimType()).contains("invalidValue");
    assertThat(failure.detail()).contains("displayName is required");
    assertThat(failure.retryAfter()).isEmpty();
  }

  @Test
  void of_aConflict_isAConflict() {
    SyncFailure failure = SyncFailure.of(Received.of(409, Map.of("scimType", "uniqueness",
        "detail", "displayName 'eng' exists")), CONTEXT);

    assertThat(failure.kind()).isEqualTo(Kind.CONFLICT);
    assertThat(failure.message()).isEqualTo(CONTEXT + ": 409 uniqueness: displayName 'eng' exists");
  }

  @Test
  void of_aDetailWithoutScimType_Sentry() {
    SyncFailure failure = SyncFailure.of(Received.of(409, Map.of("detail", "User already exists")), CONTEXT);

    assertThat(failure.message()).isEqualTo(CONTEXT + ": 409: User already exists");
    assertThat(failure.scimType()).isEmpty();
  }

  @Test
  void of_aScimTypeWithoutDetail() {
    SyncFailure failure = SyncFailure.of(Received.of(400, Map.of("scimType", "invalidFilter")), CONTEXT);

    assertThat(failure.message()).isEqualTo(CONTEXT + ": 400 invalidFilter");
    assertThat(failure.detail()).isEmpty();
  }

  @Test
  void of_aReplyWithoutBody_namesContextAndStatus() {
    SyncFailure failure = SyncFailure.of(Received.of(401), CONTEXT);

    assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(failure.message()).isEqualTo(CONTEXT + ": 401");
    assertThat(failure.scimType()).isEmpty();
    assertThat(failure.detail()).isEmpty();
  }

  @Test
  void of_carriesRetryAfter_ofARateLimitedReply() {
    SyncFailure failure = SyncFailure.of(received(429, Map.of("detail", "Rate limit exceeded"),
        Duration.ofSeconds(30)), CONTEXT);

    assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(failure.message()).isEqualTo(CONTEXT + ": 429: Rate limit exceeded");
  }

  @Test
  void of_carriesRetryAfter_ofAnUnavailableReply() {
    SyncFailure failure = SyncFailure.of(received(503, null, Duration.ofMinutes(2)), CONTEXT);

    assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(failure.retryAfter()).contains(Duration.ofMinutes(2));
    assertThat(failure.status()).hasValue(503);
  }

  @Test
  void of_neverEchoesABodyThatIsNotAScimError() {
    Received reply = Received.of(500, obj("message", "NullPointerException at com.vendor.Secret",
        "token", "Bearer eyJhbGciOi", "trace", "at line 42"));

    SyncFailure failure = SyncFailure.of(reply, CONTEXT);

    assertThat(failure.message()).isEqualTo(CONTEXT + ": 500");
    assertThat(failure.detail()).isEmpty();
  }

  @Test
  void of_takesOnlyScimTypeAndDetail_fromAScimErrorBody() {
    Received reply = Received.of(400, obj(
        "schemas", java.util.List.of("urn:ietf:params:scim:api:messages:2.0:Error"),
        "detail", "userName is invalid",
        "stackTrace", "at com.vendor.Handler",
        "request", obj("password", "hunter2")));

    SyncFailure failure = SyncFailure.of(reply, CONTEXT);

    assertThat(failure.message()).isEqualTo(CONTEXT + ": 400: userName is invalid");
    assertThat(failure.message()).doesNotContain("com.vendor", "hunter2", "urn:ietf");
  }

  @Test
  void of_anUnreadableReply_namesStatusAndContentType_butNotTheBody() {
    Unreadable reply = new Unreadable(502, "text/html; charset=utf-8", "not JSON");

    SyncFailure failure = SyncFailure.of(reply, CONTEXT);

    assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(failure.message()).isEqualTo(
        CONTEXT + ": invalid response: status 502, content type 'text/html; charset=utf-8': not JSON");
    assertThat(failure.status()).hasValue(502);
    assertThat(failure.scimType()).isEmpty();
    assertThat(failure.retryAfter()).isEmpty();
  }

  @Test
  void of_anUnreadableSuccess_isPermanent() {
    SyncFailure failure = SyncFailure.of(new Unreadable(200, "application/json", "truncated body"), CONTEXT);

    assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(failure.message()).contains("status 200", "'application/json'", "truncated body");
  }

  @Test
  void of_aReplyThatNeverArrived_isTransient_andNamesTheCause() {
    SyncFailure failure = SyncFailure.of(
        new NotDelivered(NotDelivered.Cause.CONNECT_FAILED, "connection refused"), CONTEXT);

    assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(failure.message()).isEqualTo(CONTEXT + ": no response (connect_failed): connection refused");
    assertThat(failure.status()).isEmpty();
    assertThat(failure.detail()).contains("connection refused");
  }

  @Test
  void of_aRequestWithheldByDryRun_saysSo() {
    SyncFailure failure = SyncFailure.of(new WithheldByDryRun(), CONTEXT);

    assertThat(failure.message()).isEqualTo(CONTEXT + ": withheld by dry run");
    assertThat(failure.status()).isEmpty();
  }

  @Test
  void conflict_keepsStatusScimTypeAndDetail_butNoRetryAfter() {
    Received reply = received(409, Map.of("scimType", "uniqueness", "detail", "exists"), Duration.ofSeconds(5));

    SyncFailure failure = SyncFailure.conflict(CONTEXT + ": exists and no unique match", reply);

    assertThat(failure.kind()).isEqualTo(Kind.CONFLICT);
    assertThat(failure.status()).hasValue(409);
    assertThat(failure.scimType()).contains("uniqueness");
    assertThat(failure.detail()).contains("exists");
    assertThat(failure.retryAfter()).isEmpty();
  }

  @Test
  void permanent_carriesOnlyTheMessage() {
    assertThat(SyncFailure.permanent("group 'eng' has no displayName")).isEqualTo(new SyncFailure(
        Kind.PERMANENT, "group 'eng' has no displayName", OptionalInt.empty(), Optional.empty(),
        Optional.empty(), Optional.empty()));
  }

  @Test
  void carriesTheRetryAfterOfAnUnreadableReply_suchAsAGatewaysHtml503() {
    SyncFailure failure = SyncFailure.of(new ScimReply.Unreadable(503, "text/html",
        "the body is not JSON (120 bytes)", java.util.Optional.of(java.time.Duration.ofSeconds(7))),
        "GET /Users");

    org.assertj.core.api.Assertions.assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
    org.assertj.core.api.Assertions.assertThat(failure.retryAfter())
        .contains(java.time.Duration.ofSeconds(7));
  }
}
