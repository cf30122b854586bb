package io.scimsync.adapters.scim;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** scimsync's version, from the build, for {@code User-Agent: scimsync/<version>}. */
final class Version {
  private static final String VERSION = load();

  private Version() {}

  static String version() {
    return VERSION;
  }

  static String userAgent() {
    return "scimsync/" + VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      String value = properties.getProperty("version", "dev").trim();
      return value.isEmpty() || value.startsWith("${") ? "dev" : value;
    } catch (IOException e) {
      return "dev";
    }
  }
}
