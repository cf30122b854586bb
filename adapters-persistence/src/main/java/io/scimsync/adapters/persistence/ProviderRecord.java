package io.scimsync.adapters.persistence;

import io.scimsync.domain.model.JsonValues;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A configured SCIM target as the {@link ProviderStore} keeps it, without its secret: this is
 * what the admin API may display. The secret (token, password or client secret) is passed to
 * {@link ProviderStore#put} separately and read back only through {@link ProviderStore#secret}.
 *
 * @param name              unique name, the key of the provider everywhere (connections, change
 *                          feed, sync log)
 * @param baseUrl           the SCIM base URL (RFC 7644 §3.13), e.g. {@code https://x/scim/v2}
 * @param compatibilityMode the vendor profile ({@code default}, {@code authentik}, ...)
 * @param profileOverrides  profile settings overridden for this provider; empty if none
 * @param authType          {@code none}, {@code bearer}, {@code basic} or {@code oauth}
 *                          (client credentials)
 * @param authUsername      the user of {@code basic}; empty otherwise
 * @param authClientId      the client id of {@code oauth}; empty otherwise
 * @param authTokenEndpoint the token endpoint of {@code oauth}; empty otherwise
 * @param authScope         the scope requested by {@code oauth}; empty for none
 * @param settings          other settings as plain JSON values: {@code dryRun},
 *                          {@code verifyTls}, {@code maxRequestsPerSecond},
 *                          {@code maxConcurrency}, ...; integral numbers read back as
 *                          {@code Long}
 * @param createdAt         when the provider was first stored (kept by later puts)
 * @param updatedAt         when it was last stored
 */
public record ProviderRecord(String name, String baseUrl, String compatibilityMode,
                             Map<String, String> profileOverrides, String authType,
                             Optional<String> authUsername, Optional<String> authClientId,
                             Optional<String> authTokenEndpoint, Optional<String> authScope,
                             Map<String, Object> settings, Instant createdAt, Instant updatedAt) {
  /** The values {@link #authType} may take. */
  public static final Set<String> AUTH_TYPES = Set.of("none", "bearer", "basic", "oauth");

  public ProviderRecord {
    requireText(name, "name");
    requireText(baseUrl, "baseUrl");
    requireText(compatibilityMode, "compatibilityMode");
    profileOverrides = Map.copyOf(profileOverrides);
    if (!AUTH_TYPES.contains(authType)) {
      throw new IllegalArgumentException("authType must be one of none, bearer, basic, oauth: "
          + authType);
    }
    Objects.requireNonNull(authUsername, "authUsername");
    Objects.requireNonNull(authClientId, "authClientId");
    Objects.requireNonNull(authTokenEndpoint, "authTokenEndpoint");
    Objects.requireNonNull(authScope, "authScope");
    settings = JsonValues.copyObject(settings);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
