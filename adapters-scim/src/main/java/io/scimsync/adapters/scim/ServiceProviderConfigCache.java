package io.scimsync.adapters.scim;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.SyncFailure;
import io.scimsync.domain.port.ScimTransport;
import io.scimsync.domain.target.TargetCapabilities;
import io.scimsync.domain.target.VendorProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's {@link TargetCapabilities}, discovered through its profile's ServiceProviderConfig
 * path ({@code /ServiceProviderConfig}, {@code /ServiceProviderConfigs} for Salesforce, none for
 * vCenter and GitLab) and cached. A failed fetch falls back to assumed capabilities for a short
 * negative TTL only, so one outage does not downgrade a provider for an hour (authentik W10), and
 * the fallback shows in {@link #status()}. Concurrent callers during a fetch share it.
 */
public final class ServiceProviderConfigCache {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceProviderConfigCache.class);

  /** Where the current capabilities came from. */
  public enum Source {
    /** Read from the target's document. */
    DISCOVERED,
    /** The profile says the target has no document: assumed, and that is normal. */
    NO_DOCUMENT,
    /** Fetching the document failed: assumed until the negative TTL ends. */
    FALLBACK
  }

  /** What a provider status shows about capabilities. */
  public record Status(Source source, TargetCapabilities capabilities, Instant fetchedAt,
                       Instant expiresAt, Optional<String> problem) {}

  private final ScimTransport transport;
  private final VendorProfile profile;
  private final Duration ttl;
  private final Duration negativeTtl;
  private final Timer timer;
  private Status current;
  private CompletableFuture<TargetCapabilities> inFlight;

  /**
   * @param ttl         how long discovered capabilities are kept (authentik: 1 hour)
   * @param negativeTtl how long a fallback is kept after a failed fetch (minutes)
   */
  public ServiceProviderConfigCache(ScimTransport transport, VendorProfile profile, Duration ttl,
                                    Duration negativeTtl, Timer timer) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.profile = Objects.requireNonNull(profile, "profile");
    this.ttl = requirePositive(ttl, "ttl");
    this.negativeTtl = requirePositive(negativeTtl, "negativeTtl");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  private static Duration requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /** The capabilities, fetched when the cache is empty or expired. Never fails. */
  public synchronized CompletionStage<TargetCapabilities> capabilities() {
    Instant now = timer.now();
    if (current != null && now.isBefore(current.expiresAt())) {
      return CompletableFuture.completedFuture(current.capabilities());
    }
    if (inFlight != null) {
      return inFlight;
    }
    Optional<String> path = profile.serviceProviderConfigPath();
    if (path.isEmpty()) {
      current = new Status(Source.NO_DOCUMENT, TargetCapabilities.assumed(), now, now.plus(ttl),
          Optional.empty());
      return CompletableFuture.completedFuture(current.capabilities());
    }
    CompletableFuture<TargetCapabilities> fetch = new CompletableFuture<>();
    inFlight = fetch;
    CompletionStage<ScimReply> reply;
    try {
      reply = transport.execute(ScimRequest.get(path.get()));
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete((received, failure) -> {
      Status status;
      try {
        status = failure != null
            ? fallback("GET " + path.get() + " failed: " + failure)
            : interpret(received, path.get());
      } catch (RuntimeException e) {
        status = fallback("GET " + path.get() + ": " + e);
      }
      // always settle the shared fetch, or every later caller would wait on it forever
      synchronized (this) {
        current = status;
        inFlight = null;
      }
      fetch.complete(status.capabilities());
    });
    return fetch;
  }

  /** The current state; before the first fetch, assumed capabilities marked as a fallback. */
  public synchronized Status status() {
    if (current == null) {
      Instant now = timer.now();
      return new Status(profile.serviceProviderConfigPath().isEmpty() ? Source.NO_DOCUMENT
          : Source.FALLBACK, TargetCapabilities.assumed(), now, now,
          Optional.of("not fetched yet"));
    }
    return current;
  }

  /** Forget the cached capabilities (the provider's configuration changed). */
  public synchronized void invalidate() {
    current = null;
  }

  private Status interpret(ScimReply reply, String path) {
    if (reply instanceof ScimReply.Received received && received.status() >= 200
        && received.status() < 300) {
      Optional<Map<String, Object>> document = received.object();
      if (document.isPresent()) {
        Instant now = timer.now();
        TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(document.get());
        if (!capabilities.assumedFields().isEmpty()) {
          LOG.info("provider profile {}: ServiceProviderConfig lacks {}; those default", profile.name(),
              capabilities.assumedFields());
        }
        return new Status(Source.DISCOVERED, capabilities, now, now.plus(ttl), Optional.empty());
      }
      return fallback("GET " + path + ": the reply is not a JSON object");
    }
    return fallback(SyncFailure.of(reply, "GET " + path).message());
  }

  private Status fallback(String problem) {
    Instant now = timer.now();
    LOG.warn("ServiceProviderConfig unavailable ({}); assuming minimal capabilities for {}",
        problem, negativeTtl);
    return new Status(Source.FALLBACK, TargetCapabilities.assumed(), now, now.plus(negativeTtl),
        Optional.of(problem));
  }
}
