package io.scimsync.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class AdminRoutesProtocolTest extends AdminApiTestBase {

  // ---- authentication

  @Test
  void apiCalls_withoutAToken_answer401WithABearerChallenge() {
    HttpResponse<String> response = send(request("/api/v1/users/u1").GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertJsonType(response);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
        assertThat(v).startsWith("Bearer"));
    assertThat(json(response).path("error").asText()).isNotBlank();
  }

  @Test
  void apiCalls_withAWrongToken_answer401_withoutRepeatingTheToken() {
    String presented = "guessed-token-0c8e55";
    HttpResponse<String> response = send(request("/api/v1/users/u1")
        .header("Authorization", "Bearer " + presented).GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain(presented);
    assertThat(response.headers().allValues("WWW-Authenticate").toString())
        .contains("Bearer").contains("invalid_token").doesNotContain(presented);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic YWRtaW46YWRtaW4=", "Bearer", "bearer admin-token-7f3a9",
      "Bearer admin-token-7f3a9c0", "Token admin-token-7f3a9c"})
  void apiCalls_withAnythingButTheBearerToken_answer401(String authorization) {
    HttpResponse<String> response = send(request("/api/v1/providers/acme/status")
        .header("Authorization", authorization).GET().build());
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void theBearerScheme_isCaseInsensitive() {
    HttpResponse<String> response = send(request("/api/v1/users/u1")
        .header("Authorization", "bearer " + TOKEN).GET().build());
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void writes_withoutAToken_changeNothing() {
    HttpResponse<String> response = send(request("/api/v1/users/u1")
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(j("{'userName': 'a'}"))).build());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(backend.store.findUser("u1")).isEmpty();
  }

  @Test
  void unknownApiPaths_needTheTokenToo() {
    assertThat(send(request("/api/v2/whatever").GET().build()).statusCode()).isEqualTo(401);
    assertThat(send(request("/api").GET().build()).statusCode()).isEqualTo(401);
  }

  // ---- unauthenticated endpoints

  @Test
  void healthz_answers200WithoutAToken_whenTheDatabaseIsUp() {
    put("/api/v1/providers/acme", j("{'baseUrl': 'https://x/scim', 'auth': {'type': 'none'}}"));

    HttpResponse<String> response = send(request("/healthz").GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertJsonType(response);
    assertThat(response.body()).isEqualTo(
        j("{'status':'ok','database':'ok','providers':{'acme':'ok'}}"));
  }

  @Test
  void healthz_answers503_whenTheDatabaseIsDown() {
    backend.databaseUp(false);

    HttpResponse<String> response = send(request("/healthz").GET().build());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).path("status").asText()).isEqualTo("unavailable");
  }

  @Test
  void healthz_answers503_whenTheHealthCheckItselfFails() {
    backend.failWith(new IllegalStateException("pool exhausted at db-7.internal"));

    HttpResponse<String> response = send(request("/healthz").GET().build());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).doesNotContain("db-7.internal");
  }

  @Test
  void metrics_answersPrometheusTextWithoutAToken() {
    HttpResponse<String> response = send(request("/metrics").GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type.toLowerCase()).startsWith("text/plain").contains("version=0.0.4")
            .contains("charset=utf-8"));
    assertThat(response.body()).isEqualTo(InMemoryAdminBackend.METRICS);
  }

  // ---- routing

  @Test
  void unknownPaths_answer404Json() {
    HttpResponse<String> outside = send(request("/nothing/here").GET().build());
    assertThat(outside.statusCode()).isEqualTo(404);
    assertJsonType(outside);
    assertThat(json(outside).path("error").asText()).contains("/nothing/here");

    for (String path : new String[] {"/api/v1/widgets/1", "/api/v1/users", "/api/v1/users/",
        "/api/v1/users/u1/extra", "/api/v1/groups/g1/owners", "/apis"}) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertJsonType(response);
    }
  }

  @Test
  void wrongMethods_answer405JsonWithAllow() {
    HttpResponse<String> patch = call("PATCH", "/api/v1/users/u1", j("{'userName': 'a'}"));
    assertThat(patch.statusCode()).isEqualTo(405);
    assertJsonType(patch);
    assertThat(patch.headers().firstValue("Allow")).hasValue("PUT, GET, DELETE");
    assertThat(json(patch).path("error").asText()).contains("PATCH");

    assertThat(get("/api/v1/groups/g1/members").statusCode()).isEqualTo(405);
    assertThat(get("/api/v1/providers/acme/reconcile").statusCode()).isEqualTo(405);
    assertThat(post("/api/v1/providers/acme/plan", null).statusCode()).isEqualTo(405);
    HttpResponse<String> postHealth = send(request("/healthz")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(postHealth.statusCode()).isEqualTo(405);
    assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET");
  }

  // ---- bodies

  @ParameterizedTest
  @ValueSource(strings = {"{'userName': ", "not json", "['a']", "'text'", "null", "",
      "{'userName': 'a'} {}"})
  void bodies_thatAreNotOneJsonObject_answer400OnBody(String body) {
    String error = assertBadRequest(put("/api/v1/users/u1", j(body)), "body");
    assertThat(error).startsWith("request body is not a JSON object: ");
  }

  @Test
  void bodies_withARepeatedKey_answer400OnBody() {
    String error = assertBadRequest(put("/api/v1/users/u1",
        j("{'userName': 'a', 'userName': 'b'}")), "body");
    assertThat(error).contains("userName");
  }

  @Test
  void scimJsonAndMissingContentTypes_areAccepted() {
    HttpResponse<String> scim = send(request("/api/v1/users/u1")
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/scim+json")
        .PUT(HttpRequest.BodyPublishers.ofString(j("{'userName': 'a'}"))).build());
    assertThat(scim.statusCode()).as(scim.body()).isEqualTo(201);

    HttpResponse<String> untyped = send(request("/api/v1/users/u2")
        .header("Authorization", "Bearer " + TOKEN)
        .PUT(HttpRequest.BodyPublishers.ofString(j("{'userName': 'b'}"))).build());
    assertThat(untyped.statusCode()).as(untyped.body()).isEqualTo(201);

    HttpResponse<String> withCharset = send(request("/api/v1/users/u3")
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json; charset=utf-8")
        .PUT(HttpRequest.BodyPublishers.ofString(j("{'userName': 'c'}"))).build());
    assertThat(withCharset.statusCode()).as(withCharset.body()).isEqualTo(201);
  }

  @Test
  void otherContentTypes_answer415() {
    HttpResponse<String> response = send(request("/api/v1/users/u1")
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString(j("{'userName': 'a'}"))).build());
    assertThat(response.statusCode()).isEqualTo(415);
    assertJsonType(response);
    assertThat(backend.store.findUser("u1")).isEmpty();
  }

  @Test
  void bodiesOverOneMebibyte_answer413() throws IOException {
    // a raw socket that announces the size and sends none of it: the answer must not depend
    // on reading the body, and an unread body would make the server reset the connection
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /api/v1/users/u1 HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + (AdminRoutes.MAX_BODY_BYTES + 1) + "\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readHead(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413").contains("Content-Type: application/json");
    }
    assertThat(backend.store.findUser("u1")).isEmpty();
  }

  @Test
  void bodiesOfExactlyOneMebibyte_areRead() {
    String prefix = j("{'userName': 'a', 'attributes': {'pad': '");
    String suffix = j("'}}");
    String padding = "x".repeat((int) AdminRoutes.MAX_BODY_BYTES - prefix.length()
        - suffix.length());
    HttpResponse<String> response = put("/api/v1/users/u1", prefix + padding + suffix);
    assertThat(response.statusCode()).isEqualTo(201);
  }

  /** The status line and headers, up to the blank line. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.endsWith("\r\n\r\n")) {
        return text;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  // ---- failures

  @Test
  void backendFailures_answer500WithoutTheMessage_andAreLogged() {
    String secret = "jdbc:postgresql://db.internal/scimsync?password=hunter2";
    backend.failWith(new IllegalStateException(secret));
    Logger logger = (Logger) LoggerFactory.getLogger(AdminRoutes.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      HttpResponse<String> response = get("/api/v1/users/u1");

      assertThat(response.statusCode()).isEqualTo(500);
      assertJsonType(response);
      assertThat(response.body())
          .isEqualTo("{\"error\":\"internal error; see the daemon's log\"}");
      assertThat(response.body()).doesNotContain("hunter2").doesNotContain("db.internal");
      assertThat(appender.list).anySatisfy(event -> {
        assertThat(event.getFormattedMessage()).contains("GET /api/v1/users/u1");
        assertThat(event.getThrowableProxy().getMessage()).isEqualTo(secret);
      });
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void aBackendThatThrowsInsteadOfFailingItsStage_answers500() {
    backend.throwWith(new IllegalStateException("boom at 10.0.0.7"));

    HttpResponse<String> put = put("/api/v1/users/u1", j("{'userName': 'a'}"));
    HttpResponse<String> metrics = send(request("/metrics").GET().build());

    assertThat(put.statusCode()).isEqualTo(500);
    assertThat(put.body()).doesNotContain("10.0.0.7");
    assertThat(metrics.statusCode()).isEqualTo(500);
    assertThat(metrics.body()).doesNotContain("10.0.0.7");
    assertJsonType(metrics);
  }

  @Test
  void backendFieldErrors_wrappedInACompletionException_answer400() {
    backend.failWith(new io.scimsync.app.InvalidFieldException("userName",
        "is taken by user 'u7'"));

    HttpResponse<String> response = put("/api/v1/users/u1", j("{'userName': 'a'}"));

    String error = assertBadRequest(response, "userName");
    assertThat(error).isEqualTo("is taken by user 'u7'");
  }
}
