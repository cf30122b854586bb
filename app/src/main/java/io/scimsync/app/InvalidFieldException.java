package io.scimsync.app;

import java.util.Objects;

/**
 * Input that names what is wrong with it: the admin API answers it with 400 and
 * {@code {"error": ..., "field": ...}}; the configuration loader stops start-up with it.
 */
public final class InvalidFieldException extends IllegalArgumentException {
  private final String field;

  /**
   * @param field   the JSON field or configuration key, dotted ({@code auth.token},
   *                {@code scimsync.admin.port})
   * @param message what is wrong, without the field's name
   */
  public InvalidFieldException(String field, String message) {
    super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(message, "message"));
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The message without the field's name in front. */
  public String problem() {
    return getMessage().substring(field.length() + 2);
  }

  /** The same problem, one level down: {@code providers.acme} + {@code auth.token}. */
  public InvalidFieldException under(String prefix) {
    return new InvalidFieldException(prefix + "." + field, problem());
  }
}
