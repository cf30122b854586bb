package io.scimsync.app.cli;

import io.scimsync.app.config.BuildInfo;
import io.scimsync.app.demo.Demo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scimsync demo [--keep]}. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Syncs a sample directory to a fake SCIM server and shows what was sent.",
        "50 users and 6 groups go through the admin API of a daemon on an embedded PostgreSQL "
            + "(in a temporary directory) to an in-process fake SCIM server. Needs nothing "
            + "installed but Java 17."})
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--keep", description = "keep running after the summary (Ctrl-C stops), and "
      + "keep the data directory")
  boolean keep;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    // the daemon's INFO lines would bury the demo's own output
    Logging.configure("text", "WARN");
    out.println("scimsync " + BuildInfo.version() + " demo: starting an embedded PostgreSQL, "
        + "the daemon and a fake SCIM server...");
    out.flush();
    Path dataDir = Files.createTempDirectory("scimsync-demo-");
    StopSignal signal = new StopSignal("scimsync-demo", Duration.ofSeconds(60),
        Thread.currentThread());
    try {
      Demo demo;
      try {
        demo = Demo.start(dataDir, out);
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(DemoCommand.class).error("demo start-up failed", e);
        throw new CliFailure(1, "demo: could not start: " + e.getMessage());
      }
      try (demo) {
        if (!demo.run()) {
          throw new CliFailure(1, "demo: the provider did not converge within the deadline");
        }
        if (keep) {
          demo.printKeepInfo();
          signal.await();
        }
        return 0;
      } catch (UncheckedIOException | IllegalStateException e) {
        throw new CliFailure(1, "demo: " + e.getMessage());
      }
    } catch (InterruptedException e) {
      out.println("demo stopped");
      return 130;
    } finally {
      Thread.interrupted(); // shutting down after a Ctrl-C must not fail on the interrupt
      try {
        if (!keep) {
          deleteRecursively(dataDir);
        }
      } finally {
        signal.cleanedUp();
      }
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the demo's data directory " + root, e);
    }
  }
}
