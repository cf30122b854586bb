package io.scimsync.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The admin API as the end-to-end tests drive it: over HTTP, with the bearer token, JSON in and
 * out. Every call fails the test on a transport error; status codes are the caller's to check.
 */
public final class Admin {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  public Admin(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  public record Reply(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  public Reply call(String method, String path, Object body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofMinutes(5))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s
                  : JSON.writeValueAsString(body)));
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Like {@link #call}, failing the test unless the status is 2xx. */
  public JsonNode ok(String method, String path, Object body) {
    Reply reply = call(method, path, body);
    if (reply.status() / 100 != 2) {
      throw new AssertionError(method + " " + path + " answered " + reply.status() + ": "
          + reply.body());
    }
    return reply.body().isEmpty() ? JSON.nullNode() : reply.json();
  }

  public static String id(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonNode putUser(String id, String userName) {
    return putUser(id, Map.of("userName", userName));
  }

  public JsonNode putUser(String id, Map<String, ?> body) {
    return ok("PUT", "/api/v1/users/" + id(id), body);
  }

  public void deleteUser(String id) {
    ok("DELETE", "/api/v1/users/" + id(id), null);
  }

  public JsonNode putGroup(String id, String name, Collection<String> members) {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    ArrayNode array = body.putArray("members");
    members.forEach(array::add);
    return ok("PUT", "/api/v1/groups/" + id(id), body);
  }

  public void deleteGroup(String id) {
    ok("DELETE", "/api/v1/groups/" + id(id), null);
  }

  public JsonNode members(String groupId, Collection<String> add, Collection<String> remove) {
    return ok("POST", "/api/v1/groups/" + id(groupId) + "/members",
        Map.of("add", add, "remove", remove));
  }

  /** A provider with bearer auth; {@code extra} adds or overrides fields. */
  public JsonNode putProvider(String name, String baseUrl, String token, Map<String, ?> extra) {
    ObjectNode body = JSON.createObjectNode().put("baseUrl", baseUrl);
    body.putObject("auth").put("type", token == null ? "none" : "bearer");
    if (token != null) {
      ((ObjectNode) body.get("auth")).put("token", token);
    }
    extra.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
    return ok("PUT", "/api/v1/providers/" + name, body);
  }

  public JsonNode status(String provider) {
    return ok("GET", "/api/v1/providers/" + provider + "/status", null);
  }

  public JsonNode plan(String provider) {
    return ok("GET", "/api/v1/providers/" + provider + "/plan", null);
  }

  public JsonNode reconcile(String provider) {
    return ok("POST", "/api/v1/providers/" + provider + "/reconcile", null);
  }

  /** Polls the status until {@code pending == 0 && inFlight == 0}; fails after the deadline. */
  public JsonNode awaitConverged(String provider, Duration within) {
    return awaitStatus(provider, within, s -> s.get("pending").asLong() == 0
        && s.get("inFlight").asInt() == 0 && !s.get("reconciling").asBoolean());
  }

  /** Polls the status (every 50 ms) until it satisfies {@code done}; fails after the deadline. */
  public JsonNode awaitStatus(String provider, Duration within, Predicate<JsonNode> done) {
    Instant deadline = Instant.now().plus(within);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      Reply reply = call("GET", "/api/v1/providers/" + provider + "/status", null);
      if (reply.status() == 200) {
        last = reply.json();
        if (done.test(last)) {
          return last;
        }
      }
      Waiting.pause(Duration.ofMillis(50));
    }
    throw new AssertionError("provider " + provider + " did not get there within " + within
        + "; last status: " + last);
  }
}
