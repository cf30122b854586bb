package io.scimsync.domain.sync;

import io.scimsync.domain.engine.ScimRequest;
import java.util.Objects;
import java.util.Set;

/** What {@link ObjectSync#decide} makes of one object's snapshot. */
public sealed interface Decision {
  /**
   * Drive this engine run.
   *
   * @param adopted the remote object was found by a lookup: the outcome says ADOPTED
   */
  record Run(EngineRun run, boolean adopted) implements Decision {
    public Run {
      Objects.requireNonNull(run, "run");
    }
  }

  /**
   * Nothing to send (deleted locally and never written to the target); drop the connection left
   * behind if {@code dropLink}.
   */
  record Nothing(boolean dropLink, String why) implements Decision {
    public Nothing {
      Objects.requireNonNull(why, "why");
    }
  }

  /** A group whose members are still being created: try again shortly. */
  record Defer(Set<String> waitingFor) implements Decision {
    public Defer {
      waitingFor = Set.copyOf(waitingFor);
    }
  }

  /**
   * A create was sent and its answer never stored: ask the target whether the object exists,
   * by its exact {@code attribute} {@code value}, before anything else happens to it.
   */
  record LookUp(ScimRequest request, String attribute, String value) implements Decision {
    public LookUp {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(value, "value");
    }
  }
}
