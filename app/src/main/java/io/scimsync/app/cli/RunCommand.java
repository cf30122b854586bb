package io.scimsync.app.cli;

import io.scimsync.app.Daemon;
import io.scimsync.app.InvalidFieldException;
import io.scimsync.app.config.AppConfig;
import io.scimsync.app.config.AppConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scimsync run}: the daemon, until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Runs the sync daemon until SIGTERM or Ctrl-C.",
        "Configuration: reference.conf < ./application.conf or --config FILE < SCIMSYNC_* "
            + "environment variables < these options."})
final class RunCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "HOCON configuration file, instead of ./application.conf")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "embedded database, keys and admin token (default: scimsync.data-dir, "
          + "./scimsync-data)")
  Path dataDir;

  @Option(names = "--db-url", paramLabel = "JDBC",
      description = "external PostgreSQL, jdbc:postgresql://... (default: embedded in DIR)")
  String dbUrl;

  @Option(names = "--admin-port", paramLabel = "N",
      description = "admin API port, 0 = any free port (default: scimsync.admin.port, 8080)")
  Integer adminPort;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    AppConfig config;
    String format;
    try {
      config = AppConfigLoader.load(Optional.ofNullable(configFile), main.env(),
          new AppConfigLoader.Overrides(Optional.ofNullable(dataDir), Optional.ofNullable(dbUrl),
              Optional.ofNullable(adminPort)));
      format = Logging.explicitFormat().orElse(config.jsonLogs() ? "json" : "text");
    } catch (InvalidFieldException e) {
      return invalid(err, e);
    }
    Logging.configure(format, "INFO");
    Daemon daemon;
    try {
      daemon = Daemon.start(config);
    } catch (InvalidFieldException e) {
      return invalid(err, e);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(RunCommand.class).error("start-up failed", e);
      throw new CliFailure(1, "could not start: " + e.getMessage());
    }
    // Pekko's coordinated shutdown also reacts to SIGTERM; close() is idempotent, and this hook
    // makes sure the database and the embedded PostgreSQL are released even if Pekko's is off
    Thread hook = new Thread(daemon::close, "scimsync-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      daemon.awaitTermination();
    } finally {
      removeHook(hook);
    }
    daemon.close();
    return 0;
  }

  private static int invalid(PrintWriter err, InvalidFieldException e) {
    err.println("scimsync: invalid configuration: " + e.getMessage());
    err.flush();
    return 2;
  }

  static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running or has run
    }
  }
}
