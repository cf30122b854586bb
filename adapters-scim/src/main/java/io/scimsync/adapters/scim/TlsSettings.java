package io.scimsync.adapters.scim;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the adapter checks the certificates of a provider's HTTPS endpoints (SCIM base URL and OAuth
 * token endpoint alike). Turned into a Pekko HTTP client context by {@link TlsContexts#client}.
 *
 * @param verify whether the server certificate chain and host name are verified; {@code true} by
 *     default. {@code false} trusts <em>every</em> certificate for <em>every</em> host name, which
 *     lets anyone on the network path read and change the traffic, credentials included: only for
 *     a test target, and the transport logs a warning when a provider starts with it
 * @param extraCaCertificate a PEM file with one or more certificates trusted in addition to the
 *     JDK's default trust store (a private CA, or a self-signed server certificate); ignored when
 *     {@code verify} is {@code false}
 */
public record TlsSettings(boolean verify, Optional<Path> extraCaCertificate) {
  public TlsSettings {
    Objects.requireNonNull(extraCaCertificate, "extraCaCertificate");
  }

  /** Verification on, the JDK's default trust store only. */
  public static TlsSettings defaults() {
    return new TlsSettings(true, Optional.empty());
  }

  /** Verification on, trusting the certificates in {@code pemFile} in addition to the defaults. */
  public static TlsSettings trustingAlso(Path pemFile) {
    return new TlsSettings(true, Optional.of(Objects.requireNonNull(pemFile, "pemFile")));
  }

  /** No verification at all; see {@link #verify()} for why this is for tests only. */
  public static TlsSettings insecure() {
    return new TlsSettings(false, Optional.empty());
  }
}
