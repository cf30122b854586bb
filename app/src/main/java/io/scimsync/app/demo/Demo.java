package io.scimsync.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.app.Daemon;
import io.scimsync.app.config.AppConfig;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.record.RecordedRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code scimsync demo}: an embedded PostgreSQL, an in-process fake SCIM server, and the
 * {@link SampleDirectory} written through the admin HTTP API, exactly as a user would, then a
 * provider pointing at the fake server; it waits until the provider has converged and shows what
 * the SCIM server received.
 */
public final class Demo implements AutoCloseable {
  public static final String PROVIDER = "demo";
  static final Duration DEADLINE = Duration.ofSeconds(120);
  static final Duration POLL = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final Path dataDir;
  private final FakeScimServer fake;
  private final String fakeToken;
  private final Daemon daemon;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Demo(PrintWriter out, Path dataDir, FakeScimServer fake, String fakeToken,
               Daemon daemon) {
    this.out = out;
    this.dataDir = dataDir;
    this.fake = fake;
    this.fakeToken = fakeToken;
    this.daemon = daemon;
  }

  /** Starts the fake SCIM server and the daemon, with its embedded database in {@code dataDir}. */
  public static Demo start(Path dataDir, PrintWriter out) {
    Objects.requireNonNull(out, "out");
    String token = randomToken();
    FakeScimServer fake = FakeScimServer.builder().profile(ServerProfile.RFC).token(token).start();
    try {
      // short poll and retry delays: a demo should converge in seconds, not wait on defaults
      AppConfig config = AppConfig.defaults(dataDir).withAdminPort(0)
          .withTimings(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofMillis(200),
              Duration.ofSeconds(5));
      Daemon daemon = Daemon.start(config);
      return new Demo(out, dataDir, fake, token, daemon);
    } catch (RuntimeException e) {
      fake.stop();
      throw e;
    }
  }

  /**
   * Writes the sample directory, adds the provider, waits for convergence and prints the
   * summary.
   *
   * @return true when the provider converged before the deadline
   */
  public boolean run() throws InterruptedException {
    List<SampleDirectory.User> users = SampleDirectory.users();
    List<SampleDirectory.Group> groups = SampleDirectory.groups();
    for (SampleDirectory.User user : users) {
      ObjectNode body = JSON.createObjectNode();
      body.put("userName", user.userName());
      body.put("displayName", user.displayName());
      body.put("givenName", user.givenName());
      body.put("familyName", user.familyName());
      body.put("email", user.email());
      body.put("active", true);
      call("PUT", "/api/v1/users/" + user.id(), body);
    }
    for (SampleDirectory.Group group : groups) {
      ObjectNode body = JSON.createObjectNode();
      body.put("name", group.name());
      group.members().forEach(body.putArray("members")::add);
      call("PUT", "/api/v1/groups/" + group.id(), body);
    }
    out.printf("directory: %d users and %d groups written through the admin API%n",
        users.size(), groups.size());
    ObjectNode provider = JSON.createObjectNode();
    provider.put("baseUrl", fake.baseUrl());
    ObjectNode auth = provider.putObject("auth");
    auth.put("type", "bearer");
    auth.put("token", fakeToken);
    long started = System.nanoTime();
    call("PUT", "/api/v1/providers/" + PROVIDER, provider);
    out.printf("provider '%s': %s (fake SCIM server, profile %s)%n", PROVIDER, fake.baseUrl(),
        fake.profile().name());
    out.flush();

    long deadline = started + DEADLINE.toNanos();
    JsonNode status;
    while (true) {
      status = call("GET", "/api/v1/providers/" + PROVIDER + "/status", null);
      if (status.path("pending").asLong(-1) == 0 && status.path("inFlight").asLong(-1) == 0) {
        break;
      }
      if (System.nanoTime() - deadline >= 0) {
        out.printf("%nno convergence within %d s; the provider's status:%n%s%n",
            DEADLINE.toSeconds(), status.toPrettyString());
        out.flush();
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    out.print(DemoSummary.render(took, status, requestCounts(), fake.state()));
    out.flush();
    return true;
  }

  /** Where to go from here, for {@code --keep}. */
  public void printKeepInfo() {
    String admin = daemon.adminUrl().toString();
    String token = daemon.adminToken();
    URI fakeUrl = URI.create(fake.baseUrl());
    String control = fakeUrl.getScheme() + "://" + fakeUrl.getAuthority() + "/_testkit";
    String auth = "-H 'Authorization: Bearer " + token + "'";
    out.println();
    out.println("The demo keeps running; Ctrl-C stops it.");
    out.println("  admin API        " + admin + "   (token " + token + ")");
    out.println("  fake SCIM server " + fake.baseUrl() + "   (token " + fakeToken + ")");
    out.println("  data directory   " + dataDir + "   (kept after exit)");
    out.println();
    out.println("Try:");
    out.println("  curl -s " + auth + " " + admin + "/api/v1/providers/demo/status");
    out.println("  curl -s -X POST " + auth + " -H 'Content-Type: application/json' \\");
    out.println("       -d '{\"add\": [\"u50\"], \"remove\": [\"u01\"]}' " + admin
        + "/api/v1/groups/admins/members");
    out.println("  curl -s -X PUT " + auth + " -H 'Content-Type: application/json' \\");
    out.println("       -d '{\"userName\": \"new.person\", \"displayName\": \"New Person\"}' "
        + admin + "/api/v1/users/u51");
    out.println("  curl -s -H 'Authorization: Bearer " + fakeToken + "' " + control + "/state");
    out.println("  java -jar scimsync.jar plan --provider demo --admin-url " + admin
        + " --token " + token);
    out.flush();
  }

  /** Stops the daemon, then the fake server. */
  @Override
  public void close() {
    try {
      daemon.close();
    } finally {
      fake.stop();
    }
  }

  /** Requests per method and path template below the base path, in order of first arrival. */
  private Map<String, Long> requestCounts() {
    String basePath = URI.create(fake.baseUrl()).getPath();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (RecordedRequest request : fake.requests()) {
      String path = request.path().startsWith(basePath)
          ? request.path().substring(basePath.length()) : request.path();
      counts.merge(request.method() + " " + io.scimsync.testkit.record.Recorder.endpoint(path),
          1L, Long::sum);
    }
    return counts;
  }

  private JsonNode call(String method, String path, JsonNode body) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(daemon.adminUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + daemon.adminToken())
        .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered HTTP "
          + response.statusCode() + ": " + response.body());
    }
    String text = response.body();
    try {
      return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " answered something that is not "
          + "JSON: " + text, e);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
