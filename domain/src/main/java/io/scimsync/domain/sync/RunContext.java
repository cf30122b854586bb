package io.scimsync.domain.sync;

import io.scimsync.domain.engine.Deprovision;
import io.scimsync.domain.mapping.AttributeOverrides;
import io.scimsync.domain.target.TargetStrategy;
import java.time.Duration;
import java.util.Objects;

/**
 * What one object's run needs to know of its provider and of the moment.
 *
 * @param reconcile    read the remote object and repair drift (a full reconcile is running)
 * @param mayDefer     a group whose members are still being created may wait for them
 * @param deferMembers how long such a group waits before it is tried again
 * @param retry        the backoff of transient failures
 */
public record RunContext(String provider, TargetStrategy strategy, AttributeOverrides overrides,
                         Deprovision deprovision, boolean dryRun, boolean reconcile,
                         boolean mayDefer, Duration deferMembers, Backoff retry) {
  public RunContext {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(overrides, "overrides");
    Objects.requireNonNull(deprovision, "deprovision");
    Objects.requireNonNull(deferMembers, "deferMembers");
    Objects.requireNonNull(retry, "retry");
  }

  public RunContext withReconcile(boolean value) {
    return new RunContext(provider, strategy, overrides, deprovision, dryRun, value, mayDefer,
        deferMembers, retry);
  }

  /** The same, as a dry run: nothing is marked before a create (plans). */
  public RunContext asDryRun() {
    return new RunContext(provider, strategy, overrides, deprovision, true, reconcile, mayDefer,
        deferMembers, retry);
  }

  public RunContext withMayDefer(boolean value) {
    return new RunContext(provider, strategy, overrides, deprovision, dryRun, reconcile, value,
        deferMembers, retry);
  }
}
