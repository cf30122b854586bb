package io.scimsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.app.config.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  @TempDir
  Path dir;

  @Test
  void helpListsEveryCommand() {
    CliRun run = CliRun.run(Map.of(), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("run", "demo", "fake-server", "reconcile", "plan");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    CliRun run = CliRun.run(Map.of(), "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("scimsync " + BuildInfo.version());
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "demo", "fake-server", "reconcile", "plan"})
  void everyCommandHasHelp(String command) {
    CliRun run = CliRun.run(Map.of(), command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: scimsync " + command);
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "demo", "fake-server", "reconcile", "plan"})
  void everyCommandHasVersion(String command) {
    CliRun run = CliRun.run(Map.of(), command, "-V");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("scimsync " + BuildInfo.version());
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "demo", "fake-server", "reconcile", "plan"})
  void exitsWithUsage_onAnUnknownOption(String command) {
    CliRun run = command.equals("reconcile") || command.equals("plan")
        ? CliRun.run(Map.of(), command, "--provider", "p", "--no-such-option")
        : CliRun.run(Map.of(), command, "--no-such-option");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--no-such-option'")
        .contains("Usage: scimsync " + command);
  }

  @Test
  void exitsWithUsage_onAnUnknownCommand() {
    CliRun run = CliRun.run(Map.of(), "sync-everything");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 0: 'sync-everything'");
  }

  @Test
  void exitsWithUsage_withoutACommand() {
    CliRun run = CliRun.run(Map.of());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command");
  }

  @Test
  void exitsWithUsage_whenAnOptionValueHasTheWrongType() {
    CliRun run = CliRun.run(Map.of(), "run", "--admin-port", "eighty");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--admin-port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"reconcile", "plan"})
  void clientCommandsRequireAProvider(String command) {
    CliRun run = CliRun.run(Map.of(), command);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--provider");
  }

  @Test
  void runStopsWithExitCode2_onAnInvalidAdminPort() {
    CliRun run = CliRun.run(Map.of(), "run", "--admin-port", "70000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("scimsync: invalid configuration: scimsync.admin.port: ");
  }

  @Test
  void runStopsWithExitCode2_onAnInvalidEnvironmentVariable() {
    CliRun run = CliRun.run(Map.of("SCIMSYNC_RECONCILE_INTERVAL", "often"), "run");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("scimsync.reconcile.interval")
        .contains("SCIMSYNC_RECONCILE_INTERVAL");
  }

  @Test
  void runStopsWithExitCode2_onAConfigFileThatDoesNotExist() {
    CliRun run = CliRun.run(Map.of(), "run", "--config", dir.resolve("none.conf").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--config: no such file");
  }

  @Test
  void runStopsWithExitCode2_onASyntaxError() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.conf"), "scimsync {\n");

    CliRun run = CliRun.run(Map.of(), "run", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(file.toString()).contains("line ");
  }

  @Test
  void fakeServerRejectsAnUnknownProfile_listingTheKnownOnes() {
    CliRun run = CliRun.run(Map.of(), "fake-server", "--profile", "nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown profile 'nope'").contains("aws");
  }

  @Test
  void fakeServerRejectsABadFaultSpec() {
    CliRun run = CliRun.run(Map.of(), "fake-server", "--fault", "teapot");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--fault 'teapot'");
  }

  @Test
  void fakeServerRejectsABadLatency() {
    CliRun run = CliRun.run(Map.of(), "fake-server", "--latency", "soon");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--latency");
  }
}
