package io.scimsync.adapters.scim;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Prints the adapter's request rate against a trivial local server (one fixed SCIM user), so the
 * figure is the transport's own cost: throttle, authentication header, JSON parsing, reply
 * mapping, journal. Run: {@code ./mvnw -q -pl adapters-scim -am install -DskipTests} then
 * {@code ./mvnw -q -pl adapters-scim exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.scimsync.adapters.scim.TransportBenchmark}.
 */
public final class TransportBenchmark {
  private TransportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    byte[] user = ("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"u-1\","
        + "\"userName\":\"alice\",\"active\":true,\"meta\":{\"resourceType\":\"User\",\"version\":\"W/\\\"1\\\"\"}}")
        .getBytes(StandardCharsets.UTF_8);
    ActorSystem system = ActorSystem.create("transport-benchmark");
    try (BareServer server = BareServer.start(system, request -> {
      request.discardEntityBytes(system);
      return CompletableFuture.completedFuture(HttpResponse.create()
          .withEntity(PekkoHttpScimTransport.SCIM_JSON, user));
    })) {
      AtomicLong journalled = new AtomicLong();
      PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(
          TransportSettings.of("bench", URI.create(server.url() + "/scim/v2"),
              new Authentication.Bearer(Secret.of("bench-token")))
              .withThrottle(ThrottleSettings.defaults().withMaxConcurrent(concurrency)),
          system, entry -> journalled.incrementAndGet());
      run(transport, concurrency, Math.max(1, requests / 10)); // warm-up
      long started = System.nanoTime();
      long failures = run(transport, concurrency, requests);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("adapters-scim benchmark: %d GETs, %d in flight, %d cores, %s %s%n",
          requests, concurrency, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name"), System.getProperty("java.version"));
      System.out.printf("%.0f requests/s (%.1f s, %d failures, %d journal entries)%n",
          requests / seconds, seconds, failures, journalled.get());
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static long run(PekkoHttpScimTransport transport, int concurrency, int requests)
      throws InterruptedException {
    Semaphore window = new Semaphore(concurrency * 2);
    AtomicLong failures = new AtomicLong();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(requests);
    for (int i = 0; i < requests; i++) {
      window.acquire();
      transport.execute(ScimRequest.get("/Users/u-1")).whenComplete((reply, error) -> {
        if (error != null || !(reply instanceof ScimReply.Received r) || r.status() != 200) {
          failures.incrementAndGet();
        }
        window.release();
        done.countDown();
      });
    }
    done.await(10, TimeUnit.MINUTES);
    return failures.get();
  }
}
