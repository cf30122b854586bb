package io.scimsync.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scimsync reconcile --provider NAME [--wait]}: asks a running daemon for a full reconcile. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Asks a running daemon to reconcile a provider in full.",
        "A reconcile reads the remote state, repairs drift, adopts existing remote objects and "
            + "removes those that left scope."})
final class ReconcileCommand implements Callable<Integer> {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Mixin
  AdminOptions admin;

  @Option(names = "--wait", description = "wait until the provider has converged, then print "
      + "the counts")
  boolean waitForIt;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
      converter = DurationConverter.class,
      description = "how long --wait waits (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--poll-interval", hidden = true, defaultValue = "500ms",
      converter = DurationConverter.class)
  Duration pollInterval;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = main.env();
    String provider = admin.provider();
    AdminClient client = new AdminClient(admin.baseUrl(env), admin.token(env));
    String base = "/api/v1/providers/" + provider;
    JsonNode accepted = AdminClient.parse(
        client.send("POST", base + "/reconcile", provider, REQUEST_TIMEOUT));
    out.println(accepted.path("alreadyRunning").asBoolean(false)
        ? "a reconcile of '" + provider + "' was already running; joined it"
        : "reconcile of '" + provider + "' started");
    out.flush();
    if (!waitForIt) {
      return 0;
    }
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    JsonNode status;
    while (true) {
      status = AdminClient.parse(client.send("GET", base + "/status", provider, REQUEST_TIMEOUT));
      if (converged(status)) {
        break;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new CliFailure(1, "'" + provider + "' has not converged after " + human(timeout)
            + ": pending " + status.path("pending").asLong() + ", in flight "
            + status.path("inFlight").asLong() + (status.path("reconciling").asBoolean()
            ? ", reconcile still running" : ""));
      }
      Thread.sleep(pollInterval.toMillis());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    printSummary(out, provider, status, took);
    out.flush();
    return 0;
  }

  static boolean converged(JsonNode status) {
    return !status.path("reconciling").asBoolean(false)
        && status.path("pending").asLong(-1) == 0
        && status.path("inFlight").asLong(-1) == 0;
  }

  private static void printSummary(PrintWriter out, String provider, JsonNode status,
                                   Duration took) {
    JsonNode failed = status.path("failed");
    out.printf("'%s' converged after %.1f s: %d users and %d groups synced, %d failed%n",
        provider, took.toMillis() / 1000.0, status.path("synced").path("users").asLong(),
        status.path("synced").path("groups").asLong(), failed.size());
    JsonNode counts = status.path("lastReconcile").path("counts");
    if (counts.isObject() && counts.size() > 0) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : counts.properties()) {
        parts.add(field.getKey() + " " + field.getValue().asText());
      }
      out.println("last reconcile: " + String.join(", ", parts));
    }
    int shown = 0;
    for (JsonNode f : failed) {
      if (shown++ == 10) {
        out.println("  ... and " + (failed.size() - 10) + " more (GET " + "/api/v1/providers/"
            + provider + "/status)");
        break;
      }
      out.println("  failed " + f.path("kind").asText() + " '" + f.path("id").asText() + "': "
          + f.path("error").asText());
    }
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    if (ms > 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms > 0 && ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
