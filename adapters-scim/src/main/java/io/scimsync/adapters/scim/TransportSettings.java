package io.scimsync.adapters.scim;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything that configures one provider's transport. Defaults in {@link #of(String, URI, Authentication)}.
 *
 * @param provider         the provider's name, for logs and the journal
 * @param baseUrl          the SCIM base URL, e.g. {@code https://scim.example.com/scim/v2}
 * @param authentication   how requests authenticate
 * @param tls              certificate verification and extra trust
 * @param connectTimeout   TCP (and TLS) connection establishment, default 5 s
 * @param requestTimeout   from sending a request to its whole reply read, default 30 s
 * @param maxResponseBytes larger replies are refused as "response too large", default 16 MiB
 * @param throttle         rate limits and the concurrency cap
 * @param retry            retries of transient failures
 * @param dryRun           withhold every mutating request
 * @param journalBodies    put (redacted) bodies into journal entries; for debugging
 */
public record TransportSettings(String provider, URI baseUrl, Authentication authentication,
                                TlsSettings tls, Duration connectTimeout, Duration requestTimeout,
                                long maxResponseBytes, ThrottleSettings throttle,
                                RetryPolicy retry, boolean dryRun, boolean journalBodies) {
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;

  public TransportSettings {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
    Objects.requireNonNull(baseUrl, "baseUrl");
    ScimUrls.base(baseUrl);
    Objects.requireNonNull(authentication, "authentication");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(throttle, "throttle");
    Objects.requireNonNull(retry, "retry");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxResponseBytes must be at least 1024, got " + maxResponseBytes);
    }
  }

  /** Defaults: verified TLS, 5 s connect, 30 s request, 16 MiB replies, default throttle and retries. */
  public static TransportSettings of(String provider, URI baseUrl, Authentication authentication) {
    return new TransportSettings(provider, baseUrl, authentication, TlsSettings.defaults(),
        Duration.ofSeconds(5), Duration.ofSeconds(30), DEFAULT_MAX_RESPONSE_BYTES,
        ThrottleSettings.defaults(), RetryPolicy.defaults(), false, false);
  }

  public TransportSettings withThrottle(ThrottleSettings value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, value, retry, dryRun, journalBodies);
  }

  public TransportSettings withRetry(RetryPolicy value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, value, dryRun, journalBodies);
  }

  public TransportSettings withTimeouts(Duration connect, Duration request) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connect, request,
        maxResponseBytes, throttle, retry, dryRun, journalBodies);
  }

  public TransportSettings withMaxResponseBytes(long value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, value, throttle, retry, dryRun, journalBodies);
  }

  public TransportSettings withTls(TlsSettings value) {
    return new TransportSettings(provider, baseUrl, authentication, value, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, retry, dryRun, journalBodies);
  }

  public TransportSettings withDryRun(boolean value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, retry, value, journalBodies);
  }

  public TransportSettings withJournalBodies(boolean value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, retry, dryRun, value);
  }

  /** Never shows credentials: the authentication's own toString redacts them. */
  @Override
  public String toString() {
    return "TransportSettings[provider=" + provider + ", baseUrl=" + Redaction.url(baseUrl.toString())
        + ", authentication=" + authentication + ", tls=" + tls + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout + ", maxResponseBytes=" + maxResponseBytes
        + ", throttle=" + throttle + ", retry=" + retry + ", dryRun=" + dryRun + "]";
  }
}
