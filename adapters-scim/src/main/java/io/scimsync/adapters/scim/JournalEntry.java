package io.scimsync.adapters.scim;

import io.scimsync.domain.engine.ReplyClass;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One attempt of one request, as the journal sees it.
 *
 * @param provider     the provider's name
 * @param method       the HTTP method
 * @param url          the full URL, secrets in the query redacted
 * @param status       the HTTP status, when a response arrived
 * @param outcome      the reply's class; DRY_RUN for a request withheld by dry run
 * @param detail       what went wrong (SCIM detail, "no response (timeout)", ...), if anything
 * @param duration     from sending to the whole reply read
 * @param attempt      1 for the first attempt, 2 for the first retry, ...
 * @param startedAt    when the attempt started
 * @param requestBody  the body sent, redacted; only when the transport journals bodies
 * @param responseBody the body received, redacted; only when the transport journals bodies
 */
public record JournalEntry(String provider, String method, String url, OptionalInt status,
                           ReplyClass outcome, Optional<String> detail, Duration duration,
                           int attempt, Instant startedAt, Optional<String> requestBody,
                           Optional<String> responseBody) {
  public JournalEntry {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Whether this is a request dry run kept from leaving the process ("would send"). */
  public boolean dryRun() {
    return outcome == ReplyClass.DRY_RUN;
  }
}
