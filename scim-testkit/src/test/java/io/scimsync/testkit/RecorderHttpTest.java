package io.scimsync.testkit;

import static io.scimsync.testkit.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.testkit.record.RecordedRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The recorder and the state dump, as seen through real requests. */
class RecorderHttpTest {

  @Test
  void recordsEveryRequestInOrder_withSecretsRedacted() {
    try (FakeScimServer server = FakeScimServer.builder().token("t0ps3cret").start()) {
      ScimClient scim = new ScimClient(server.baseUrl(), Optional.of("t0ps3cret"));
      String id = scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
          + "\"userName\":\"alice\",\"password\":\"hunter2\"}").json().get("id").asText();
      scim.get("/Users/" + id + "?attributes=userName");
      scim.delete("/Users/" + id);

      List<RecordedRequest> requests = server.requests();
      assertThat(requests).extracting(RecordedRequest::method).containsExactly("POST", "GET", "DELETE");
      assertThat(requests).extracting(RecordedRequest::status).containsExactly(201, 200, 204);
      assertThat(requests.get(1).path()).isEqualTo("/Users/" + id);
      assertThat(requests.get(1).query()).containsEntry("attributes", "userName");
      assertThat(requests.get(0).duration()).isPositive();
      assertThat(requests.get(0).headers()).containsKey("Authorization")
          .doesNotContainKey("Timeout-Access");
      String everything = server.recorder().toJson().toString();
      assertThat(everything).doesNotContain("t0ps3cret").doesNotContain("hunter2")
          .contains("Bearer [REDACTED]");
    }
  }

  @Test
  void countsRequestsPerEndpoint() {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.RFC)) {
      ScimClient scim = new ScimClient(server.baseUrl());
      String a = scim.post("/Users", user("a")).json().get("id").asText();
      String b = scim.post("/Users", user("b")).json().get("id").asText();
      scim.get("/Users/" + a);
      scim.get("/Users/" + b);

      assertThat(server.recorder().count("POST", "/Users")).isEqualTo(2);
      assertThat(server.recorder().count("GET", "/Users/{id}")).isEqualTo(2);
    }
  }

  @Test
  void dumpsTheState_withGroupsAndTheirMembers_andResetsToEmpty() {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.AWS)) {
      ScimClient scim = new ScimClient(server.baseUrl());
      String alice = scim.post("/Users", user("alice")).json().get("id").asText();
      scim.post("/Groups", ScimClient.group("Eng", alice));

      // AWS hides members on GET; the state dump shows the truth
      assertThat(server.state().at("/groups/0/members/0/value").asText()).isEqualTo(alice);
      assertThat(server.state().get("users")).hasSize(1);

      server.reset();
      assertThat(server.state().get("users")).isEmpty();
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void servesRecordingsAndStateOnTheControlEndpoints() {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.RFC)) {
      ScimClient scim = new ScimClient(server.baseUrl());
      ScimClient control = new ScimClient(server.baseUrl().replace("/scim/v2", ""));
      scim.post("/Users", user("alice"));

      assertThat(control.get("/_testkit/requests").json()).hasSize(1);
      assertThat(control.get("/_testkit/state").json().get("users")).hasSize(1);
      assertThat(control.post("/_testkit/reset", "").status()).isEqualTo(204);
      assertThat(control.get("/_testkit/state").json().get("users")).isEmpty();
      assertThat(control.get("/_testkit/requests").json()).isEmpty();
    }
  }
}
