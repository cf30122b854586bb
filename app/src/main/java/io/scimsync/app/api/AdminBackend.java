package io.scimsync.app.api;

import io.scimsync.app.provider.ProviderSettings;
import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.PutResult;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What the admin API does, behind its HTTP routes: the daemon implements it over the database and
 * the provider actors. Every method completes off the caller's thread (JDBC runs on the database
 * dispatcher). A stage failed with {@link io.scimsync.app.InvalidFieldException} means bad input
 * (400); any other failure is the daemon's problem (500, logged, message not echoed).
 */
public interface AdminBackend {
  CompletionStage<Optional<LocalUser>> findUser(String id);

  /** Creates or replaces the user; its change-feed marks commit with it. */
  CompletionStage<PutResult> putUser(LocalUser user);

  CompletionStage<Boolean> deleteUser(String id);

  CompletionStage<Optional<LocalGroup>> findGroup(String id);

  /** Fails with InvalidFieldException("members") when a member is not a known user. */
  CompletionStage<PutResult> putGroup(LocalGroup group);

  CompletionStage<Boolean> deleteGroup(String id);

  /**
   * Adds and removes members; empty if there is no such group. Fails with
   * InvalidFieldException("add") for an unknown user or one both added and removed.
   */
  CompletionStage<Optional<LocalGroup>> changeMembers(String groupId, Set<String> add,
                                                      Set<String> remove);

  /**
   * Creates or replaces a provider and (re)starts its actor. A definition without a secret keeps
   * the stored one; a new provider without one fails with InvalidFieldException("auth.token")
   * (or the auth type's secret field).
   *
   * @return true if it was created, false if replaced
   */
  CompletionStage<Boolean> putProvider(ProviderSettings settings);

  /** The provider's definition; {@link ProviderSettings#toDisplay()} is what may be shown. */
  CompletionStage<Optional<ProviderSettings>> findProvider(String name);

  CompletionStage<Boolean> deleteProvider(String name);

  CompletionStage<Optional<ProviderStatus>> status(String name);

  /** Requests a full reconcile; empty if there is no such provider. */
  CompletionStage<Optional<ReconcileAccepted>> reconcile(String name);

  /** The requests a reconcile would send now, none sent; empty if there is no such provider. */
  CompletionStage<Optional<Plan>> plan(String name);

  CompletionStage<Health> health();

  /** Prometheus text exposition format 0.0.4. */
  String metrics();
}
