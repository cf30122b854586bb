package io.scimsync.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.it.support.Admin;
import io.scimsync.it.support.RunningDaemon;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of the end-to-end classes: one daemon per class (a fresh database), and per test a
 * fresh {@link Directory}, fake servers and providers of its own. After each test the providers
 * are deleted first (which sends nothing to their targets), then the local objects, so that the
 * next test starts with an empty directory; its servers are stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEnd {
  static final String TOKEN = "t";
  /**
   * How long convergence may take: ample for these small directories even on a loaded machine,
   * and shorter than the 30 s claim lease of {@link RunningDaemon}, so that a claim the daemon
   * loses shows as a failure instead of a slow pass.
   */
  static final Duration CONVERGE = Duration.ofSeconds(20);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  RunningDaemon daemon;
  Admin admin;
  Directory directory;
  private final List<FakeScimServer> servers = new ArrayList<>();
  private final List<String> providers = new ArrayList<>();
  private int test;

  @BeforeAll
  void startDaemon() {
    daemon = new RunningDaemon();
    admin = daemon.admin();
  }

  @AfterAll
  void stopDaemon() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @BeforeEach
  void freshDirectory() {
    test = SEQUENCE.incrementAndGet();
    directory = new Directory(admin, "t" + test + "-");
  }

  @AfterEach
  void cleanUp() {
    try {
      for (String name : providers) {
        int status = admin.call("DELETE", "/api/v1/providers/" + name, null).status();
        if (status / 100 != 2 && status != 404) {
          throw new AssertionError("cleanup: DELETE provider " + name + " answered " + status);
        }
      }
      directory.deleteAll();
    } finally {
      providers.clear();
      servers.forEach(FakeScimServer::stop);
      servers.clear();
    }
  }

  /** A fake server with this profile and the bearer token, stopped after the test. */
  FakeScimServer server(ServerProfile profile) {
    FakeScimServer server = FakeScimServer.builder().profile(profile).token(TOKEN).start();
    servers.add(server);
    return server;
  }

  /** Stops a server before the end of the test (a target that went away). */
  void stop(FakeScimServer server) {
    servers.remove(server);
    server.stop();
  }

  FakeScimServer server(Vendor vendor) {
    return server(vendor.server);
  }

  /** Adds a provider for {@code vendor}'s server with its compatibility mode; returns its name. */
  String provider(Vendor vendor, FakeScimServer server) {
    return provider(vendor, server, Map.of());
  }

  String provider(Vendor vendor, FakeScimServer server, Map<String, ?> extra) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("compatibilityMode", vendor.mode);
    settings.putAll(extra);
    return provider(vendor.name().toLowerCase(Locale.ROOT).replace('_', '-'), server.baseUrl(),
        settings);
  }

  /** Adds a provider named after {@code label} and this test; returns its name. */
  String provider(String label, String baseUrl, Map<String, ?> settings) {
    String name = "p" + test + "-" + label + "-" + providers.size();
    providers.add(name);
    admin.putProvider(name, baseUrl, TOKEN, settings);
    return name;
  }

  /** Waits until the provider is converged and asserts that nothing failed. */
  JsonNode converged(String provider) {
    JsonNode status = admin.awaitConverged(provider, CONVERGE);
    assertThat(status.path("failed")).as("failed objects of %s: %s", provider, status).isEmpty();
    return status;
  }

  /** Starts a reconcile and waits until it is finished and everything converged. */
  JsonNode reconciled(String provider) {
    admin.reconcile(provider);
    return converged(provider);
  }
}
