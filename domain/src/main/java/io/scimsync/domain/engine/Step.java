package io.scimsync.domain.engine;

import java.util.Objects;

/** What an engine run wants next: send a request, or stop with a result. */
public sealed interface Step<R> {

  /** Send this request and hand its reply to the run's {@code onReply}. */
  record Send<R>(ScimRequest request) implements Step<R> {
    public Send {
      Objects.requireNonNull(request, "request");
    }
  }

  /** The run is over; {@code result} is what to persist. */
  record Done<R>(R result) implements Step<R> {
    public Done {
      Objects.requireNonNull(result, "result");
    }
  }
}
