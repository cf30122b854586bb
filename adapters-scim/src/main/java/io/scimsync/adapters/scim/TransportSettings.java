package io.scimsync.adapters.scim;

import io.scimsync.domain.model.JsonDepth;
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
 * @param maxReplyDepth    how many levels of objects and arrays a reply may nest, default 64;
 *                         a deeper one is {@code Unreadable} "reply nested too deep", read no
 *                         further; a request body nesting deeper is not sent either (its stage
 *                         fails with {@link io.scimsync.domain.engine.UnencodableRequestException}),
 *                         since the target's answer echoes it
 */
public record TransportSettings(String provider, URI baseUrl, Authentication authentication,
                                TlsSettings tls, Duration connectTimeout, Duration requestTimeout,
                                long maxResponseBytes, ThrottleSettings throttle,
                                RetryPolicy retry, boolean dryRun, boolean journalBodies,
                                int maxReplyDepth) {
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;
  /** Far above what SCIM resources nest (a list of users with a manager: 5 levels). */
  public static final int DEFAULT_MAX_REPLY_DEPTH = 64;
  /** Fewer levels would refuse ordinary list responses. */
  public static final int MIN_REPLY_DEPTH = 8;
  /**
   * The domain accepts {@link JsonDepth#LIMIT} levels, including what its engine wraps around a
   * value read from a reply (a PATCH puts it three levels down): a reply may not use them all.
   */
  public static final int MAX_REPLY_DEPTH = JsonDepth.LIMIT - 8;

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
    if (maxReplyDepth < MIN_REPLY_DEPTH || maxReplyDepth > MAX_REPLY_DEPTH) {
      throw new IllegalArgumentException("maxReplyDepth must be from " + MIN_REPLY_DEPTH + " to "
          + MAX_REPLY_DEPTH + ", got " + maxReplyDepth);
    }
  }

  /**
   * Defaults: verified TLS, 5 s connect, 30 s request, 16 MiB and 64 levels of nesting in replies,
   * default throttle and retries.
   */
  public static TransportSettings of(String provider, URI baseUrl, Authentication authentication) {
    return new TransportSettings(provider, baseUrl, authentication, TlsSettings.defaults(),
        Duration.ofSeconds(5), Duration.ofSeconds(30), DEFAULT_MAX_RESPONSE_BYTES,
        ThrottleSettings.defaults(), RetryPolicy.defaults(), false, false,
        DEFAULT_MAX_REPLY_DEPTH);
  }

  public TransportSettings withThrottle(ThrottleSettings value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, value, retry, dryRun, journalBodies,
        maxReplyDepth);
  }

  public TransportSettings withRetry(RetryPolicy value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, value, dryRun, journalBodies,
        maxReplyDepth);
  }

  public TransportSettings withTimeouts(Duration connect, Duration request) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connect, request,
        maxResponseBytes, throttle, retry, dryRun, journalBodies,
        maxReplyDepth);
  }

  public TransportSettings withMaxResponseBytes(long value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, value, throttle, retry, dryRun, journalBodies,
        maxReplyDepth);
  }

  public TransportSettings withTls(TlsSettings value) {
    return new TransportSettings(provider, baseUrl, authentication, value, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, retry, dryRun, journalBodies,
        maxReplyDepth);
  }

  public TransportSettings withDryRun(boolean value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, retry, value, journalBodies,
        maxReplyDepth);
  }

  public TransportSettings withJournalBodies(boolean value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, retry, dryRun, value,
        maxReplyDepth);
  }

  /**
   * How many levels of objects and arrays a reply (and a request body) may nest, from
   * {@link #MIN_REPLY_DEPTH} to {@link #MAX_REPLY_DEPTH}.
   */
  public TransportSettings withMaxReplyDepth(int value) {
    return new TransportSettings(provider, baseUrl, authentication, tls, connectTimeout,
        requestTimeout, maxResponseBytes, throttle, retry, dryRun, journalBodies, value);
  }

  /** Never shows credentials: the authentication's own toString redacts them. */
  @Override
  public String toString() {
    return "TransportSettings[provider=" + provider + ", baseUrl=" + Redaction.url(baseUrl.toString())
        + ", authentication=" + authentication + ", tls=" + tls + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout + ", maxResponseBytes=" + maxResponseBytes
        + ", throttle=" + throttle + ", retry=" + retry + ", dryRun=" + dryRun
        + ", maxReplyDepth=" + maxReplyDepth + "]";
  }
}
