package io.scimsync.app.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import io.scimsync.app.InvalidFieldException;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Chooses the log format and root level that logback.xml reads from system properties, then
 * (re)loads logback.xml, so the choice holds even if something logged before the configuration
 * was known.
 */
public final class Logging {
  public static final String FORMAT_PROPERTY = "scimsync.log.format";
  public static final String LEVEL_PROPERTY = "scimsync.log.level";
  private static final Set<String> FORMATS = Set.of("text", "json");

  private Logging() {
  }

  /**
   * The format given with {@code -Dscimsync.log.format} (or adopted from SCIMSYNC_LOG_FORMAT by
   * {@link #adoptEnvironment}), which beats the configuration file; fails naming the property
   * when it is neither text nor json.
   */
  public static Optional<String> explicitFormat() {
    String value = System.getProperty(FORMAT_PROPERTY);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String format = value.trim().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new InvalidFieldException("-D" + FORMAT_PROPERTY,
          "must be text or json, got '" + value + "'");
    }
    return Optional.of(format);
  }

  /**
   * Copies a valid SCIMSYNC_LOG_FORMAT into the system property (lower-cased, as logback.xml
   * matches appender names exactly) unless the property is set, so that whatever logs before the
   * configuration is loaded already uses the right format.
   */
  static void adoptEnvironment(Map<String, String> env) {
    String value = env.get("SCIMSYNC_LOG_FORMAT");
    if (System.getProperty(FORMAT_PROPERTY) == null && value != null) {
      String format = value.trim().toLowerCase(Locale.ROOT);
      if (FORMATS.contains(format)) {
        System.setProperty(FORMAT_PROPERTY, format);
      }
    }
  }

  /**
   * @param format    "text" or "json"
   * @param rootLevel a logback level name, e.g. INFO or WARN
   */
  public static void configure(String format, String rootLevel) {
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("log format must be text or json, got " + format);
    }
    System.setProperty(FORMAT_PROPERTY, format);
    System.setProperty(LEVEL_PROPERTY, rootLevel);
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // another SLF4J binding: it has its own configuration
    }
    URL url = Logging.class.getClassLoader().getResource("logback.xml");
    if (url == null) {
      return;
    }
    reload(context, url, Map.of(FORMAT_PROPERTY, format, LEVEL_PROPERTY, rootLevel));
  }

  /**
   * Loads {@code url} into {@code context} from scratch, with {@code properties} visible to it;
   * problems go to stderr, as logback does.
   */
  static void reload(LoggerContext context, URL url, Map<String, String> properties) {
    context.reset();
    properties.forEach(context::putProperty);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(url);
    } catch (JoranException e) {
      // the file did not even parse, so its error listener may be missing: show logback's errors
      StatusPrinter2 printer = new StatusPrinter2();
      printer.setPrintStream(System.err);
      printer.printIfErrorsOccured(context);
    }
  }
}
