package io.scimsync.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void showsRequestsPerEndpointTimeAndRemoteGroups() throws Exception {
    Map<String, Long> requests = new LinkedHashMap<>();
    requests.put("GET /ServiceProviderConfig", 1L);
    requests.put("POST /Users", 50L);
    requests.put("POST /Groups", 6L);
    requests.put("PATCH /Groups/{id}", 6L);
    var status = json.readTree("""
        {"pending": 0, "inFlight": 0, "synced": {"users": 50, "groups": 6}, "failed": []}""");
    var state = json.readTree("""
        {"users": [{"id": "1"}, {"id": "2"}],
         "groups": [{"displayName": "Sales", "members": [{"value": "1"}]},
                    {"displayName": "R&D \\"Labs\\"", "members": [{"value": "1"}, {"value": "2"}]},
                    {"displayName": "admins", "members": []}]}""");

    String summary = DemoSummary.render(Duration.ofMillis(1850), status, requests, state);

    assertThat(summary).isEqualTo("""
        converged in 1.9 s: 50 users and 6 groups synced, 0 failed

        requests the SCIM server received (63):
          GET    /ServiceProviderConfig     1
          POST   /Users                    50
          POST   /Groups                    6
          PATCH  /Groups/{id}               6

        remote groups (3), 2 remote users:
          admins       0 members
          R&D "Labs"   2 members
          Sales        1 member
        """);
  }

  @Test
  void listsFailures() throws Exception {
    var status = json.readTree("""
        {"pending": 0, "inFlight": 0, "synced": {"users": 49, "groups": 6},
         "failed": [{"kind": "user", "id": "u04", "error": "400 invalidValue"}]}""");

    String summary = DemoSummary.render(Duration.ofSeconds(2), status, Map.of(),
        json.readTree("{}"));

    assertThat(summary).contains("1 failed").contains("  failed user 'u04': 400 invalidValue");
  }
}
