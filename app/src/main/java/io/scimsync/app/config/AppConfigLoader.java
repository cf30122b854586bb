package io.scimsync.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.scimsync.adapters.scim.TransportSettings;
import io.scimsync.app.InvalidFieldException;
import io.scimsync.app.provider.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Builds the {@link AppConfig} from, lowest first: {@code reference.conf}, {@code application.conf}
 * in the working directory (or the {@code --config} file instead), environment variables,
 * command-line options.
 *
 * <p>Every key below {@code scimsync} has an environment variable: {@code SCIMSYNC_} and the path
 * below {@code scimsync.}, upper-cased, with '.' and '-' turned into '_' ({@code admin.port} is
 * {@code SCIMSYNC_ADMIN_PORT}, {@code providers.acme.auth.token} is
 * {@code SCIMSYNC_PROVIDERS_ACME_AUTH_TOKEN}). Providers are reachable this way only when the file
 * declares them, since a variable name cannot tell {@code acme} from {@code Acme}. An empty
 * variable unsets an optional key (the usual meaning of {@code X=} in compose files).
 *
 * <p>Anything invalid stops start-up with one {@link InvalidFieldException} naming the full key
 * and where the value came from; secrets are never part of the message.
 */
public final class AppConfigLoader {
  static final String ROOT = "scimsync";
  static final String ENV_PREFIX = "SCIMSYNC_";

  /** Keys without a default, so that no leaf in reference.conf reveals them. */
  private static final List<String> OPTIONAL_KEYS = List.of("database.url", "admin.token",
      "secret-key");
  /** database.url may carry a password in its query string, so it is treated as a secret too. */
  private static final Set<String> SECRET_KEYS = Set.of("database.url", "admin.token",
      "secret-key");
  private static final Set<String> PROVIDER_SECRETS = Set.of("token", "password", "clientSecret");
  /** What a provider may hold even when the file leaves it out: the targets of env overrides. */
  private static final List<String> PROVIDER_KEYS = List.of("baseUrl", "compatibilityMode",
      "dryRun", "verifyTls", "maxRequestsPerSecond", "maxConcurrency", "deprovision", "auth.type",
      "auth.token", "auth.username", "auth.password", "auth.tokenEndpoint", "auth.clientId",
      "auth.clientSecret", "auth.scope");
  /**
   * Subtrees not checked key by key here: ProviderSettings checks providers, and the database
   * dispatcher is Pekko's, read by the actor system from its own configuration.
   */
  private static final Set<String> FREE_FORM = Set.of("providers", "db-dispatcher");
  private static final Set<String> LOG_FORMATS = Set.of("text", "json");
  private static final Pattern HAS_UNIT = Pattern.compile(".*[0-9]\\s*[a-zA-Z]+\\s*");

  private AppConfigLoader() {
  }

