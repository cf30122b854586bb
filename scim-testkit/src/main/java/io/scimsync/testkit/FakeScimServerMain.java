package io.scimsync.testkit;

import io.scimsync.testkit.fault.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a fake SCIM server until the process is stopped:
 * {@code java -cp ... io.scimsync.testkit.FakeScimServerMain --port 8081 --profile aws --token t
 * --latency 50ms --fault "PATCH /Groups/* status=503 retry-after=2 nth=3"}. While it runs,
 * {@code GET /_testkit/requests}, {@code GET /_testkit/state}, {@code POST /_testkit/faults}
 * (body: one fault spec) and {@code POST /_testkit/reset} control it.
 */
public final class FakeScimServerMain {
  static final String USAGE = String.join("\n",
      "usage: fake-server [--port N] [--profile NAME] [--token TOKEN] [--latency 50ms]",
      "                   [--base-path /scim/v2] [--fault SPEC]...",
      "profiles: " + String.join(", ", ServerProfile.all().stream().map(ServerProfile::name).toList()),
      "fault spec: METHOD PATH-GLOB ACTION [TRIGGER], e.g. \"PATCH /Groups/* status=503 retry-after=2 nth=3\"");

  private FakeScimServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    FakeScimServer server;
    try {
      server = parse(args).start();
    } catch (IllegalArgumentException e) {
      System.err.println("fake-server: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      stopped.countDown();
    }, "fake-scim-shutdown"));
    System.out.println("scim-testkit listening on " + server.baseUrl() + " (profile "
        + server.profile().name() + ")");
    System.out.flush();
    stopped.await();
  }

  /** The server the arguments describe, with its faults; fails naming the bad argument. */
  static Configured parse(String[] args) {
    FakeScimServer.Builder builder = FakeScimServer.builder();
    List<FaultRule> faults = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException("help requested");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--port":
          builder.port(parsePort(value));
          break;
        case "--profile":
          builder.profile(ServerProfile.require(value));
          break;
        case "--token":
          builder.token(value);
          break;
        case "--latency":
          builder.latency(parseDuration(value));
          break;
        case "--base-path":
          builder.basePath(value);
          break;
        case "--fault":
          faults.add(FaultRule.parse(value));
          break;
        default:
          throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new Configured(builder, faults);
  }

  /** Parsed arguments, ready to start. */
  record Configured(FakeScimServer.Builder builder, List<FaultRule> faults) {
    FakeScimServer start() {
      FakeScimServer server = builder.start();
      faults.forEach(server::inject);
      return server;
    }
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, got '" + value + "'");
    }
  }

  /** "50ms", "2s", "1m" or a plain number of milliseconds. */
  static Duration parseDuration(String value) {
    String text = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      if (text.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      return Duration.ofMillis(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: '" + value + "' (use e.g. 50ms, 2s)");
    }
  }
}
