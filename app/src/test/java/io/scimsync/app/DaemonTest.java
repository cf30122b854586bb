package io.scimsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimsync.adapters.persistence.TestDatabase;
import io.scimsync.app.config.AppConfig;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.store.ResourceStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled daemon on real PostgreSQL, driven only through its admin API over HTTP, against
 * a scim-testkit server: what a user's curl session does.
 */
class DaemonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ActorTestKit WAIT = ActorTestKit.create();
  private TestDatabase db;
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  Path dataDir;
  private FakeScimServer target;
  private Daemon daemon;

  @AfterAll
  static void shutdown() {
    WAIT.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    db = TestDatabase.create();
    target = FakeScimServer.builder().profile(ServerProfile.RFC).token("remote-secret-token")
        .start();
    daemon = Daemon.start(config());
  }

  private AppConfig config() {
    return AppConfig.defaults(dataDir).withAdminPort(0)
        .withDatabaseUrl(Optional.of(db.jdbcUrl()))
        .withTimings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(100),
            Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() {
    daemon.close();
    target.stop();
    db.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(daemon.adminUrl() + path))
        .header("Authorization", "Bearer " + daemon.adminToken())
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitConverged(String provider) {
    return WAIT.createTestProbe().awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(50),
        () -> {
          JsonNode status = JSON.readTree(call("GET", "/api/v1/providers/" + provider + "/status",
              null).body());
          assertThat(status.get("pending").asLong()).as("pending in %s", status).isZero();
          assertThat(status.get("inFlight").asInt()).isZero();
          return status;
        });
  }

  private String addProvider() throws Exception {
    return call("PUT", "/api/v1/providers/acme", "{\"baseUrl\": \"" + target.baseUrl()
        + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"remote-secret-token\"}}").body();
  }

  @Test
  void syncsTheDirectory_keepsItInSync_andRestartsFromTheDatabase() throws Exception {
    assertThat(call("PUT", "/api/v1/users/u1", "{\"userName\": \"ada\", \"givenName\": \"Ada\","
        + " \"familyName\": \"Lovelace\", \"email\": \"ada@example.com\"}").statusCode())
        .isEqualTo(201);
    call("PUT", "/api/v1/users/u2", "{\"userName\": \"o'brien\", \"displayName\": "
        + "\"Robert \\\"Bob\\\" O'Brien\"}");
    call("PUT", "/api/v1/users/u3", "{\"userName\": \"grace\"}");
    assertThat(call("PUT", "/api/v1/groups/eng", "{\"name\": \"R&D \\\"Labs\\\"\", "
        + "\"members\": [\"u1\", \"u2\"]}").statusCode()).isEqualTo(201);
    String provider = addProvider();
    assertThat(provider).doesNotContain("remote-secret-token");

    JsonNode status = awaitConverged("acme");
    assertThat(status.get("synced").get("users").asLong()).isEqualTo(3);
    assertThat(status.get("synced").get("groups").asLong()).isEqualTo(1);
    assertThat(target.store().size(ResourceStore.Kind.USERS)).isEqualTo(3);
    JsonNode group = target.store().list(ResourceStore.Kind.GROUPS,
        io.scimsync.testkit.store.ListQuery.all()).resources().get(0);
    assertThat(group.get("displayName").asText()).isEqualTo("R&D \"Labs\"");
    assertThat(group.get("members")).hasSize(2);

    target.recorder().reset();
    assertThat(call("POST", "/api/v1/groups/eng/members",
        "{\"add\": [\"u3\"], \"remove\": [\"u1\"]}").statusCode()).isEqualTo(200);
    awaitConverged("acme");
    assertThat(target.recorder().counters()).containsOnlyKeys("PATCH /Groups/{id}");
    assertThat(call("DELETE", "/api/v1/users/u2", null).statusCode()).isEqualTo(204);
    awaitConverged("acme");
    assertThat(target.store().size(ResourceStore.Kind.USERS)).isEqualTo(2);

    JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(
        URI.create(daemon.adminUrl() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertThat(health.get("status").asText()).isEqualTo("ok");
    String metrics = http.send(HttpRequest.newBuilder(URI.create(daemon.adminUrl() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("scimsync_scim_requests_total{method=\"POST\",provider=\"acme\"")
        .contains("scimsync_pending{provider=\"acme\"}").doesNotContain("remote-secret-token");

    // a new daemon on the same data: the provider comes back with its secret; nothing to send
    daemon.close();
    target.recorder().reset();
    daemon = Daemon.start(config());
    call("PUT", "/api/v1/users/u4", "{\"userName\": \"linus\"}");
    awaitConverged("acme");
    assertThat(target.recorder().counters()).containsOnlyKeys("GET /ServiceProviderConfig",
        "POST /Users");
  }

  @Test
  void reconcileAdoptsWhatTheTargetAlreadyHas_andPlanListsWithoutSending() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode existing = JSON.createObjectNode();
    existing.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
    existing.put("userName", "ada");
    String remoteAda = target.store().create(ResourceStore.Kind.USERS, existing).get("id")
        .asText();
    call("PUT", "/api/v1/users/u1", "{\"userName\": \"ada\"}");
    addProvider();
    awaitConverged("acme");
    // created as a POST, answered 409, adopted by exact userName
    assertThat(target.store().size(ResourceStore.Kind.USERS)).isEqualTo(1);

    // drift: the remote user disappears behind our back; a plan shows the repair, sends nothing
    target.store().delete(ResourceStore.Kind.USERS, remoteAda, Optional.empty());
    target.recorder().reset();
    JsonNode plan = JSON.readTree(call("GET", "/api/v1/providers/acme/plan", null).body());
    assertThat(plan.get("requests")).singleElement().satisfies(r -> {
      assertThat(r.get("method").asText()).isEqualTo("POST");
      assertThat(r.get("path").asText()).isEqualTo("/Users");
      assertThat(r.get("object").asText()).isEqualTo("user 'u1'");
    });
    assertThat(target.recorder().counters().keySet()).allSatisfy(k -> assertThat(k)
        .startsWith("GET"));

    HttpResponse<String> accepted = call("POST", "/api/v1/providers/acme/reconcile", null);
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode status = WAIT.createTestProbe().awaitAssert(Duration.ofSeconds(60),
        Duration.ofMillis(50), () -> {
          JsonNode s = JSON.readTree(call("GET", "/api/v1/providers/acme/status", null).body());
          assertThat(s.get("reconciling").asBoolean()).isFalse();
          assertThat(s.get("lastReconcile").get("finishedAt").isNull()).isFalse();
          return s;
        });
    assertThat(status.get("pending").asLong()).isZero();
    assertThat(status.get("lastReconcile").get("counts").get("created").asInt()).isEqualTo(1);
    assertThat(target.store().size(ResourceStore.Kind.USERS)).isEqualTo(1);
  }

  @Test
  void planOfAnUnreachableTarget_saysSo_insteadOfTimingOut() throws Exception {
    call("PUT", "/api/v1/users/u1", "{\"userName\": \"ada\"}");
    addProvider();
    awaitConverged("acme");
    target.stop();

    HttpResponse<String> reply = call("GET", "/api/v1/providers/acme/plan", null);

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(reply.body()).get("error").asText())
        .contains("could not be read");
  }

  @Test
  void generatesAnOwnerOnlyAdminToken_andRefusesCallsWithoutIt() throws Exception {
    Path tokenFile = daemon.adminTokenFile().orElseThrow();
    assertThat(Files.readString(tokenFile).trim()).isEqualTo(daemon.adminToken());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("rw-------");
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
        URI.create(daemon.adminUrl() + "/api/v1/users/u1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    HttpResponse<String> missing = call("PUT", "/api/v1/providers/x", "{\"baseUrl\": "
        + "\"https://x.example/scim/v2\", \"auth\": {\"type\": \"bearer\"}}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("auth.token");
    HttpResponse<String> unmappable = call("PUT", "/api/v1/users/u9", "{\"userName\": \"x\", "
        + "\"attributes\": {\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": "
        + "{\"manager\": \"bob\"}}}");
    assertThat(unmappable.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unmappable.body()).get("field").asText()).isEqualTo("attributes");
  }
}