  /**
   * The command-line options that override configuration; empty = not given.
   */
  public record Overrides(Optional<Path> dataDir, Optional<String> dbUrl,
                          Optional<Integer> adminPort) {
    public Overrides {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(dbUrl, "dbUrl");
      Objects.requireNonNull(adminPort, "adminPort");
    }

    public static Overrides none() {
      return new Overrides(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /**
   * Loads and validates the configuration, reading {@code application.conf} from the process's
   * working directory when no file is given.
   *
   * @param configFile {@code --config}: must exist; replaces {@code application.conf}
   * @param env        the environment ({@code System.getenv()}); also what {@code ${?VAR}} in the
   *                   file resolves against
   * @throws InvalidFieldException naming the first invalid key
   */
  public static AppConfig load(Optional<Path> configFile, Map<String, String> env,
                               Overrides cli) {
    return load(configFile, env, cli, Path.of("").toAbsolutePath());
  }

  /** As {@link #load(Optional, Map, Overrides)}, with {@code workingDir} as the working directory. */
  static AppConfig load(Optional<Path> configFile, Map<String, String> env, Overrides cli,
                        Path workingDir) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(cli, "cli");
    Config reference = ConfigFactory.parseResources(AppConfigLoader.class.getClassLoader(),
        "reference.conf").withOnlyPath(ROOT);
    Config file = readFile(configFile, workingDir);
    // ${?VAR} in the file resolves against the env map given, not the process's, so tests can pass one
    Config envRoot = ConfigValueFactory.fromMap(env, "environment").toConfig();

    Config declared = resolve(file.withFallback(reference).withFallback(envRoot));
    Config envLayer = envOverrides(scimsyncOf(declared), env);
    Config cliLayer = cliOverrides(cli);
    Config merged = resolve(cliLayer.withFallback(envLayer).withFallback(file)
        .withFallback(reference).withFallback(envRoot));
    Config scimsync = scimsyncOf(merged);
    checkKnownKeys(scimsync.root(), reference.resolve().getConfig(ROOT).root(), ROOT, "");
    return new Reader(scimsync, workingDir).read();
  }

  /** The name of the environment variable that overrides {@code scimsync.<path>}. */
  public static String envName(List<String> pathBelowRoot) {
    return ENV_PREFIX + String.join("_", pathBelowRoot).toUpperCase(Locale.ROOT)
        .replace('.', '_').replace('-', '_');
  }

  private static Config readFile(Optional<Path> configFile, Path workingDir) {
    Path path;
    String label;
    if (configFile.isPresent()) {
      path = workingDir.resolve(configFile.get()).normalize();
      label = "--config";
      if (!Files.exists(path)) {
        throw new InvalidFieldException(label, "no such file: " + path);
      }
      if (!Files.isRegularFile(path)) {
        throw new InvalidFieldException(label, "not a regular file: " + path);
      }
    } else {
      path = workingDir.resolve("application.conf");
      label = "application.conf";
      if (!Files.exists(path)) {
        return ConfigFactory.empty();
      }
    }
    if (!Files.isReadable(path)) {
      throw new InvalidFieldException(label, "cannot read " + path);
    }
    try {
      return ConfigFactory.parseFile(path.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw fileProblem(e, path.toString());
    }
  }

  private static Config resolve(Config config) {
    try {
      return config.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    } catch (ConfigException.UnresolvedSubstitution e) {
      InvalidFieldException located = fileProblem(e, "configuration");
      throw new InvalidFieldException(located.field(), located.problem()
          + " (set that environment variable, or write ${?NAME} to make it optional)");
    } catch (ConfigException e) {
      throw fileProblem(e, "configuration");
    }
  }

  /** A syntax or resolution error: the file (possibly an included one) as field, line in front. */
  private static InvalidFieldException fileProblem(ConfigException e, String fallbackLabel) {
    ConfigOrigin origin = e.origin();
    String message = e.getMessage();
    String label = fallbackLabel;
    if (origin != null) {
      if (message.startsWith(origin.description() + ": ")) {
        message = message.substring(origin.description().length() + 2);
      }
      if (origin.filename() != null) {
        label = origin.filename();
      } else if (origin.url() != null) {
        label = origin.url().toString();
      }
      if (origin.lineNumber() > 0) {
        message = "line " + origin.lineNumber() + ": " + message;
      }
    }
    return new InvalidFieldException(label, message);
  }

  private static Config scimsyncOf(Config config) {
    ConfigValue value = config.root().get(ROOT);
    if (value == null || value.valueType() != ConfigValueType.OBJECT) {
      throw new InvalidFieldException(ROOT, "must be an object" + where(value));
    }
    return ((ConfigObject) value).toConfig();
  }

  private static Config envOverrides(Config declared, Map<String, String> env) {
    List<List<String>> paths = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> leaf : declared.entrySet()) {
      List<String> path = ConfigUtil.splitPath(leaf.getKey());
      if (!path.get(0).equals("db-dispatcher")) {
        paths.add(path);
      }
    }
    OPTIONAL_KEYS.forEach(k -> paths.add(ConfigUtil.splitPath(k)));
    ConfigValue providers = declared.root().get("providers");
    if (providers instanceof ConfigObject declaredProviders) {
      for (String name : declaredProviders.keySet()) {
        for (String key : PROVIDER_KEYS) {
          List<String> path = new ArrayList<>(List.of("providers", name));
          path.addAll(ConfigUtil.splitPath(key));
          paths.add(path);
        }
      }
    }
    Config layer = ConfigFactory.empty();
    for (List<String> path : paths) {
      String name = envName(path);
      String value = env.get(name);
      if (value == null) {
        continue;
      }
      String origin = "environment variable " + name;
      boolean optional = OPTIONAL_KEYS.contains(String.join(".", path))
          || (path.get(0).equals("providers") && !path.get(path.size() - 1).equals("baseUrl"));
      Object unwrapped = value.isEmpty() && optional ? null : value;
      layer = layer.withValue(ConfigUtil.joinPath(withRoot(path)),
          ConfigValueFactory.fromAnyRef(unwrapped, origin));
    }
    return layer;
  }

  private static Config cliOverrides(Overrides cli) {
    Config layer = ConfigFactory.empty();
    if (cli.dataDir().isPresent()) {
      layer = layer.withValue(ROOT + ".data-dir",
          ConfigValueFactory.fromAnyRef(cli.dataDir().get().toString(), "option --data-dir"));
    }
    if (cli.dbUrl().isPresent()) {
      layer = layer.withValue(ROOT + ".database.url",
          ConfigValueFactory.fromAnyRef(cli.dbUrl().get(), "option --db-url"));
    }
    if (cli.adminPort().isPresent()) {
      layer = layer.withValue(ROOT + ".admin.port",
          ConfigValueFactory.fromAnyRef(cli.adminPort().get(), "option --admin-port"));
    }
    return layer;
  }

  private static List<String> withRoot(List<String> path) {
    List<String> full = new ArrayList<>(path.size() + 1);
    full.add(ROOT);
    full.addAll(path);
    return full;
  }

  /** Typo protection: every key must exist in reference.conf or be a known optional key. */
  private static void checkKnownKeys(ConfigObject actual, ConfigObject reference, String prefix,
                                     String relative) {
    Set<String> known = new TreeSet<>(reference.keySet());
    for (String optional : OPTIONAL_KEYS) {
      List<String> parts = ConfigUtil.splitPath(optional);
      String parent = String.join(".", parts.subList(0, parts.size() - 1));
      if (parent.equals(relative)) {
        known.add(parts.get(parts.size() - 1));
      }
    }
    for (String key : new TreeSet<>(actual.keySet())) {
      String full = prefix + "." + ConfigUtil.joinPath(key);
      if (!known.contains(key)) {
        throw new InvalidFieldException(full, "unknown key" + where(actual.get(key))
            + "; known keys of " + prefix + ": " + String.join(", ", known));
      }
      ConfigValue value = actual.get(key);
      ConfigValue expected = reference.get(key);
      if (expected instanceof ConfigObject expectedObject && !FREE_FORM.contains(key)) {
        if (!(value instanceof ConfigObject actualObject)) {
          throw new InvalidFieldException(full, "must be an object with keys "
              + String.join(", ", new TreeSet<>(expectedObject.keySet())) + where(value));
        }
        checkKnownKeys(actualObject, expectedObject, full,
            relative.isEmpty() ? key : relative + "." + key);
      }
    }
  }

  private static String where(ConfigValue value) {
    if (value == null || value.origin() == null || value.origin().description() == null) {
      return "";
    }
    return " (" + value.origin().description() + ")";
  }

  /** Reads and checks each field of the merged {@code scimsync} block. */
  private static final class Reader {
    private final Config config;
    private final Path workingDir;

    Reader(Config config, Path workingDir) {
      this.config = config;
      this.workingDir = workingDir;
    }

    AppConfig read() {
      Path dataDir = workingDir.resolve(text("data-dir")).normalize();
      Optional<String> databaseUrl = optionalText("database.url");
      databaseUrl.ifPresent(url -> {
        if (!url.startsWith("jdbc:postgresql:")) {
          throw invalid("database.url", "must be a PostgreSQL JDBC URL starting with "
              + "jdbc:postgresql:");
        }
      });
      String adminHost = text("admin.host");
      int adminPort = integer("admin.port", 0, 65535);
      Optional<String> adminToken = optionalText("admin.token");
      adminToken.ifPresent(token -> {
        if (token.chars().anyMatch(Character::isWhitespace)) {
          throw invalid("admin.token", "must not contain whitespace");
        }
      });
      Optional<String> secretKey = optionalText("secret-key");
      secretKey.ifPresent(AppConfigLoader.Reader::checkSecretKey);
      Duration reconcileInterval = duration("reconcile.interval", true);
      Duration pollInterval = duration("poll-interval", false);
      Duration lease = duration("lease", false);
      int claimBatch = integer("claim-batch", 1, 10_000);
      Duration retryBase = duration("retry.base", false);
      Duration retryMax = duration("retry.max", false);
      if (retryMax.compareTo(retryBase) < 0) {
        throw invalid("retry.max", "must not be shorter than scimsync.retry.base ("
            + retryBase + "), got " + retryMax + where("retry.max"));
      }
      Duration shutdownTimeout = duration("shutdown-timeout", true);
      duration("ask-timeout", false);
      Duration connectTimeout = duration("scim.connect-timeout", false);
      Duration requestTimeout = duration("scim.request-timeout", false);
      int maxReplyDepth = integer("scim.max-reply-depth", TransportSettings.MIN_REPLY_DEPTH,
          TransportSettings.MAX_REPLY_DEPTH);
      Duration retention = duration("retention", false);
      String logFormat = text("log-format").trim().toLowerCase(Locale.ROOT);
      if (!LOG_FORMATS.contains(logFormat)) {
        throw invalid("log-format", "must be text or json, got '" + shown("log-format") + "'"
            + where("log-format"));
      }
      return new AppConfig(dataDir, databaseUrl, adminHost, adminPort, adminToken, secretKey,
          reconcileInterval, pollInterval, lease, claimBatch, retryBase, retryMax,
          shutdownTimeout, connectTimeout, requestTimeout, maxReplyDepth, retention,
          logFormat.equals("json"),
          providers());
    }

    private List<ProviderSettings> providers() {
      ConfigValue value = config.root().get("providers");
      if (value == null || value.valueType() == ConfigValueType.NULL) {
        return List.of();
      }
      if (!(value instanceof ConfigObject providers)) {
        throw invalid("providers", "must be an object: one entry per provider name"
            + AppConfigLoader.where(value));
      }
      List<ProviderSettings> out = new ArrayList<>();
      for (String name : new TreeSet<>(providers.keySet())) {
        String key = ROOT + ".providers." + ConfigUtil.joinPath(name);
        if (!ProviderSettings.NAME.matcher(name).matches()) {
          throw new InvalidFieldException(key, "is not a usable provider name: use 1-63 letters, "
              + "digits, '.', '_' or '-', starting with a letter or digit");
        }
        ConfigValue definition = providers.get(name);
        if (!(definition instanceof ConfigObject object)) {
          throw new InvalidFieldException(key, "must be an object with baseUrl and auth"
              + AppConfigLoader.where(definition));
        }
        Map<String, Object> json = new LinkedHashMap<>(object.unwrapped());
        try {
          out.add(ProviderSettings.parse(name, json, true));
        } catch (InvalidFieldException e) {
          InvalidFieldException named = e.under(key);
          ConfigValue at = valueAt(object, e.field());
          boolean secret = PROVIDER_SECRETS.contains(last(e.field()));
          throw new InvalidFieldException(named.field(), named.problem()
              + (secret ? "" : AppConfigLoader.where(at)));
        }
      }
      return out;
    }

    private static ConfigValue valueAt(ConfigObject object, String dotted) {
      ConfigValue current = object;
      for (String part : dotted.split("\\.")) {
        if (!(current instanceof ConfigObject o) || o.get(part) == null) {
          return null;
        }
        current = o.get(part);
      }
      return current;
    }

    private static String last(String dotted) {
      int dot = dotted.lastIndexOf('.');
      return dot < 0 ? dotted : dotted.substring(dot + 1);
    }

    private static void checkSecretKey(String key) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(key.trim());
      } catch (IllegalArgumentException e) {
        throw invalid("secret-key", "must be base64 (standard alphabet) of a 32-byte key");
      }
      if (bytes.length != 32) {
        throw invalid("secret-key", "must be base64 of exactly 32 bytes (AES-256), decodes to "
            + bytes.length);
      }
    }

    private String text(String path) {
      ConfigValue value = present(path);
      if (value.valueType() != ConfigValueType.STRING && value.valueType() != ConfigValueType.NUMBER
          && value.valueType() != ConfigValueType.BOOLEAN) {
        throw invalid(path, "must be a string, got " + describeType(value) + where(path));
      }
      String text = String.valueOf(value.unwrapped());
      if (text.isBlank()) {
        throw invalid(path, "must not be empty" + where(path));
      }
      return text;
    }

    private Optional<String> optionalText(String path) {
      if (!config.hasPath(path)) {
        return Optional.empty();
      }
      ConfigValue value = config.getValue(path);
      if (value.valueType() != ConfigValueType.STRING) {
        throw invalid(path, "must be a string, got " + describeType(value) + where(path));
      }
      String text = (String) value.unwrapped();
      return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    private int integer(String path, int min, int max) {
      ConfigValue value = present(path);
      long number;
      try {
        number = config.getLong(path);
      } catch (ConfigException.WrongType e) {
        throw invalid(path, "must be a whole number from " + min + " to " + max + ", got '"
            + shown(path) + "'" + where(path));
      }
      if (value.valueType() == ConfigValueType.NUMBER
          && ((Number) value.unwrapped()).doubleValue() != number) {
        throw invalid(path, "must be a whole number, got " + shown(path) + where(path));
      }
      if (number < min || number > max) {
        throw invalid(path, "must be from " + min + " to " + max + ", got " + number
            + where(path));
      }
      return (int) number;
    }

    private Duration duration(String path, boolean zeroAllowed) {
      ConfigValue value = present(path);
      String text = String.valueOf(value.unwrapped()).trim();
      if (value.valueType() == ConfigValueType.NUMBER
          || (value.valueType() == ConfigValueType.STRING && !HAS_UNIT.matcher(text).matches())) {
        // a bare number would silently mean milliseconds
        throw invalid(path, "must be a duration with a unit (ms, s, m, h, d), e.g. 30s, got '"
            + shown(path) + "'" + where(path));
      }
      Duration duration;
      try {
        duration = config.getDuration(path);
      } catch (ConfigException.BadValue | ConfigException.WrongType e) {
        throw invalid(path, "must be a duration such as 500ms, 30s, 5m, 4h or 7d, got '"
            + shown(path) + "'" + where(path));
      }
      if (duration.isNegative()) {
        throw invalid(path, "must not be negative, got " + text + where(path));
      }
      if (duration.isZero() && !zeroAllowed) {
        throw invalid(path, "must be longer than zero" + where(path));
      }
      return duration;
    }

    private ConfigValue present(String path) {
      try {
        if (!config.hasPath(path)) {
          throw invalid(path, "is required");
        }
        return config.getValue(path);
      } catch (ConfigException.WrongType e) {
        // a parent that is not an object, e.g. admin = 5
        throw invalid(path, "cannot be read: " + parentProblem(path));
      }
    }

    private String parentProblem(String path) {
      List<String> parts = ConfigUtil.splitPath(path);
      for (int i = 1; i < parts.size(); i++) {
        String parent = ConfigUtil.joinPath(parts.subList(0, i));
        if (config.hasPath(parent) && config.getValue(parent).valueType() != ConfigValueType.OBJECT) {
          return ROOT + "." + parent + " must be an object" + where(parent);
        }
      }
      return "wrong type";
    }

    private String shown(String path) {
      if (SECRET_KEYS.contains(path)) {
        return "(hidden)";
      }
      ConfigValue value = config.getValue(path);
      String text = value.valueType() == ConfigValueType.STRING ? (String) value.unwrapped()
          : value.render(ConfigRenderOptions.concise());
      return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private String where(String path) {
      try {
        return config.hasPath(path) ? AppConfigLoader.where(config.getValue(path)) : "";
      } catch (ConfigException e) {
        return "";
      }
    }

    private static String describeType(ConfigValue value) {
      return switch (value.valueType()) {
        case OBJECT -> "an object";
        case LIST -> "a list";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
        case STRING -> "a string";
      };
    }

    private static InvalidFieldException invalid(String path, String problem) {
      return new InvalidFieldException(ROOT + "." + path, problem);
    }
  }
}
