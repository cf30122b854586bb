package io.scimsync.app.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as in the configuration file (500ms, 30s, 10m, 1h); a bare number is milliseconds. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration duration;
    try {
      duration = ConfigValueFactory.fromAnyRef(value.trim()).atKey("d").getDuration("d");
    } catch (ConfigException e) {
      throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 10m)");
    }
    if (duration.isNegative()) {
      throw new TypeConversionException("'" + value + "' is negative");
    }
    return duration;
  }
}
