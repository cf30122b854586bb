package io.scimsync.app.cli;

import io.scimsync.app.config.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} of every command: the Maven project version. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"scimsync " + BuildInfo.version(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
            + ")"};
  }
}
