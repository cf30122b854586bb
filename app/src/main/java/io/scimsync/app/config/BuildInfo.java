package io.scimsync.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The Maven project version, filtered into {@code version.properties} at build time. */
public final class BuildInfo {
  private static final String VERSION = load();

  private BuildInfo() {
  }

  /** E.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from unfiltered sources. */
  public static String version() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown");
      // an IDE build that skips Maven's filtering leaves the placeholder
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read version.properties", e);
    }
  }
}
