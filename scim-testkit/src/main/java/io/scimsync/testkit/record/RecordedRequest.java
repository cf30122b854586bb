package io.scimsync.testkit.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the fake server answered, as the {@link Recorder} stored it: secrets already
 * redacted (see {@link Redaction}), so it is safe to print or dump.
 *
 * @param sequence position in arrival order, unique per recorder, starting at 1 and never reused
 * @param receivedAt when the request arrived
 * @param path the request path without the query string
 * @param query decoded query parameters in the order received; a repeated name keeps its first value
 * @param headers header values by name, names as the client spelled them first, in arrival order
 * @param body the body as received ({@code ""} when none), secrets redacted; very long bodies are
 *     cut (see {@link Recorder})
 * @param status the status answered, or 0 when no response was sent (dropped connection)
 * @param duration from arrival to the end of the answer
 * @param fault the injected fault that answered or delayed the request, in the syntax of
 *     {@code FaultAction.spec()} (e.g. {@code "status=503"}); empty when none
 */
public record RecordedRequest(
    long sequence,
    Instant receivedAt,
    String method,
    String path,
    Map<String, String> query,
    Map<String, List<String>> headers,
    String body,
    int status,
    Duration duration,
    Optional<String> fault) {

  public RecordedRequest {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(fault, "fault");
    if (status != 0 && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("status must be 0 (no response) or 100..599, got " + status);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    }
    // Map.copyOf would lose the order, which is part of what was received
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
    body = body == null ? "" : body;
  }

  /** The values of header {@code name}, matched case-insensitively; empty when absent. */
  public List<String> headerValues(String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return List.of();
  }

  /** The first value of header {@code name}, matched case-insensitively. */
  public Optional<String> header(String name) {
    return headerValues(name).stream().findFirst();
  }

  /**
   * This request as JSON: {@code sequence, receivedAt} (ISO-8601), {@code method, path, query}
   * (object), {@code headers} (object of arrays), {@code body} (string), {@code status},
   * {@code durationMillis} (decimal) and {@code fault} (string or null).
   */
  public ObjectNode toJson() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode node = json.objectNode();
    node.put("sequence", sequence);
    node.put("receivedAt", receivedAt.toString());
    node.put("method", method);
    node.put("path", path);
    ObjectNode queryNode = node.putObject("query");
    query.forEach(queryNode::put);
    ObjectNode headersNode = node.putObject("headers");
    headers.forEach((name, values) -> {
      ArrayNode array = headersNode.putArray(name);
      values.forEach(array::add);
    });
    node.put("body", body);
    node.put("status", status);
    node.put("durationMillis", duration.toNanos() / 1_000_000.0);
    node.put("fault", fault.orElse(null));
    return node;
  }
}
