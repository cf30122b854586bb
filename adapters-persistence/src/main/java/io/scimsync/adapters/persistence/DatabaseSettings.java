package io.scimsync.adapters.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the database is and how to pool connections to it.
 *
 * <p>With a {@code jdbcUrl} (for example
 * {@code jdbc:postgresql://db.example.com:5432/scimsync?user=scimsync&password=...}) that server is
 * used; credentials go either inside the URL or in {@code user}/{@code password}. Without one, an
 * embedded PostgreSQL keeps its files in {@code <dataDirectory>/postgres}. Passwords, separate or
 * inside the URL, never appear in {@link #toString()}.
 *
 * @param jdbcUrl an external PostgreSQL; empty for the embedded one
 * @param user the user, when not given in the URL
 * @param password the password, when not given in the URL
 * @param dataDirectory the daemon's data directory (the embedded server lives in its {@code postgres} folder)
 * @param poolSize the most connections the pool opens (default 10)
 * @param connectionTimeout how long a caller waits for a pooled connection, and how long start waits
 *     for the first one, before failing (default 30 s)
 */
public record DatabaseSettings(
    Optional<String> jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    Path dataDirectory,
    int poolSize,
    Duration connectionTimeout) {

  public static final int DEFAULT_POOL_SIZE = 10;
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

  // the value of any parameter whose name ends in "password" (password, sslpassword), and the
  // password of a user-info part (//user:password@host), in case a driver accepts one
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;][^=&;?]*password=)[^&;]*");
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:?]*:)[^/@?]*@");
  private static final String HIDDEN = "***";

  public DatabaseSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    jdbcUrl = jdbcUrl.filter(url -> !url.isBlank());
    jdbcUrl.ifPresent(url -> {
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql: but was "
            + hidePasswords(url));
      }
    });
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1 but was " + poolSize);
    }
    // HikariCP refuses anything shorter
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectionTimeout must be at least 250 ms but was "
          + connectionTimeout);
    }
  }

  /** The embedded PostgreSQL in {@code <dataDirectory>/postgres}, with default pool settings. */
  public static DatabaseSettings embedded(Path dataDirectory) {
    return new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty(), dataDirectory,
        DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
  }

  /** The PostgreSQL at {@code jdbcUrl} (credentials inside the URL), with default pool settings. */
  public static DatabaseSettings external(String jdbcUrl, Path dataDirectory) {
    return new DatabaseSettings(Optional.of(jdbcUrl), Optional.empty(), Optional.empty(),
        dataDirectory, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
  }

  public DatabaseSettings withCredentials(String user, String password) {
    return new DatabaseSettings(jdbcUrl, Optional.of(user), Optional.of(password), dataDirectory,
        poolSize, connectionTimeout);
  }

  public DatabaseSettings withPoolSize(int poolSize) {
    return new DatabaseSettings(jdbcUrl, user, password, dataDirectory, poolSize, connectionTimeout);
  }

  public DatabaseSettings withConnectionTimeout(Duration connectionTimeout) {
    return new DatabaseSettings(jdbcUrl, user, password, dataDirectory, poolSize, connectionTimeout);
  }

  /** True when no external URL is configured, so {@link Database#start} runs the embedded server. */
  public boolean embedded() {
    return jdbcUrl.isEmpty();
  }

  /** {@code url} with the value of every password parameter replaced by {@code ***}. */
  static String hidePasswords(String url) {
    String hidden = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + HIDDEN);
    return USER_INFO_PASSWORD.matcher(hidden).replaceAll("$1" + HIDDEN + "@");
  }

  @Override
  public String toString() {
    return "DatabaseSettings[jdbcUrl=" + jdbcUrl.map(DatabaseSettings::hidePasswords).orElse("(embedded)")
        + ", user=" + user.orElse("(from URL)")
        + ", password=" + password.map(p -> HIDDEN).orElse("(none)")
        + ", dataDirectory=" + dataDirectory
        + ", poolSize=" + poolSize
        + ", connectionTimeout=" + connectionTimeout + "]";
  }
}
