package io.scimsync.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scimsync.testkit.fault.FaultPlan;
import io.scimsync.testkit.fault.FaultRule;
import io.scimsync.testkit.record.RecordedRequest;
import io.scimsync.testkit.record.Recorder;
import io.scimsync.testkit.store.ResourceStore;
import io.scimsync.testkit.store.StoreOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * A running fake SCIM 2.0 server on loopback. Start one per test class (or per test) with
 * {@link #start(ServerProfile)} or {@link #builder()}, point the client at {@link #baseUrl()},
 * then assert on {@link #requests()} and {@link #state()}. {@link #close()} stops it.
 *
 * <p>Everything is in memory and thread-safe. The server owns its own actor system, so it never
 * interferes with the system under test.
 */
public final class FakeScimServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final ActorSystem system;
  private final ServerBinding binding;
  private final ServerProfile profile;
  private final String baseUrl;
  private final ResourceStore store;
  private final FaultPlan faults;
  private final Recorder recorder;
  private final WriteRateLimit rateLimit;
  private final ObjectMapper json;

  private FakeScimServer(Builder builder) {
    this.profile = builder.profile;
    // a deeper body is refused while it is parsed, before any recursive code sees it
    this.json = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(ResourceStore.MAX_DEPTH).build())
            .build())
        .build();
    this.store = new ResourceStore(storeOptions(builder.profile), builder.clock);
    builder.seed.accept(store);
    this.faults = new FaultPlan();
    this.recorder = new Recorder();
    this.rateLimit = new WriteRateLimit(builder.clock, builder.profile.writesPerMinute());
    Config config = ConfigFactory.parseString(String.join("\n",
        "pekko.loglevel = WARNING",
        "pekko.stdout-loglevel = WARNING",
        "pekko.log-dead-letters = off",
        "pekko.http.server.server-header = scim-testkit",
        "pekko.http.server.parsing.max-content-length = " + ResourceLimits.MAX_REQUEST_BYTES,
        "pekko.http.server.request-timeout = 120s",
        "pekko.http.server.idle-timeout = 120s",
        "pekko.coordinated-shutdown.exit-jvm = off",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off"))
        .withFallback(ConfigFactory.load());
    this.system = ActorSystem.create("scim-testkit", config);
    try {
      String host = builder.host;
      // bind first: the base URL, which responses carry in meta.location, needs the port
      PortHolder port = new PortHolder();
      ScimHandler handler = new ScimHandler(system, json, profile, builder.basePath,
          port::baseUrl, builder.token, builder.latency, store, faults, recorder, rateLimit);
      this.binding = Http.get(system).newServerAt(host, builder.port).bind(handler::apply)
          .toCompletableFuture().get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
      port.set("http://" + host + ":" + binding.localAddress().getPort() + builder.basePath);
      this.baseUrl = port.baseUrl();
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("could not start the fake SCIM server on " + builder.host
          + ":" + builder.port + ": " + e.getMessage(), e);
    }
  }

  /** A server with this profile on a free loopback port, no token, no latency. */
  public static FakeScimServer start(ServerProfile profile) {
    return builder().profile(profile).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:41234/scim/v2}. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public ServerProfile profile() {
    return profile;
  }

  /** Every request so far, in arrival order, secrets redacted. */
  public List<RecordedRequest> requests() {
    return recorder.requests();
  }

  /** The recorder itself: filtered queries, counters per endpoint, JSON export. */
  public Recorder recorder() {
    return recorder;
  }

  /** The resources, for seeding a test and for assertions. */
  public ResourceStore store() {
    return store;
  }

  /** The whole state: {@code {"users": [...], "groups": [...]}}, groups with their members. */
  public ObjectNode state() {
    return store.dump();
  }

  /** Adds a fault; see {@link io.scimsync.testkit.fault.Faults} for the builder. */
  public FakeScimServer inject(FaultRule rule) {
    faults.add(rule);
    return this;
  }

  public FaultPlan faults() {
    return faults;
  }

  /** Back to empty: no resources, no recordings, no faults, a fresh rate-limit window. */
  public void reset() {
    store.reset();
    recorder.reset();
    faults.clear();
    rateLimit.reset();
  }

  /** Unbinds and stops the server's actor system; waits for it. */
  public void stop() {
    try {
      binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // shutting down regardless: the actor system below owns every connection
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the fake SCIM server did not stop in time", e);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  static StoreOptions storeOptions(ServerProfile profile) {
    return new StoreOptions(
        profile.has(Quirk.DUPLICATES_ALLOWED),
        profile.has(Quirk.ETAGS),
        profile.has(Quirk.REQUIRE_PATCH_SCHEMAS),
        !profile.has(Quirk.REJECT_UNQUOTED_FILTER_VALUES),
        profile.has(Quirk.EQ_AND_FILTERS_ONLY),
        profile.has(Quirk.MEMBER_CHANGE_LIMIT) ? profile.memberChangeLimit() : 0,
        profile.has(Quirk.MEMBER_TYPE_REQUIRED),
        true,
        profile.has(Quirk.PAGE_SIZE_LIMIT) ? profile.pageSizeLimit() : ResourceLimits.DEFAULT_MAX_PAGE,
        profile.has(Quirk.LOWERCASE_EMAILS));
  }

  /** Holds the base URL, known only once the port is bound. */
  private static final class PortHolder {
    private volatile String baseUrl = "";

    void set(String url) {
      baseUrl = url;
    }

    String baseUrl() {
      return baseUrl;
    }
  }

  /** Options for {@link FakeScimServer}; every one has a default. */
  public static final class Builder {
    private ServerProfile profile = ServerProfile.RFC;
    private String host = "127.0.0.1";
    private int port = 0;
    private String basePath = "/scim/v2";
    private Optional<String> token = Optional.empty();
    private Duration latency = Duration.ZERO;
    private Clock clock = Clock.systemUTC();
    private Consumer<ResourceStore> seed = store -> { };

    private Builder() {}

    /**
     * Fills the store before the server accepts its first connection: a target restarted with
     * its old resources is never seen empty by a client that retries at once.
     */
    public Builder seed(Consumer<ResourceStore> value) {
      seed = Objects.requireNonNull(value, "seed");
      return this;
    }

    public Builder profile(ServerProfile value) {
      profile = Objects.requireNonNull(value, "profile");
      return this;
    }

    /** Port to bind; 0 (the default) picks a free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + value);
      }
      port = value;
      return this;
    }

    /** Interface to bind; loopback by default, as tests must never listen elsewhere. */
    public Builder host(String value) {
      host = Objects.requireNonNull(value, "host");
      return this;
    }

    /** Path prefix of every endpoint, default {@code /scim/v2}; "" serves at the root. */
    public Builder basePath(String value) {
      String path = Objects.requireNonNull(value, "basePath").replaceAll("/+$", "");
      if (!path.isEmpty() && !path.startsWith("/")) {
        throw new IllegalArgumentException("basePath must start with '/', got '" + value + "'");
      }
      basePath = path;
      return this;
    }

    /** Require {@code Authorization: Bearer <token>} on every request (401 otherwise). */
    public Builder token(String value) {
      token = Optional.ofNullable(value).filter(t -> !t.isBlank());
      return this;
    }

    /** Delay every response by this much, like a distant target. */
    public Builder latency(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative");
      }
      latency = value;
      return this;
    }

    /** Clock for meta timestamps and the write-rate window; tests may pass a fixed or manual one. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public FakeScimServer start() {
      return new FakeScimServer(this);
    }
  }
}
