package io.scimsync.app.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar scimsync.jar COMMAND}. Exit codes: 0 done, 1 runtime failure, 2 usage or
 * configuration error.
 */
@Command(name = "scimsync", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps SCIM 2.0 service providers in sync with a local directory.",
    subcommands = {RunCommand.class, DemoCommand.class, FakeServerCommand.class,
        ReconcileCommand.class, PlanCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error."})
public final class Main implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec
  CommandSpec spec;

  Main(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  public static void main(String[] args) {
    // jOOQ prints a banner and tips on first use unless told not to, before any logger config
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Logging.adoptEnvironment(System.getenv());
    int code = commandLine(System.getenv()).execute(args);
    System.exit(code);
  }

  /** The command line with its handlers, for {@code main} and for tests (with their own env). */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine commandLine = new CommandLine(new Main(env));
    commandLine.setExecutionExceptionHandler(Main::handleFailure);
    return commandLine;
  }

  /** The environment the commands read, as given to {@link #commandLine(Map)}. */
  Map<String, String> env() {
    return env;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command: run, demo, fake-server, "
        + "reconcile or plan");
  }

  private static int handleFailure(Exception e, CommandLine commandLine,
                                   CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof CliFailure failure) {
      err.println("scimsync: " + failure.getMessage());
      err.flush();
      return failure.exitCode();
    }
    err.println("scimsync: unexpected error: " + e);
    e.printStackTrace(err);
    err.flush();
    return 1;
  }
}
