package io.scimsync.domain.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.engine.ScimReply.NotDelivered;
import io.scimsync.domain.engine.ScimReply.Received;
import io.scimsync.domain.engine.ScimReply.Unreadable;
import io.scimsync.domain.engine.ScimReply.WithheldByDryRun;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reply classification. authentik raised every status other than 404/409/429/503 as a
 * transient error, so 400/401/403 were retried and 5xx were treated like them (W6).
 */
class ReplyClassifierTest {

  private static ReplyClass received(int status) {
    return ReplyClassifier.classify(Received.of(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 202, 204, 206, 299})
  void classifies2xxAsSuccess(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.SUCCESS);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403})
  void classifiesBadRequestAndAuthErrorsAsPermanent_notRetriedLikeAuthentik_W6(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.PERMANENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {405, 501})
  void classifiesMethodNotSupportedAsPermanent_W6(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.PERMANENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {402, 406, 413, 414, 415, 422, 451, 499})
  void classifiesOtherClientErrorsAsPermanent_W6(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.PERMANENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 301, 302, 303, 304, 307, 308})
  void classifiesRedirectsAsPermanent_becauseAScimBaseUrlThatRedirectsIsMisconfigured(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.PERMANENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 412, 429})
  void classifiesTimeoutStaleVersionAndRateLimitAsTransient(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void classifiesServerErrorsAsTransient_retriedRatherThanDroppedLikeAuthentik_W6(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {505, 507, 509, 599})
  void classifiesOther5xxAsTransient(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 410})
  void classifiesNotFoundAndGoneAsGone(int status) {
    assertThat(received(status)).isEqualTo(ReplyClass.GONE);
  }

  @Test
  void classifies409AsConflict() {
    assertThat(received(409)).isEqualTo(ReplyClass.CONFLICT);
  }

  @Test
  void classifiesByStatus_whateverTheBodySays() {
    // Sentry answers 409 without scimType; a body claiming another status does not matter
    assertThat(ReplyClassifier.classify(Received.of(409, java.util.Map.of("status", "400"))))
        .isEqualTo(ReplyClass.CONFLICT);
    assertThat(ReplyClassifier.classify(Received.of(400, java.util.Map.of("scimType", "uniqueness"))))
        .isEqualTo(ReplyClass.PERMANENT);
  }

  @Test
  void classify_agreesWithByStatus_forEveryReceivedStatus() {
    IntStream.rangeClosed(100, 599).forEach(status ->
        assertThat(received(status)).as("status %d", status).isEqualTo(ReplyClassifier.byStatus(status)));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204})
  void classifiesAnUnreadable2xxAsPermanent_becauseTheSameRequestWillGetTheSameBody(int status) {
    assertThat(ReplyClassifier.classify(new Unreadable(status, "text/html", "not JSON")))
        .isEqualTo(ReplyClass.PERMANENT);
  }

  @Test
  void classifiesAnUnreadable503AsTransient_aProxyErrorPageIsStillA503() {
    assertThat(ReplyClassifier.classify(new Unreadable(503, "text/html", "not JSON")))
        .isEqualTo(ReplyClass.TRANSIENT);
  }

  @Test
  void classifiesOtherUnreadableRepliesByTheirStatus() {
    assertThat(ReplyClassifier.classify(new Unreadable(502, "text/html", "not JSON")))
        .isEqualTo(ReplyClass.TRANSIENT);
    assertThat(ReplyClassifier.classify(new Unreadable(404, "text/html", "not JSON")))
        .isEqualTo(ReplyClass.GONE);
    assertThat(ReplyClassifier.classify(new Unreadable(401, "text/plain", "not JSON")))
        .isEqualTo(ReplyClass.PERMANENT);
  }

  @ParameterizedTest
  @EnumSource(NotDelivered.Cause.class)
  void classifiesARequestWithoutReplyAsTransient(NotDelivered.Cause cause) {
    assertThat(ReplyClassifier.classify(new NotDelivered(cause, "connection refused")))
        .isEqualTo(ReplyClass.TRANSIENT);
  }

  @Test
  void classifiesARequestWithheldByDryRunAsDryRun() {
    assertThat(ReplyClassifier.classify(new WithheldByDryRun())).isEqualTo(ReplyClass.DRY_RUN);
  }

  @ParameterizedTest
  @ValueSource(ints = {405, 501})
  void methodUnsupported_is405Or501_readOrUnreadable(int status) {
    assertThat(ReplyClassifier.methodUnsupported(Received.of(status))).isTrue();
    assertThat(ReplyClassifier.methodUnsupported(new Unreadable(status, "text/html", "not JSON"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 400, 401, 403, 404, 409, 500, 502, 503})
  void methodUnsupported_isFalseForOtherStatuses_soA401OrA500NeverTriggersThePatchFallback_W6(int status) {
    assertThat(ReplyClassifier.methodUnsupported(Received.of(status))).isFalse();
    assertThat(ReplyClassifier.methodUnsupported(new Unreadable(status, "text/html", "x"))).isFalse();
  }

  @Test
  void methodUnsupported_isFalseWithoutAReply() {
    assertThat(ReplyClassifier.methodUnsupported(
        new NotDelivered(NotDelivered.Cause.TIMEOUT, "no response within 30s"))).isFalse();
    assertThat(ReplyClassifier.methodUnsupported(new WithheldByDryRun())).isFalse();
  }
}
