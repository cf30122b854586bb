package io.scimsync.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Real HTTP against the routes: one actor system per test class, a fresh backend and server (on
 * a free port) per test, so tests share no state.
 */
abstract class AdminApiTestBase {
  static final String TOKEN = "admin-token-7f3a9c";
  static final ObjectMapper JSON = new ObjectMapper();

  private static ActorTestKit testKit;
  private static HttpClient http;

  InMemoryAdminBackend backend;
  AdminServer server;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startServer() {
    backend = new InMemoryAdminBackend();
    server = AdminServer.start(testKit.system(), "127.0.0.1", 0,
        AdminRoutes.create(backend, TOKEN));
  }

  @AfterEach
  void stopServer() {
    server.stop();
  }

  static ActorTestKit testKit() {
    return testKit;
  }

  /** A path segment, percent-encoded as a client would send it. */
  static String seg(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path))
        .timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An authorized call with a JSON body (null for none). */
  HttpResponse<String> call(String method, String path, String body) {
    HttpRequest.Builder builder = request(path).header("Authorization", "Bearer " + TOKEN);
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return send(builder.build());
  }

  HttpResponse<String> get(String path) {
    return call("GET", path, null);
  }

  HttpResponse<String> put(String path, String body) {
    return call("PUT", path, body);
  }

  HttpResponse<String> post(String path, String body) {
    return call("POST", path, body);
  }

  HttpResponse<String> delete(String path) {
    return call("DELETE", path, null);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /** A 400 whose JSON body names {@code field}; returns the error text. */
  static String assertBadRequest(HttpResponse<String> response, String field) {
    assertThat(response.statusCode())
        .as("status of %s", response.body()).isEqualTo(400);
    assertJsonType(response);
    JsonNode body = json(response);
    assertThat(body.path("field").asText())
        .as("field of %s", response.body()).isEqualTo(field);
    assertThat(body.path("error").asText()).isNotBlank();
    return body.path("error").asText();
  }

  static void assertJsonType(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json");
  }

  /** Single quotes for double, to keep JSON literals in tests readable. */
  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
