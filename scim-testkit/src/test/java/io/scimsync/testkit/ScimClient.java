package io.scimsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A deliberately plain SCIM client for the kit's own tests: the JDK's HTTP client, so the server
 * is checked by code that shares nothing with it.
 */
final class ScimClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final Optional<String> token;

  ScimClient(String baseUrl) {
    this(baseUrl, Optional.empty());
  }

  ScimClient(String baseUrl, Optional<String> token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  ScimClient withToken(String value) {
    return new ScimClient(baseUrl, Optional.of(value));
  }

  /** A reply: status, headers and the body parsed as JSON when it is JSON. */
  record Reply(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + raw.body(), e);
      }
    }

    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    String body() {
      return raw.body();
    }
  }

  Reply get(String path) {
    return send("GET", path, null, null);
  }

  Reply post(String path, String body) {
    return send("POST", path, body, null);
  }

  Reply put(String path, String body) {
    return send("PUT", path, body, null);
  }

  Reply patch(String path, String body) {
    return send("PATCH", path, body, null);
  }

  Reply delete(String path) {
    return send("DELETE", path, null, null);
  }

  Reply send(String method, String path, String body, String ifMatch) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/scim+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/scim+json");
    }
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String user(String userName) {
    return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
        + userName + "\",\"displayName\":\"" + userName + "\",\"active\":true}";
  }

  static String group(String displayName, String... memberIds) {
    StringBuilder members = new StringBuilder();
    for (String id : memberIds) {
      members.append(members.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
    }
    return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
        + displayName.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"members\":["
        + members + "]}";
  }

  static String patch(String... operations) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
        + String.join(",", operations) + "]}";
  }
}
