package io.scimsync.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.app.InvalidFieldException;
import io.scimsync.app.config.AppConfigLoader.Overrides;
import io.scimsync.app.provider.ProviderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppConfigLoaderTest {
  private static final String SECRET = "s3cr3t-VALUE-4711";

  @TempDir
  Path dir;

  private AppConfig load(Map<String, String> env) {
    return AppConfigLoader.load(Optional.empty(), env, Overrides.none(), dir);
  }

  private AppConfig loadFile(String hocon, Map<String, String> env) throws IOException {
    Path file = Files.writeString(dir.resolve("test.conf"), hocon);
    return AppConfigLoader.load(Optional.of(file), env, Overrides.none(), dir);
  }

  @Test
  void equalsAppConfigDefaults_whenNothingIsConfigured() {
    assertThat(load(Map.of())).isEqualTo(AppConfig.defaults(dir.resolve("scimsync-data")));
  }

  @Test
  void readsApplicationConf_fromTheWorkingDirectory() throws IOException {
    Files.writeString(dir.resolve("application.conf"), "scimsync.admin.port = 9001\n");

    assertThat(load(Map.of()).adminPort()).isEqualTo(9001);
  }

  @Test
  void ignoresApplicationConf_whenAConfigFileIsGiven() throws IOException {
    Files.writeString(dir.resolve("application.conf"), "scimsync.admin.port = 9001\n");

    assertThat(loadFile("scimsync.lease = 2m", Map.of()).adminPort()).isEqualTo(8080);
  }

  @Test
  void fileOverridesDefaults() throws IOException {
    AppConfig config = loadFile("""
        scimsync {
          data-dir = "/var/lib/scimsync"
          database.url = "jdbc:postgresql://db:5432/scimsync"
          admin { host = "0.0.0.0", port = 9090, token = "abcdefabcdef" }
          secret-key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
          reconcile.interval = 0s
          poll-interval = 250ms
          lease = 2m
          claim-batch = 500
          retry { base = 2s, max = 10m }
          shutdown-timeout = 30s
          scim { connect-timeout = 3s, request-timeout = 1m, max-reply-depth = 100 }
          retention = 30d
          log-format = json
        }
        """, Map.of());

    assertThat(config).isEqualTo(new AppConfig(Path.of("/var/lib/scimsync"),
        Optional.of("jdbc:postgresql://db:5432/scimsync"), "0.0.0.0", 9090,
        Optional.of("abcdefabcdef"), Optional.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        Duration.ZERO, Duration.ofMillis(250), Duration.ofMinutes(2), 500, Duration.ofSeconds(2),
        Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(3),
        Duration.ofMinutes(1), 100, Duration.ofDays(30), true, List.of()));
  }

  @Test
  void resolvesARelativeDataDir_againstTheWorkingDirectory() throws IOException {
    assertThat(loadFile("scimsync.data-dir = data", Map.of()).dataDir())
        .isEqualTo(dir.resolve("data"));
  }

  @Test
  void environmentOverridesNestedKeys() throws IOException {
    AppConfig config = loadFile("scimsync.admin.port = 9001", Map.of(
        "SCIMSYNC_ADMIN_PORT", "9100",
        "SCIMSYNC_RECONCILE_INTERVAL", "30m",
        "SCIMSYNC_DATABASE_URL", "jdbc:postgresql://env/db",
        "SCIMSYNC_ADMIN_TOKEN", "from-env-token",
        "SCIMSYNC_DATA_DIR", "/srv/data",
        "SCIMSYNC_LOG_FORMAT", "JSON",
        "SCIMSYNC_RETRY_MAX", "1h",
        "SCIMSYNC_SCIM_MAX_REPLY_DEPTH", "32"));

    assertThat(config.adminPort()).isEqualTo(9100);
    assertThat(config.reconcileInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.databaseUrl()).contains("jdbc:postgresql://env/db");
    assertThat(config.adminToken()).contains("from-env-token");
    assertThat(config.dataDir()).isEqualTo(Path.of("/srv/data"));
    assertThat(config.jsonLogs()).isTrue();
    assertThat(config.retryMax()).isEqualTo(Duration.ofHours(1));
    assertThat(config.maxReplyDepth()).isEqualTo(32);
  }

  @Test
  void emptyEnvironmentVariable_unsetsAnOptionalKey() throws IOException {
    AppConfig config = loadFile("scimsync.database.url = \"jdbc:postgresql://file/db\"",
        Map.of("SCIMSYNC_DATABASE_URL", ""));

    assertThat(config.databaseUrl()).isEmpty();
  }

  @Test
  void ignoresUnrelatedEnvironmentVariables() {
    assertThat(load(Map.of("SCIMSYNC_ADMIN_URL", "http://x", "SCIMSYNC_TEST_DB_URL", "y",
        "HOME", "/root")))
        .isEqualTo(AppConfig.defaults(dir.resolve("scimsync-data")));
  }

  @Test
  void commandLineBeatsEnvironment() throws IOException {
    AppConfig config = AppConfigLoader.load(Optional.empty(), Map.of(
            "SCIMSYNC_ADMIN_PORT", "9100", "SCIMSYNC_DATA_DIR", "/env",
            "SCIMSYNC_DATABASE_URL", "jdbc:postgresql://env/db"),
        new Overrides(Optional.of(Path.of("cli-data")), Optional.of("jdbc:postgresql://cli/db"),
            Optional.of(0)), dir);

    assertThat(config.adminPort()).isZero();
    assertThat(config.dataDir()).isEqualTo(dir.resolve("cli-data"));
    assertThat(config.databaseUrl()).contains("jdbc:postgresql://cli/db");
  }

  @Test
  void parsesProvidersFromTheFile() throws IOException {
    AppConfig config = loadFile("""
        scimsync.providers {
          acme {
            baseUrl = "https://acme.example.com/scim/v2"
            auth { type = bearer, token = ${?ACME_TOKEN} }
            compatibilityMode = aws
            maxConcurrency = 4
            dryRun = true
          }
          legacy {
            baseUrl = "http://legacy.local/scim"
            auth { type = basic, username = sync, password = "pw" }
          }
        }
        """, Map.of("ACME_TOKEN", "acme-secret"));

    assertThat(config.providers()).extracting(ProviderSettings::name)
        .containsExactly("acme", "legacy");
    ProviderSettings acme = config.providers().get(0);
    assertThat(acme.baseUrl()).hasToString("https://acme.example.com/scim/v2");
    assertThat(acme.compatibilityMode()).isEqualTo("aws");
    assertThat(acme.authType()).isEqualTo("bearer");
    assertThat(acme.secret()).contains("acme-secret");
    assertThat(acme.maxConcurrency()).isEqualTo(4);
    assertThat(acme.dryRun()).isTrue();
    assertThat(config.providers().get(1).authUsername()).contains("sync");
  }

  @Test
  void environmentOverridesAProvidersToken_evenWhenTheFileLeavesItUnset() throws IOException {
    String hocon = """
        scimsync.providers.acme {
          baseUrl = "https://acme.example.com/scim/v2"
          auth { type = bearer, token = ${?ACME_TOKEN} }
          verifyTls = true
        }
        """;
    AppConfig config = loadFile(hocon, Map.of("SCIMSYNC_PROVIDERS_ACME_AUTH_TOKEN", "env-token",
        "SCIMSYNC_PROVIDERS_ACME_VERIFYTLS", "false",
        "SCIMSYNC_PROVIDERS_ACME_MAXCONCURRENCY", "16"));

    ProviderSettings acme = config.providers().get(0);
    assertThat(acme.secret()).contains("env-token");
    assertThat(acme.verifyTls()).isFalse();
    assertThat(acme.maxConcurrency()).isEqualTo(16);
  }

  @Test
  void environmentVariableBeatsAFileSubstitution() throws IOException {
    AppConfig config = loadFile("scimsync.admin.token = ${?MY_TOKEN}",
        Map.of("MY_TOKEN", "from-substitution", "SCIMSYNC_ADMIN_TOKEN", "from-override"));

    assertThat(config.adminToken()).contains("from-override");
  }

  @Test
  void envNameFollowsTheDocumentedRule() {
    assertThat(AppConfigLoader.envName(List.of("scim", "connect-timeout")))
        .isEqualTo("SCIMSYNC_SCIM_CONNECT_TIMEOUT");
    assertThat(AppConfigLoader.envName(List.of("providers", "acme", "auth", "token")))
        .isEqualTo("SCIMSYNC_PROVIDERS_ACME_AUTH_TOKEN");
    assertThat(AppConfigLoader.envName(List.of("providers", "my.prov", "baseUrl")))
        .isEqualTo("SCIMSYNC_PROVIDERS_MY_PROV_BASEURL");
  }

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        Arguments.of("scimsync.admin.port = abc", "scimsync.admin.port", "whole number"),
        Arguments.of("scimsync.admin.port = 70000", "scimsync.admin.port", "0 to 65535"),
        Arguments.of("scimsync.admin.port = -1", "scimsync.admin.port", "0 to 65535"),
        Arguments.of("scimsync.admin.port = 80.5", "scimsync.admin.port", "whole number"),
        Arguments.of("scimsync.admin.port = [1]", "scimsync.admin.port", "whole number"),
        Arguments.of("scimsync.reconcile.interval = -1h", "scimsync.reconcile.interval",
            "negative"),
        Arguments.of("scimsync.poll-interval = 5", "scimsync.poll-interval", "unit"),
        Arguments.of("scimsync.poll-interval = 0s", "scimsync.poll-interval", "longer than zero"),
        Arguments.of("scimsync.lease = soon", "scimsync.lease", "duration"),
        Arguments.of("scimsync.retry.base = 5 parsecs", "scimsync.retry.base", "duration"),
        Arguments.of("scimsync.retry { base = 10s, max = 1s }", "scimsync.retry.max",
            "not be shorter"),
        Arguments.of("scimsync.claim-batch = 0", "scimsync.claim-batch", "from 1"),
        Arguments.of("scimsync.scim.max-reply-depth = 7", "scimsync.scim.max-reply-depth",
            "must be from 8 to 120, got 7"),
        Arguments.of("scimsync.scim.max-reply-depth = 121", "scimsync.scim.max-reply-depth",
            "must be from 8 to 120, got 121"),
        Arguments.of("scimsync.scim.max-reply-depth = deep", "scimsync.scim.max-reply-depth",
            "must be a whole number from 8 to 120"),
        Arguments.of("scimsync.log-format = yaml", "scimsync.log-format", "text or json"),
        Arguments.of("scimsync.admn.port = 1", "scimsync.admn", "unknown key"),
        Arguments.of("scimsync.admin.prot = 1", "scimsync.admin.prot", "unknown key"),
        Arguments.of("scimsync.admin = 5", "scimsync.admin", "must be an object"),
        Arguments.of("scimsync.data-dir = \"\"", "scimsync.data-dir", "empty"),
        Arguments.of("scimsync.providers = 5", "scimsync.providers", "must be an object"),
        Arguments.of("scimsync.providers.acme { baseUrl = \"https://x/scim\", "
                + "auth { type = bearer, token = x }, compatibilityMode = nope }",
            "scimsync.providers.acme.compatibilityMode", "nope"),
        Arguments.of("scimsync.providers.acme { baseURL = \"https://x/scim\" }",
            "scimsync.providers.acme.baseURL", "unknown field"),
        Arguments.of("scimsync.providers.acme { baseUrl = \"ftp://x\", auth.type = none }",
            "scimsync.providers.acme.baseUrl", "http"),
        Arguments.of("scimsync.providers.\"bad name!\" { baseUrl = \"https://x\" }",
            "scimsync.providers.\"bad name!\"", "provider name"));
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void rejectsInvalidValues_namingTheFullKey(String hocon, String key, String problem) {
    assertThatThrownBy(() -> loadFile(hocon, Map.of()))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo(key);
          assertThat(e.problem()).contains(problem);
        });
  }

  static Stream<Arguments> invalidSecrets() {
    return Stream.of(
        Arguments.of("scimsync.admin.token = { value = \"" + SECRET + "\" }",
            "scimsync.admin.token"),
        Arguments.of("scimsync.admin.token = \"" + SECRET + " x\"", "scimsync.admin.token"),
        Arguments.of("scimsync.secret-key = \"" + SECRET + "\"", "scimsync.secret-key"),
        Arguments.of("scimsync.secret-key = \"QUJD\"", "scimsync.secret-key"),
        Arguments.of("scimsync.database.url = \"mysql://u:" + SECRET + "@db/x\"",
            "scimsync.database.url"),
        Arguments.of("scimsync.providers.acme { baseUrl = \"https://x/scim\", "
            + "auth { type = bearer, token = \"\" } }", "scimsync.providers.acme.auth.token"),
        Arguments.of("scimsync.providers.acme { baseUrl = \"https://x/scim\", "
                + "auth { type = basic, username = u, password = [\"" + SECRET + "\"] } }",
            "scimsync.providers.acme.auth.password"),
        Arguments.of("scimsync.providers.acme { baseUrl = \"https://x/scim\", "
                + "auth { type = bearer, token = \"" + SECRET + "\", extra = 1 } }",
            "scimsync.providers.acme.auth.extra"));
  }

  @ParameterizedTest
  @MethodSource("invalidSecrets")
  void neverEchoesSecrets(String hocon, String key) {
    assertThatThrownBy(() -> loadFile(hocon, Map.of()))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo(key);
          assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("QUJD");
        });
  }

  @Test
  void namesTheEnvironmentVariable_whenItsValueIsInvalid() {
    assertThatThrownBy(() -> load(Map.of("SCIMSYNC_ADMIN_PORT", "eighty")))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo("scimsync.admin.port");
          assertThat(e.problem()).contains("environment variable SCIMSYNC_ADMIN_PORT");
        });
  }

  @Test
  void namesTheOption_whenACommandLineValueIsInvalid() {
    assertThatThrownBy(() -> AppConfigLoader.load(Optional.empty(), Map.of(),
        new Overrides(Optional.empty(), Optional.empty(), Optional.of(65536)), dir))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo("scimsync.admin.port");
          assertThat(e.problem()).contains("--admin-port");
        });
  }

  @Test
  void reportsSyntaxErrors_withFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.conf"),
        "scimsync {\n  admin.port = 1\n  lease = \n}\n");

    assertThatThrownBy(() -> AppConfigLoader.load(Optional.of(file), Map.of(), Overrides.none(),
        dir))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo(file.toString());
          assertThat(e.problem()).startsWith("line 4: ");
        });
  }

  @Test
  void reportsAnIncludedFilesSyntaxError_withThatFile() throws IOException {
    Path included = Files.writeString(dir.resolve("included.conf"), "a = [\n");
    Path file = Files.writeString(dir.resolve("main.conf"), "include \"included.conf\"\n");

    assertThatThrownBy(() -> AppConfigLoader.load(Optional.of(file), Map.of(), Overrides.none(),
        dir))
        .isInstanceOfSatisfying(InvalidFieldException.class,
            e -> assertThat(e.field()).isEqualTo(included.toString()));
  }

  @Test
  void reportsAMissingRequiredSubstitution_withFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("subst.conf"),
        "scimsync {\n  admin.token = ${NOT_SET_ANYWHERE}\n}\n");

    assertThatThrownBy(() -> AppConfigLoader.load(Optional.of(file), Map.of(), Overrides.none(),
        dir))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo(file.toString());
          assertThat(e.problem()).contains("line 2").contains("NOT_SET_ANYWHERE");
        });
  }

  @Test
  void rejectsAMissingConfigFile() {
    assertThatThrownBy(() -> AppConfigLoader.load(Optional.of(Path.of("nope.conf")), Map.of(),
        Overrides.none(), dir))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo("--config");
          assertThat(e.problem()).contains("no such file");
        });
  }

  @Test
  void rejectsADirectoryAsConfigFile() {
    assertThatThrownBy(() -> AppConfigLoader.load(Optional.of(dir), Map.of(), Overrides.none(),
        dir))
        .isInstanceOfSatisfying(InvalidFieldException.class,
            e -> assertThat(e.field()).isEqualTo("--config"));
  }

  @Test
  void buildInfoKnowsTheVersion() {
    assertThat(BuildInfo.version()).isNotBlank().isNotEqualTo("unknown").doesNotContain("${");
  }
}
