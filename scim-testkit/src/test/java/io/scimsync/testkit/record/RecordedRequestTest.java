package io.scimsync.testkit.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordedRequestTest {

  private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

  @Test
  void rendersEveryFieldAsJson() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("filter", "userName eq \"a\"");
    query.put("count", "10");
    RecordedRequest request = new RecordedRequest(7, AT, "GET", "/Users", query,
        Map.of("Accept", List.of("application/scim+json")), "", 503,
        Duration.ofNanos(12_500_000), Optional.of("status=503"));

    ObjectNode json = request.toJson();

    assertThat(json.toString()).isEqualTo("{\"sequence\":7,\"receivedAt\":\"2026-01-02T03:04:05.678Z\","
        + "\"method\":\"GET\",\"path\":\"/Users\","
        + "\"query\":{\"filter\":\"userName eq \\\"a\\\"\",\"count\":\"10\"},"
        + "\"headers\":{\"Accept\":[\"application/scim+json\"]},\"body\":\"\",\"status\":503,"
        + "\"durationMillis\":12.5,\"fault\":\"status=503\"}");
  }

  @Test
  void rendersMissingFaultAsNull() {
    RecordedRequest request = new RecordedRequest(1, AT, "GET", "/Users", Map.of(), Map.of(), null,
        200, Duration.ZERO, Optional.empty());

    assertThat(request.toJson().get("fault").isNull()).isTrue();
    assertThat(request.body()).isEmpty();
  }

  @Test
  void copiesCollections_keepingTheirOrder() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("z", "1");
    query.put("a", "2");
    List<String> values = new ArrayList<>(List.of("x"));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-B", values);
    headers.put("X-A", List.of("y"));
    RecordedRequest request = new RecordedRequest(1, AT, "GET", "/Users", query, headers, "", 200,
        Duration.ZERO, Optional.empty());

    query.put("later", "3");
    values.add("later");

    assertThat(request.query().keySet()).containsExactly("z", "a");
    assertThat(request.headers().keySet()).containsExactly("X-B", "X-A");
    assertThat(request.headers().get("X-B")).containsExactly("x");
    assertThatThrownBy(() -> request.query().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void findsHeadersCaseInsensitively() {
    RecordedRequest request = new RecordedRequest(1, AT, "GET", "/Users", Map.of(),
        Map.of("If-Match", List.of("W/\"1\"", "W/\"2\"")), "", 200, Duration.ZERO, Optional.empty());

    assertThat(request.header("if-match")).contains("W/\"1\"");
    assertThat(request.headerValues("IF-MATCH")).containsExactly("W/\"1\"", "W/\"2\"");
    assertThat(request.header("Accept")).isEmpty();
  }

  @Test
  void acceptsStatusZero_forADroppedConnection() {
    RecordedRequest request = new RecordedRequest(1, AT, "POST", "/Users", Map.of(), Map.of(), "", 0,
        Duration.ZERO, Optional.of("drop"));

    assertThat(request.status()).isZero();
  }

  @Test
  void rejectsImpossibleValues() {
    assertThatThrownBy(() -> new RecordedRequest(1, AT, "GET", "/Users", Map.of(), Map.of(), "", 42,
        Duration.ZERO, Optional.empty())).hasMessageContaining("status must be 0");
    assertThatThrownBy(() -> new RecordedRequest(1, AT, "GET", "/Users", Map.of(), Map.of(), "", 200,
        Duration.ofMillis(-1), Optional.empty())).hasMessageContaining("duration must not be negative");
  }
}
