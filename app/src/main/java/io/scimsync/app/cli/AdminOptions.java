package io.scimsync.app.cli;

import io.scimsync.app.provider.ProviderSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the client commands find a running daemon's admin API and its token. */
final class AdminOptions {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(names = "--provider", required = true, paramLabel = "NAME",
      description = "the provider, as named in PUT /api/v1/providers/NAME")
  String provider;

  @Option(names = "--admin-url", paramLabel = "URL",
      description = "the daemon's admin API (default: $SCIMSYNC_ADMIN_URL, else " + DEFAULT_URL
          + ")")
  String adminUrl;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "admin token (default: $SCIMSYNC_ADMIN_TOKEN, else DIR/admin.token)")
  String token;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "where the daemon keeps admin.token (default: $SCIMSYNC_DATA_DIR, else "
          + "./scimsync-data)")
  Path dataDir;

  /** The provider name, checked so that it can go into a path unescaped. */
  String provider() {
    if (!ProviderSettings.NAME.matcher(provider).matches()) {
      throw new CliFailure(2, "--provider: '" + provider + "' is not a provider name (letters, "
          + "digits, '.', '_', '-')");
    }
    return provider;
  }

  URI baseUrl(Map<String, String> env) {
    String text = Optional.ofNullable(adminUrl)
        .or(() -> Optional.ofNullable(env.get("SCIMSYNC_ADMIN_URL")).filter(s -> !s.isBlank()))
        .orElse(DEFAULT_URL).trim().replaceAll("/+$", "");
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(2, "--admin-url: not a URL: " + text);
    }
    if (uri.getHost() == null || !("http".equals(uri.getScheme())
        || "https".equals(uri.getScheme()))) {
      throw new CliFailure(2, "--admin-url: must be an http(s) URL such as " + DEFAULT_URL
          + ", got " + text);
    }
    return uri;
  }

  String token(Map<String, String> env) {
    if (token != null && !token.isBlank()) {
      return token.trim();
    }
    String fromEnv = env.get("SCIMSYNC_ADMIN_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    Path dir = Optional.ofNullable(dataDir)
        .or(() -> Optional.ofNullable(env.get("SCIMSYNC_DATA_DIR")).filter(s -> !s.isBlank())
            .map(Path::of))
        .orElse(Path.of("scimsync-data"));
    Path file = dir.resolve("admin.token");
    if (!Files.isReadable(file)) {
      throw new CliFailure(2, "no admin token: pass --token, set SCIMSYNC_ADMIN_TOKEN, or point "
          + "--data-dir at the daemon's data directory (no readable " + file + ")");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (text.isEmpty()) {
        throw new CliFailure(2, file + " is empty");
      }
      return text;
    } catch (IOException e) {
      throw new CliFailure(2, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
