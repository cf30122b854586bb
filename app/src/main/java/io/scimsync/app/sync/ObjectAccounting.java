package io.scimsync.app.sync;

import io.scimsync.app.metrics.SyncMetrics;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.sync.Completion;
import io.scimsync.domain.sync.ObjectRun;
import java.util.Locale;
import org.slf4j.Logger;

/** What a finished object's run leaves in the metrics and the log. */
final class ObjectAccounting {
  private ObjectAccounting() {
  }

  static void account(SyncMetrics metrics, Logger log, String provider, ObjectRef object,
                      ObjectRun.Summary summary) {
    String kind = object.kind().name().toLowerCase(Locale.ROOT);
    summary.outcome().ifPresent(outcome -> metrics.objectDone(provider, kind,
        outcome.name().toLowerCase(Locale.ROOT)));
    summary.failure().ifPresent(failure -> {
      metrics.objectFailed(provider, kind, failure.kind().name().toLowerCase(Locale.ROOT));
      String reason = Completion.describe(failure);
      if (summary.retryAt().isPresent()) {
        metrics.retryScheduled(provider);
        log.info("provider {}: {} failed ({}), retrying at {}", provider, object.describe(),
            reason, summary.retryAt().get());
      } else {
        log.warn("provider {}: {} failed: {}", provider, object.describe(), reason);
      }
    });
  }
}
