package io.scimsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reconcile and plan against a stand-in for the daemon's admin API. */
class AdminCommandsTest {
  private static final String TOKEN = "good-token";
  private static final String PLAN = """
      {"provider": "acme", "total": 3, "truncated": false, "reads": 4, "requests": [
        {"object": "user 'u1'", "method": "POST", "path": "/Users", "body": {"userName": "a"}},
        {"object": "group 'g1'", "method": "POST", "path": "/Groups", "body": null},
        {"object": "group 'g2'", "method": "PATCH", "path": "/Groups/77", "body": null}]}
      """;

  @TempDir
  Path dir;

  private HttpServer server;
  private String url;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger statusCalls = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    received.add(method + " " + path);
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      send(exchange, 401, "{\"error\": \"missing or wrong admin token\"}");
      return;
    }
    String key = method + " " + path;
    switch (key) {
      case "POST /api/v1/providers/acme/reconcile" ->
          send(exchange, 202, "{\"provider\": \"acme\", \"alreadyRunning\": false}");
      case "POST /api/v1/providers/busy/reconcile", "POST /api/v1/providers/stuck/reconcile" ->
          send(exchange, 202, "{\"provider\": \"busy\", \"alreadyRunning\": true}");
      case "GET /api/v1/providers/acme/status" -> send(exchange, 200,
          statusCalls.incrementAndGet() < 3 ? status(12, 2, true) : status(0, 0, false));
      case "GET /api/v1/providers/stuck/status" -> send(exchange, 200, status(5, 1, true));
      case "GET /api/v1/providers/acme/plan" -> send(exchange, 200, PLAN);
      case "GET /api/v1/providers/calm/plan" -> send(exchange, 200,
          "{\"provider\": \"calm\", \"total\": 0, \"truncated\": false, \"reads\": 7, "
              + "\"requests\": []}");
      case "GET /api/v1/providers/broken/plan" -> send(exchange, 500,
          "{\"error\": \"internal error\"}");
      default -> send(exchange, 404, "{\"error\": \"not found\"}");
    }
  }

  private static String status(long pending, int inFlight, boolean reconciling) {
    return "{\"name\": \"acme\", \"state\": \"running\", \"pending\": " + pending
        + ", \"inFlight\": " + inFlight + ", \"synced\": {\"users\": 50, \"groups\": 6}, "
        + "\"failed\": [{\"kind\": \"group\", \"id\": \"g9\", \"error\": \"400 invalid value\"}], "
        + "\"lastReconcile\": {\"id\": 3, \"counts\": {\"created\": 2, \"updated\": 1}}, "
        + "\"reconciling\": " + reconciling + "}";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private CliRun cli(String... args) {
    return CliRun.run(Map.of(), args);
  }

  @Test
  void reconcileStartsAReconcile() {
    CliRun run = cli("reconcile", "--provider", "acme", "--admin-url", url, "--token", TOKEN);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("reconcile of 'acme' started\n");
    assertThat(received).containsExactly("POST /api/v1/providers/acme/reconcile");
  }

  @Test
  void reconcileSaysSo_whenItJoinsARunningReconcile() {
    CliRun run = cli("reconcile", "--provider", "busy", "--admin-url", url, "--token", TOKEN);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("already running");
  }

  @Test
  void reconcileWaitsForConvergence_thenPrintsTheCounts() {
    CliRun run = cli("reconcile", "--provider", "acme", "--admin-url", url, "--token", TOKEN,
        "--wait", "--poll-interval", "1ms");

    assertThat(run.exitCode()).isZero();
    assertThat(statusCalls).hasValue(3);
    assertThat(run.out())
        .contains("'acme' converged after")
        .contains("50 users and 6 groups synced, 1 failed")
        .contains("last reconcile: created 2, updated 1")
        .contains("failed group 'g9': 400 invalid value");
  }

  @Test
  void reconcileFails_whenTheWaitTimesOut() {
    CliRun run = cli("reconcile", "--provider", "stuck", "--admin-url", url, "--token", TOKEN,
        "--wait", "--timeout", "0ms", "--poll-interval", "1ms");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("'stuck' has not converged after 0ms: pending 5, in flight 1");
  }

  @Test
  void planPrintsATableAndTotals() {
    CliRun run = cli("plan", "--provider", "acme", "--admin-url", url, "--token", TOKEN);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("""
        METHOD  PATH        OBJECT
        POST    /Users      user 'u1'
        POST    /Groups     group 'g1'
        PATCH   /Groups/77  group 'g2'

        3 requests would be sent to 'acme' (1 PATCH, 2 POST); 4 reads were needed to work \
        this out. Nothing was sent.
        """);
  }

  @Test
  void planPrintsTheRawJson_withJson() {
    CliRun run = cli("plan", "--provider", "acme", "--admin-url", url, "--token", TOKEN,
        "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(PLAN.strip() + "\n");
  }

  @Test
  void planSaysSo_whenNothingWouldBeSent() {
    CliRun run = cli("plan", "--provider", "calm", "--admin-url", url, "--token", TOKEN);

    assertThat(run.out()).isEqualTo("'calm' is in sync: a reconcile would send nothing (7 reads)."
        + "\n");
  }

  @Test
  void reportsARefusedToken() {
    CliRun run = cli("plan", "--provider", "acme", "--admin-url", url, "--token", "wrong");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("scimsync: the admin token was refused");
  }

  @Test
  void reportsAnUnknownProvider() {
    CliRun run = cli("reconcile", "--provider", "nobody", "--admin-url", url, "--token", TOKEN);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("scimsync: no provider 'nobody'");
  }

  @Test
  void reportsAServerError_withItsMessage() {
    CliRun run = cli("plan", "--provider", "broken", "--admin-url", url, "--token", TOKEN);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("HTTP 500: internal error");
  }

  @Test
  void reportsThatNoDaemonAnswers_whenTheConnectionIsRefused() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String nowhere = "http://127.0.0.1:" + port;

    CliRun run = cli("plan", "--provider", "acme", "--admin-url", nowhere, "--token", TOKEN);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("scimsync: no daemon answers at " + nowhere
        + " (is `scimsync run` running?)\n");
  }

  @Test
  void readsTheTokenFromTheDataDirectory() throws IOException {
    Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");

    CliRun run = cli("reconcile", "--provider", "acme", "--admin-url", url, "--data-dir",
        dir.toString());

    assertThat(run.exitCode()).isZero();
  }

  @Test
  void takesUrlAndTokenFromTheEnvironment() {
    CliRun run = CliRun.run(Map.of("SCIMSYNC_ADMIN_URL", url, "SCIMSYNC_ADMIN_TOKEN", TOKEN),
        "reconcile", "--provider", "acme");

    assertThat(run.exitCode()).isZero();
  }

  @Test
  void optionsBeatTheEnvironment() {
    CliRun run = CliRun.run(Map.of("SCIMSYNC_ADMIN_URL", "http://127.0.0.1:1",
            "SCIMSYNC_ADMIN_TOKEN", "wrong"),
        "reconcile", "--provider", "acme", "--admin-url", url, "--token", TOKEN);

    assertThat(run.exitCode()).isZero();
  }

  @Test
  void exitsWithUsage_whenThereIsNoToken() {
    CliRun run = cli("reconcile", "--provider", "acme", "--admin-url", url, "--data-dir",
        dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no admin token");
    assertThat(received).isEmpty();
  }

  @Test
  void exitsWithUsage_onAProviderNameThatCannotBeAPathSegment() {
    CliRun run = cli("plan", "--provider", "../x", "--admin-url", url, "--token", TOKEN);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(received).isEmpty();
  }
}
