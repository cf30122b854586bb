package io.scimsync.app.cli;

import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.FaultRule;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scimsync fake-server}: the scim-testkit server, until SIGTERM or Ctrl-C. */
@Command(name = "fake-server", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Runs a fake SCIM 2.0 server with a vendor profile (scim-testkit).",
        "It runs until SIGTERM or Ctrl-C.",
        "While it runs: GET /_testkit/requests, GET /_testkit/state, POST /_testkit/faults, "
            + "POST /_testkit/reset."})
final class FakeServerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--profile", paramLabel = "P", defaultValue = "rfc",
      description = "vendor profile: rfc, aws, webex, slack, salesforce, vcenter, gitlab, "
          + "entra-like (default: ${DEFAULT-VALUE})")
  String profile;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "port on 127.0.0.1; 0 = a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--token", paramLabel = "T",
      description = "require Authorization: Bearer T (default: no authentication)")
  String token;

  @Option(names = "--latency", paramLabel = "MS", defaultValue = "0",
      converter = DurationConverter.class,
      description = "delay every answer: 50 (ms), 50ms, 2s (default: none)")
  Duration latency;

  @Option(names = "--fault", paramLabel = "SPEC",
      description = {"inject a fault, repeatable: METHOD PATH-GLOB ACTION [TRIGGER],",
          "e.g. \"PATCH /Groups/* status=503 retry-after=2 nth=3\""})
  List<String> faults = new ArrayList<>();

  @Option(names = "--base-path", paramLabel = "PATH", defaultValue = "/scim/v2",
      description = "path prefix of every endpoint (default: ${DEFAULT-VALUE})")
  String basePath;

  /** Set while the server runs; tests stop it through this instead of a signal. */
  volatile StopSignal stopSignal;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ServerProfile serverProfile = ServerProfile.named(profile).orElseThrow(() -> usage(
        "--profile: unknown profile '" + profile + "'; known: " + String.join(", ",
            ServerProfile.all().stream().map(ServerProfile::name).toList())));
    List<FaultRule> rules = new ArrayList<>();
    for (String fault : faults) {
      try {
        rules.add(FaultRule.parse(fault));
      } catch (IllegalArgumentException e) {
        throw usage("--fault '" + fault + "': " + e.getMessage());
      }
    }
    FakeScimServer.Builder builder = FakeScimServer.builder().profile(serverProfile)
        .latency(latency);
    try {
      builder.port(port).basePath(basePath);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (token != null) {
      builder.token(token);
    }
    FakeScimServer server;
    try {
      server = builder.start();
    } catch (IllegalStateException e) {
      throw new CliFailure(1, e.getMessage());
    }
    StopSignal signal = new StopSignal("fake-server", Duration.ofSeconds(30));
    stopSignal = signal;
    try {
      rules.forEach(server::inject);
      out.println("scim-testkit listening on " + server.baseUrl() + " (profile "
          + serverProfile.name() + (token == null ? "" : ", bearer token required") + ")");
      out.flush();
      signal.await();
    } finally {
      try {
        server.stop();
      } finally {
        signal.cleanedUp();
      }
    }
    return 0;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
