package io.scimsync.app.sync;

import io.scimsync.adapters.scim.Authentication;
import io.scimsync.adapters.scim.PekkoHttpScimTransport;
import io.scimsync.adapters.scim.PekkoTimer;
import io.scimsync.adapters.scim.ProviderThrottle;
import io.scimsync.adapters.scim.RequestJournal;
import io.scimsync.adapters.scim.Secret;
import io.scimsync.adapters.scim.ServiceProviderConfigCache;
import io.scimsync.adapters.scim.ThrottleSettings;
import io.scimsync.adapters.scim.TlsSettings;
import io.scimsync.adapters.scim.TransportSettings;
import io.scimsync.app.provider.ProviderSettings;
import io.scimsync.domain.mapping.AttributeOverrides;
import io.scimsync.domain.port.ScimTransport;
import io.scimsync.domain.sync.Backoff;
import io.scimsync.domain.sync.RunContext;
import io.scimsync.domain.target.TargetStrategy;
import io.scimsync.domain.target.VendorProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * One provider's live resources: its settings, its SCIM transport (with the provider's rate
 * limiter and concurrency cap) and its cached capabilities. Built when the provider starts or
 * changes; shared by its actor and by plans.
 */
public final class ProviderRuntime {
  private final ProviderSettings settings;
  private final ScimTransport transport;
  private final Optional<ProviderThrottle> throttle;
  private final ServiceProviderConfigCache capabilities;
  private final VendorProfile profile;

  ProviderRuntime(ProviderSettings settings, ScimTransport transport,
                  Optional<ProviderThrottle> throttle, ServiceProviderConfigCache capabilities) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    this.profile = settings.profile();
  }

  /**
   * The runtime of a provider over Pekko HTTP.
   *
   * @throws IllegalArgumentException if the settings cannot make a transport (e.g. no secret)
   */
  public static ProviderRuntime create(ProviderSettings settings, ClassicActorSystemProvider system,
                                       RequestJournal journal, Duration connectTimeout,
                                       Duration requestTimeout, int maxReplyDepth) {
    VendorProfile profile = settings.profile();
    ThrottleSettings throttle = ThrottleSettings.forProfile(profile.maxWritesPerSecond())
        .withMaxConcurrent(settings.maxConcurrency());
    if (settings.maxRequestsPerSecond() > 0) {
      throttle = throttle.withRequests(settings.maxRequestsPerSecond(),
          Math.max(1, (int) Math.ceil(settings.maxRequestsPerSecond() / 10)));
    }
    TransportSettings transportSettings = TransportSettings.of(settings.name(),
            settings.baseUrl(), authentication(settings))
        .withThrottle(throttle)
        .withTimeouts(connectTimeout, requestTimeout)
        .withMaxReplyDepth(maxReplyDepth)
        .withTls(settings.verifyTls() ? TlsSettings.defaults() : TlsSettings.insecure())
        .withDryRun(settings.dryRun());
    PekkoHttpScimTransport transport = PekkoHttpScimTransport.create(transportSettings,
        system.classicSystem(), journal);
    ServiceProviderConfigCache cache = new ServiceProviderConfigCache(transport, profile,
        Duration.ofHours(1), Duration.ofMinutes(5), PekkoTimer.of(system));
    return new ProviderRuntime(settings, transport, Optional.of(transport.throttle()), cache);
  }

  private static Authentication authentication(ProviderSettings settings) {
    switch (settings.authType()) {
      case "none":
        return new Authentication.None();
      case "bearer":
        return new Authentication.Bearer(Secret.of(secretOf(settings)));
      case "basic":
        return new Authentication.Basic(settings.authUsername().orElseThrow(),
            Secret.of(secretOf(settings)));
      case "oauth":
        Authentication.OAuthClientCredentials oauth = new Authentication.OAuthClientCredentials(
            URI.create(settings.authTokenEndpoint().orElseThrow()),
            settings.authClientId().orElseThrow(), Secret.of(secretOf(settings)));
        return settings.authScope().map(oauth::withScope).orElse(oauth);
      default:
        throw new IllegalArgumentException("unknown auth type " + settings.authType());
    }
  }

  private static String secretOf(ProviderSettings settings) {
    return settings.secret().orElseThrow(() -> new IllegalArgumentException("provider '"
        + settings.name() + "' has auth type " + settings.authType() + " but no secret stored"));
  }

  public String name() {
    return settings.name();
  }

  public ProviderSettings settings() {
    return settings;
  }

  public ScimTransport transport() {
    return transport;
  }

  public Optional<ProviderThrottle> throttle() {
    return throttle;
  }

  public VendorProfile profile() {
    return profile;
  }

  /** Attribute mapping overrides; none are configurable yet. */
  public AttributeOverrides overrides() {
    return AttributeOverrides.none();
  }

  /** The write strategy from the target's capabilities (cached; never fails). */
  public CompletionStage<TargetStrategy> strategy() {
    return capabilities.capabilities().thenApply(caps -> TargetStrategy.of(caps, profile));
  }

  /** What every object's run of this provider needs to know, as of {@code strategy}. */
  public RunContext runContext(TargetStrategy strategy, SyncServices.Timings timings) {
    return new RunContext(name(), strategy, overrides(), settings.deprovision(),
        settings.dryRun(), false, true, timings.deferMembers(),
        new Backoff(timings.retryBase(), timings.retryMax()));
  }

  public ServiceProviderConfigCache capabilities() {
    return capabilities;
  }
}
