package io.scimsync.adapters.persistence;

import java.util.List;
import java.util.Optional;

/**
 * The configured providers, with their secrets encrypted at rest. Reads for display
 * ({@link #find}, {@link #all}) never carry the secret; only the transport asks for it
 * ({@link #secret}).
 *
 * <p>Implementations block (JDBC): call them on a dedicated executor, never on an actor's
 * dispatcher.
 */
public interface ProviderStore {

  /**
   * Creates or replaces the provider named {@code provider.name()}.
   *
   * <p>A new provider gets every directory user and group marked dirty for it in the same
   * transaction, so its initial sync is ordinary change-feed work; so does a provider whose
   * {@code baseUrl} or {@code compatibilityMode} changed (what was written to the old target or
   * under the old profile says nothing about the new one). Other changes mark nothing.
   *
   * @param secret the token, password or client secret, stored encrypted; empty keeps the stored
   *               secret of an existing provider (a new one then has none)
   */
  void put(ProviderRecord provider, Optional<String> secret);

  /** The provider, for display: never its secret. Empty if there is none by that name. */
  Optional<ProviderRecord> find(String name);

  /**
   * The provider's secret, decrypted, for the transport only: never display or log it. Empty if
   * the provider does not exist or has no secret.
   *
   * @throws IllegalStateException if it cannot be decrypted (another key, altered data)
   */
  Optional<String> secret(String name);

  /** Every provider, by name, without secrets. */
  List<ProviderRecord> all();

  /**
   * Removes the provider together with its connections and pending changes, in one transaction.
   * Its sync log stays until retention prunes it.
   *
   * @return false if there was none by that name
   */
  boolean remove(String name);
}
