package io.scimsync.domain.engine;

/**
 * What a provider does on the target when a local user is deleted or leaves the provider's scope.
 * authentik only deletes (behaviour reference §1.14); many targets keep history or licences
 * attached to an account, so deactivating it is the gentler choice there.
 */
public enum Deprovision {
  /** {@code DELETE /Users/{id}}; the link is dropped once the target confirms (2xx or 404). */
  DELETE,
  /**
   * Set {@code active} to false and keep the link, so the account can be reactivated by a later
   * write if the user comes back into scope.
   */
  DEACTIVATE
}
