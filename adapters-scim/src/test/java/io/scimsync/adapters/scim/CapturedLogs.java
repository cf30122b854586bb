package io.scimsync.adapters.scim;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of scimsync's loggers while open, at DEBUG, for redaction checks. */
final class CapturedLogs implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.scimsync");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Level before;

  CapturedLogs() {
    before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
  }

  /** Each event's formatted message plus its exception text, if any. */
  List<String> lines() {
    return appender.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(before);
  }
}
