package io.scimsync.adapters.scim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential (token, password, client secret). {@link #toString()} never shows it, so a secret
 * that slips into a log line, an exception message or a record's {@code toString} prints as
 * {@code [REDACTED]}; {@link #reveal()} is the one deliberate way to the value, for the code that
 * puts it on the wire.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps {@code value}.
   *
   * @throws IllegalArgumentException if it is null or blank (the message never echoes the value)
   */
  public static Secret of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("secret must not be blank");
    }
    return new Secret(value);
  }

  /** The credential itself; call it only where it goes on the wire. */
  public String reveal() {
    return value;
  }

  /** Always {@code [REDACTED]}. */
  @Override
  public String toString() {
    return Redaction.REDACTED;
  }

  /** Equal when the values are; compared in constant time so equality checks leak no prefix. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
            other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
