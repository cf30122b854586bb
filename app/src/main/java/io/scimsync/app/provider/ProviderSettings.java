package io.scimsync.app.provider;

import io.scimsync.adapters.persistence.ProviderRecord;
import io.scimsync.app.InvalidFieldException;
import io.scimsync.domain.engine.Deprovision;
import io.scimsync.domain.target.VendorProfile;
import io.scimsync.domain.target.VendorProfiles;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One provider as the admin API and the configuration file declare it, validated: the single
 * parser of provider definitions, so that a file and an API call cannot disagree on what is valid.
 *
 * <p>JSON shape (the admin API's {@code PUT /api/v1/providers/{name}}; HOCON uses the same keys):
 * <pre>
 * {"baseUrl": "https://x/scim/v2",
 *  "auth": {"type": "bearer", "token": "..."} | {"type": "basic", "username", "password"}
 *        | {"type": "oauth", "tokenEndpoint", "clientId", "clientSecret", "scope"?} | {"type": "none"},
 *  "compatibilityMode"?: "default"|"aws"|..., "profileOverrides"?: {"maxMembersPerRequest": 50},
 *  "dryRun"?: false, "verifyTls"?: true, "maxRequestsPerSecond"?: 0, "maxConcurrency"?: 8,
 *  "deprovision"?: "delete"|"deactivate"}
 * </pre>
 *
 * @param secret the token, password or client secret; empty for {@code none}, or when an update
 *               keeps the stored one
 */
public record ProviderSettings(String name, URI baseUrl, String compatibilityMode,
                               Map<String, String> profileOverrides, String authType,
                               Optional<String> authUsername, Optional<String> authClientId,
                               Optional<String> authTokenEndpoint, Optional<String> authScope,
                               Optional<String> secret, boolean dryRun, boolean verifyTls,
                               double maxRequestsPerSecond, int maxConcurrency,
                               Deprovision deprovision) {
  /** Names are path segments and label values: keep them plain. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  public static final int DEFAULT_MAX_CONCURRENCY = 8;
  public static final int HIGHEST_MAX_CONCURRENCY = 256;
  private static final Set<String> KEYS = Set.of("baseUrl", "auth", "compatibilityMode",
      "profileOverrides", "dryRun", "verifyTls", "maxRequestsPerSecond", "maxConcurrency",
      "deprovision");

  public ProviderSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    profileOverrides = Map.copyOf(profileOverrides);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(deprovision, "deprovision");
  }

  /** Validates a provider name, as it appears in a path or a configuration key. */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidFieldException("name", "must be 1-63 letters, digits, '.', '_' or '-', "
          + "starting with a letter or digit, got '" + name + "'");
    }
    return name;
  }

  /**
   * Parses and validates a definition.
   *
   * @param secretRequired whether a missing secret is an error (a new provider) or means "keep
   *                       the stored one" (an update through the API)
   * @throws InvalidFieldException naming the first wrong field
   */
  public static ProviderSettings parse(String name, Map<String, ?> json, boolean secretRequired) {
    requireName(name);
    if (json == null) {
      throw new InvalidFieldException("body", "must be a JSON object");
    }
    for (String key : new TreeMap<>(json).keySet()) {
      if (!KEYS.contains(key)) {
        throw new InvalidFieldException(key, "unknown field; known: " + KEYS.stream().sorted().toList());
      }
    }
    URI baseUrl = baseUrl(json.get("baseUrl"));
    String mode = optionalText(json, "compatibilityMode").orElse("default");
    Map<String, String> overrides = overrides(json.get("profileOverrides"));
    try {
      VendorProfiles.resolve(mode, overrides);
    } catch (IllegalArgumentException e) {
      String field = VendorProfiles.byName(mode).isEmpty() ? "compatibilityMode" : "profileOverrides";
      throw new InvalidFieldException(field, e.getMessage()
          + (field.equals("compatibilityMode") ? "; known: " + VendorProfiles.NAMES : ""));
    }
    Object authValue = json.get("auth");
    if (!(authValue instanceof Map<?, ?> authMap)) {
      throw new InvalidFieldException("auth", authValue == null ? "is required"
          : "must be an object with a \"type\"");
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> auth = (Map<String, ?>) authMap;
    String type = optionalText(auth, "type").map(t -> t.toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new InvalidFieldException("auth.type", "is required: one of none, "
            + "bearer, basic, oauth"));
    Optional<String> username = Optional.empty();
    Optional<String> clientId = Optional.empty();
    Optional<String> tokenEndpoint = Optional.empty();
    Optional<String> scope = Optional.empty();
    Optional<String> secret;
    switch (type) {
      case "none" -> {
        onlyKeys(auth, Set.of("type"));
        secret = Optional.empty();
      }
      case "bearer" -> {
        onlyKeys(auth, Set.of("type", "token"));
        secret = secret(auth, "token", secretRequired);
      }
      case "basic" -> {
        onlyKeys(auth, Set.of("type", "username", "password"));
        username = Optional.of(requiredText(auth, "username", "auth.username"));
        secret = secret(auth, "password", secretRequired);
      }
      case "oauth" -> {
        onlyKeys(auth, Set.of("type", "tokenEndpoint", "clientId", "clientSecret", "scope"));
        tokenEndpoint = Optional.of(httpUrl(requiredText(auth, "tokenEndpoint",
            "auth.tokenEndpoint"), "auth.tokenEndpoint").toString());
        clientId = Optional.of(requiredText(auth, "clientId", "auth.clientId"));
        scope = optionalText(auth, "scope");
        secret = secret(auth, "clientSecret", secretRequired);
      }
      default -> throw new InvalidFieldException("auth.type",
          "must be one of none, bearer, basic, oauth, got '" + type + "'");
    }
    boolean dryRun = bool(json, "dryRun", false);
    boolean verifyTls = bool(json, "verifyTls", true);
    double maxRps = number(json, "maxRequestsPerSecond", 0);
    if (maxRps < 0 || maxRps > 1_000_000 || Double.isNaN(maxRps)) {
      throw new InvalidFieldException("maxRequestsPerSecond",
          "must be between 0 (no limit) and 1000000, got " + maxRps);
    }
    double concurrency = number(json, "maxConcurrency", DEFAULT_MAX_CONCURRENCY);
    if (concurrency != Math.rint(concurrency) || concurrency < 1
        || concurrency > HIGHEST_MAX_CONCURRENCY) {
      throw new InvalidFieldException("maxConcurrency",
          "must be a whole number from 1 to " + HIGHEST_MAX_CONCURRENCY + ", got " + concurrency);
    }
    String deprovisionText = optionalText(json, "deprovision").orElse("delete");
    Deprovision deprovision;
    try {
      deprovision = Deprovision.valueOf(deprovisionText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("deprovision", "must be delete or deactivate, got '"
          + deprovisionText + "'");
    }
    return new ProviderSettings(name, baseUrl, VendorProfiles.byName(mode).orElseThrow().name(),
        overrides, type, username, clientId, tokenEndpoint, scope, secret, dryRun, verifyTls,
        maxRps, (int) concurrency, deprovision);
  }

  /** The field of {@code auth} that holds this auth type's secret, for messages. */
  public String secretField() {
    switch (authType) {
      case "basic":
        return "password";
      case "oauth":
        return "clientSecret";
      default:
        return "token";
    }
  }

  /** The vendor profile with this provider's overrides. */
  public VendorProfile profile() {
    return VendorProfiles.resolve(compatibilityMode, profileOverrides);
  }

  /** The definition as stored (without its secret). */
  public ProviderRecord toRecord(Instant now) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("dryRun", dryRun);
    settings.put("verifyTls", verifyTls);
    settings.put("maxRequestsPerSecond", maxRequestsPerSecond);
    settings.put("maxConcurrency", (long) maxConcurrency);
    settings.put("deprovision", deprovision.name().toLowerCase(Locale.ROOT));
    return new ProviderRecord(name, baseUrl.toString(), compatibilityMode, profileOverrides,
        authType, authUsername, authClientId, authTokenEndpoint, authScope, settings, now, now);
  }

  /** A stored definition with its secret, as the provider actor runs it. */
  public static ProviderSettings fromRecord(ProviderRecord record, Optional<String> secret) {
    Map<String, Object> s = record.settings();
    return new ProviderSettings(record.name(), URI.create(record.baseUrl()),
        record.compatibilityMode(), record.profileOverrides(), record.authType(),
        record.authUsername(), record.authClientId(), record.authTokenEndpoint(),
        record.authScope(), secret, Boolean.TRUE.equals(s.get("dryRun")),
        !Boolean.FALSE.equals(s.get("verifyTls")),
        s.get("maxRequestsPerSecond") instanceof Number n ? n.doubleValue() : 0,
        s.get("maxConcurrency") instanceof Number n ? n.intValue() : DEFAULT_MAX_CONCURRENCY,
        "deactivate".equals(s.get("deprovision")) ? Deprovision.DEACTIVATE : Deprovision.DELETE);
  }

  /** The same settings with the stored secret, when this definition left it out. */
  public ProviderSettings withSecretIfAbsent(Optional<String> stored) {
    if (secret.isPresent() || "none".equals(authType)) {
      return this;
    }
    return new ProviderSettings(name, baseUrl, compatibilityMode, profileOverrides, authType,
        authUsername, authClientId, authTokenEndpoint, authScope, stored, dryRun, verifyTls,
        maxRequestsPerSecond, maxConcurrency, deprovision);
  }

  /** What the API shows: everything but the secret. */
  public Map<String, Object> toDisplay() {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("type", authType);
    authUsername.ifPresent(v -> auth.put("username", v));
    authTokenEndpoint.ifPresent(v -> auth.put("tokenEndpoint", v));
    authClientId.ifPresent(v -> auth.put("clientId", v));
    authScope.ifPresent(v -> auth.put("scope", v));
    if (!"none".equals(authType)) {
      auth.put("secretSet", secret.isPresent());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("baseUrl", baseUrl.toString());
    out.put("compatibilityMode", compatibilityMode);
    out.put("profileOverrides", new TreeMap<>(profileOverrides));
    out.put("auth", auth);
    out.put("dryRun", dryRun);
    out.put("verifyTls", verifyTls);
    out.put("maxRequestsPerSecond", maxRequestsPerSecond);
    out.put("maxConcurrency", maxConcurrency);
    out.put("deprovision", deprovision.name().toLowerCase(Locale.ROOT));
    return out;
  }

  @Override
  public String toString() {
    return "ProviderSettings" + toDisplay();
  }

  private static URI baseUrl(Object value) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new InvalidFieldException("baseUrl", value == null ? "is required"
          : "must be a string, the SCIM base URL (https://host/scim/v2)");
    }
    return httpUrl(text.trim(), "baseUrl");
  }

  private static URI httpUrl(String text, String field) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidFieldException(field, "is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new InvalidFieldException(field, "must be an absolute http or https URL, got '"
          + text + "'");
    }
    if (uri.getUserInfo() != null) {
      throw new InvalidFieldException(field, "must not carry credentials; use \"auth\"");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new InvalidFieldException(field, "must not have a query or fragment");
    }
    return uri;
  }

  private static Map<String, String> overrides(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidFieldException("profileOverrides", "must be an object");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw new InvalidFieldException("profileOverrides." + e.getKey(),
            "must be a string, number or boolean");
      }
      out.put(String.valueOf(e.getKey()), v instanceof Double d && d == Math.rint(d)
          ? String.valueOf(d.longValue()) : String.valueOf(v));
    }
    return out;
  }

  private static void onlyKeys(Map<String, ?> auth, Set<String> allowed) {
    for (String key : new TreeMap<>(auth).keySet()) {
      if (!allowed.contains(key)) {
        throw new InvalidFieldException("auth." + key, "not used by auth type '" + auth.get("type")
            + "'; it takes " + List.copyOf(new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static Optional<String> secret(Map<String, ?> auth, String key, boolean required) {
    Object value = auth.get(key);
    if (value == null) {
      if (required) {
        throw new InvalidFieldException("auth." + key, "is required");
      }
      return Optional.empty();
    }
    if (!(value instanceof String text) || text.isEmpty()) {
      // never echo the value: it is a secret
      throw new InvalidFieldException("auth." + key, "must be a non-empty string");
    }
    return Optional.of(text);
  }

  private static String requiredText(Map<String, ?> json, String key, String field) {
    Object value = json.get(key);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new InvalidFieldException(field, value == null ? "is required"
          : "must be a non-empty string");
    }
    return text;
  }

  private static Optional<String> optionalText(Map<String, ?> json, String key) {
    Object value = json.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new InvalidFieldException(key, "must be a non-empty string");
    }
    return Optional.of(text.trim());
  }

  private static boolean bool(Map<String, ?> json, String key, boolean fallback) {
    Object value = json.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    // HOCON from environment variables arrives as text
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new InvalidFieldException(key, "must be true or false, got '" + value + "'");
  }

  private static double number(Map<String, ?> json, String key, double fallback) {
    Object value = json.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new InvalidFieldException(key, "must be a number, got '" + value + "'");
  }
}
