package io.scimsync.app.config;

import io.scimsync.adapters.scim.TransportSettings;
import io.scimsync.app.provider.ProviderSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon's configuration, validated: what {@code scimsync { ... }} in HOCON (reference.conf,
 * then {@code application.conf} or {@code --config}, then environment variables, then command-line
 * options) resolves to. Built by {@link AppConfigLoader}; tests build it with {@link #defaults}.
 *
 * @param dataDir           embedded PostgreSQL, the secret key and the generated admin token
 * @param databaseUrl       an external PostgreSQL (JDBC URL); empty = embedded in dataDir
 * @param adminHost         where the admin API listens (loopback by default)
 * @param adminPort         its port; 0 = any free port
 * @param adminToken        the bearer token for /api; empty = read or generate
 *                          {@code dataDir/admin.token}
 * @param secretKey         base64 AES-256 key for provider secrets; empty = {@code dataDir/secret.key}
 * @param reconcileInterval full reconcile period per provider; zero = only on demand
 * @param pollInterval      how often the change feed is polled when no notification arrives
 * @param lease             how long a claimed object stays ours before another worker may take it
 * @param claimBatch        objects claimed per database round trip
 * @param retryBase         first per-object retry delay after a transient failure
 * @param retryMax          longest per-object retry delay
 * @param shutdownTimeout   how long SIGTERM waits for in-flight requests
 * @param connectTimeout    SCIM connect timeout
 * @param requestTimeout    SCIM request timeout
 * @param maxReplyDepth     levels of objects and arrays a SCIM reply may nest; deeper replies are
 *                          unreadable (a permanent failure of the object)
 * @param retention         how long sync outcomes and runs are kept
 * @param jsonLogs          JSON log lines instead of text
 * @param providers         providers declared in the file (stored at start, file wins)
 */
public record AppConfig(Path dataDir, Optional<String> databaseUrl, String adminHost,
                        int adminPort, Optional<String> adminToken, Optional<String> secretKey,
                        Duration reconcileInterval, Duration pollInterval, Duration lease,
                        int claimBatch, Duration retryBase, Duration retryMax,
                        Duration shutdownTimeout, Duration connectTimeout,
                        Duration requestTimeout, int maxReplyDepth, Duration retention,
                        boolean jsonLogs,
                        List<ProviderSettings> providers) {
  public AppConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(adminHost, "adminHost");
    Objects.requireNonNull(adminToken, "adminToken");
    Objects.requireNonNull(secretKey, "secretKey");
    providers = List.copyOf(providers);
  }

  /** The built-in defaults (the same as reference.conf) for a data directory. */
  public static AppConfig defaults(Path dataDir) {
    return new AppConfig(dataDir, Optional.empty(), "127.0.0.1", 8080, Optional.empty(),
        Optional.empty(), Duration.ofHours(4), Duration.ofSeconds(1), Duration.ofMinutes(5), 100,
        Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(10),
        Duration.ofSeconds(5), Duration.ofSeconds(30), TransportSettings.DEFAULT_MAX_REPLY_DEPTH,
        Duration.ofDays(7), false, List.of());
  }

  public AppConfig withAdminPort(int port) {
    return new AppConfig(dataDir, databaseUrl, adminHost, port, adminToken, secretKey,
        reconcileInterval, pollInterval, lease, claimBatch, retryBase, retryMax, shutdownTimeout,
        connectTimeout, requestTimeout, maxReplyDepth, retention, jsonLogs, providers);
  }

  public AppConfig withDatabaseUrl(Optional<String> url) {
    return new AppConfig(dataDir, url, adminHost, adminPort, adminToken, secretKey,
        reconcileInterval, pollInterval, lease, claimBatch, retryBase, retryMax, shutdownTimeout,
        connectTimeout, requestTimeout, maxReplyDepth, retention, jsonLogs, providers);
  }

  public AppConfig withAdminToken(Optional<String> token) {
    return new AppConfig(dataDir, databaseUrl, adminHost, adminPort, token, secretKey,
        reconcileInterval, pollInterval, lease, claimBatch, retryBase, retryMax, shutdownTimeout,
        connectTimeout, requestTimeout, maxReplyDepth, retention, jsonLogs, providers);
  }

  public AppConfig withProviders(List<ProviderSettings> list) {
    return new AppConfig(dataDir, databaseUrl, adminHost, adminPort, adminToken, secretKey,
        reconcileInterval, pollInterval, lease, claimBatch, retryBase, retryMax, shutdownTimeout,
        connectTimeout, requestTimeout, maxReplyDepth, retention, jsonLogs, list);
  }

  public AppConfig withTimings(Duration poll, Duration leaseTime, Duration base, Duration max) {
    return new AppConfig(dataDir, databaseUrl, adminHost, adminPort, adminToken, secretKey,
        reconcileInterval, poll, leaseTime, claimBatch, base, max, shutdownTimeout,
        connectTimeout, requestTimeout, maxReplyDepth, retention, jsonLogs, providers);
  }

  public AppConfig withMaxReplyDepth(int depth) {
    return new AppConfig(dataDir, databaseUrl, adminHost, adminPort, adminToken, secretKey,
        reconcileInterval, pollInterval, lease, claimBatch, retryBase, retryMax, shutdownTimeout,
        connectTimeout, requestTimeout, depth, retention, jsonLogs, providers);
  }

  public AppConfig withReconcileInterval(Duration interval) {
    return new AppConfig(dataDir, databaseUrl, adminHost, adminPort, adminToken, secretKey,
        interval, pollInterval, lease, claimBatch, retryBase, retryMax, shutdownTimeout,
        connectTimeout, requestTimeout, maxReplyDepth, retention, jsonLogs, providers);
  }
}
