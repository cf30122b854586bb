package io.scimsync.testkit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.store.ResourceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints how many simple requests per second the fake server answers here: GET of a user by id,
 * and a filtered list, over keep-alive connections on loopback, after a warm-up. Run with
 * {@code ./mvnw -q -pl scim-testkit -am install -DskipTests && ./mvnw -q -pl scim-testkit
 * exec:java}. The target is at least 10,000 GETs per second, so that the fake server is never the
 * bottleneck of scimsync's own benchmark.
 */
public final class FakeScimServerBenchmark {
  private FakeScimServerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int users = 1_000;
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    long requests = args.length > 1 ? Long.parseLong(args[1]) : 400_000;
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.RFC)) {
      ObjectMapper json = new ObjectMapper();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        ObjectNode user = json.createObjectNode().put("userName", "user" + i)
            .put("displayName", "User " + i).put("active", true);
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        ids.add(server.store().create(ResourceStore.Kind.USERS, user).get("id").asText());
      }
      // the recorder is part of the server under test and stays on
      String baseUrl = server.baseUrl();
      LoadGenerator.run(baseUrl, i -> "/Users/" + ids.get(i % users), connections, 50_000,
          Duration.ofSeconds(20), null);
      server.recorder().reset();

      LoadGenerator.Result byId = LoadGenerator.run(baseUrl, i -> "/Users/" + ids.get(i % users),
          connections, requests, Duration.ofSeconds(30), null);
      LoadGenerator.Result filtered = LoadGenerator.run(baseUrl,
          i -> "/Users?filter=userName%20eq%20%22user" + (i % users) + "%22", connections,
          requests / 10, Duration.ofSeconds(30), null);

      System.out.printf("scim-testkit benchmark: %d users, %d connections, %d cores, %s %s%n",
          users, connections, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name"), System.getProperty("java.version"));
      print("GET /Users/{id}", byId);
      print("GET /Users?filter=userName eq", filtered);
      System.out.printf("target: >= 10000 GETs/s by id: %s%n",
          byId.requestsPerSecond() >= 10_000 ? "met" : "MISSED");
    }
  }

  private static void print(String what, LoadGenerator.Result result) {
    System.out.printf("%-32s %9.0f req/s  %8d requests  %d errors  p50 %d us  p99 %d us  (%.1f s)%n",
        what, result.requestsPerSecond(), result.requests(), result.errors(), result.p50Micros(),
        result.p99Micros(), result.elapsed().toMillis() / 1000.0);
  }
}
