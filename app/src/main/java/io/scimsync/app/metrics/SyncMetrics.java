package io.scimsync.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scimsync.adapters.scim.JournalEntry;
import io.scimsync.adapters.scim.RequestJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The daemon's Prometheus metrics. Every series carries a {@code provider} label; providers are
 * few and named by the operator, so the label is bounded. Request paths are never labels (they
 * carry remote ids).
 *
 * <ul>
 *   <li>{@code scimsync_scim_requests_total{provider,method,status}}: every attempt; status is
 *       the HTTP status, or {@code none} (no response) or {@code dry_run}</li>
 *   <li>{@code scimsync_scim_request_seconds{provider,method}}: latency histogram</li>
 *   <li>{@code scimsync_scim_retries_total{provider}}: attempts after the first</li>
 *   <li>{@code scimsync_objects_total{provider,kind,outcome}}: objects synced, by outcome</li>
 *   <li>{@code scimsync_object_failures_total{provider,kind,failure}}: permanent, transient,
 *       conflict</li>
 *   <li>{@code scimsync_object_retries_scheduled_total{provider}}: per-object retries</li>
 *   <li>{@code scimsync_pending{provider}}, {@code scimsync_in_flight{provider}}</li>
 *   <li>{@code scimsync_rate_limit_waiting{provider}} requests waiting for the rate limiter,
 *       {@code scimsync_rate_limit_paused{provider}} 1 while a 429 Retry-After pause lasts</li>
 * </ul>
 */
public final class SyncMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

  public SyncMetrics() {
    registry.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
      @Override
      public io.micrometer.core.instrument.distribution.DistributionStatisticConfig configure(
          Meter.Id id, io.micrometer.core.instrument.distribution.DistributionStatisticConfig c) {
        if (id.getName().equals("scimsync.scim.request")) {
          return io.micrometer.core.instrument.distribution.DistributionStatisticConfig.builder()
              .serviceLevelObjectives(Duration.ofMillis(5).toNanos(),
                  Duration.ofMillis(10).toNanos(), Duration.ofMillis(25).toNanos(),
                  Duration.ofMillis(50).toNanos(), Duration.ofMillis(100).toNanos(),
                  Duration.ofMillis(250).toNanos(), Duration.ofMillis(500).toNanos(),
                  Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(2).toNanos(),
                  Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(10).toNanos(),
                  Duration.ofSeconds(30).toNanos())
              .build().merge(c);
        }
        return c;
      }
    });
  }

  /** Where the transports report each attempt. */
  public RequestJournal journal() {
    return this::record;
  }

  private void record(JournalEntry entry) {
    String status = entry.dryRun() ? "dry_run"
        : entry.status().isPresent() ? Integer.toString(entry.status().getAsInt()) : "none";
    Counter.builder("scimsync.scim.requests").description("SCIM requests sent, per attempt")
        .tags("provider", entry.provider(), "method", entry.method(), "status", status)
        .register(registry).increment();
    if (!entry.dryRun()) {
      Timer.builder("scimsync.scim.request").description("SCIM request latency")
          .tags("provider", entry.provider(), "method", entry.method())
          .register(registry).record(entry.duration());
    }
    if (entry.attempt() > 1) {
      Counter.builder("scimsync.scim.retries").description("SCIM attempts after the first")
          .tag("provider", entry.provider()).register(registry).increment();
    }
  }

  public void objectDone(String provider, String kind, String outcome) {
    Counter.builder("scimsync.objects").description("objects synced, by outcome")
        .tags("provider", provider, "kind", kind, "outcome", outcome)
        .register(registry).increment();
  }

  public void objectFailed(String provider, String kind, String failure) {
    Counter.builder("scimsync.object.failures").description("object syncs that failed")
        .tags("provider", provider, "kind", kind, "failure", failure)
        .register(registry).increment();
  }

  public void retryScheduled(String provider) {
    Counter.builder("scimsync.object.retries.scheduled")
        .description("objects given back to the change feed for a later retry")
        .tag("provider", provider).register(registry).increment();
  }

  /**
   * A run's commit was refused because its claim no longer held the object (its lease ran out
   * and a newer claim took it): nothing of that run was written, and the newer claim runs it.
   */
  public void commitFenced(String provider) {
    Counter.builder("scimsync.commits.fenced")
        .description("object commits refused because their claim was taken over")
        .tag("provider", provider).register(registry).increment();
  }

  /** Gauges read from the provider's live state; replaced when the provider restarts. */
  public <T> void providerGauges(String provider, T state, ToDoubleFunction<T> pending,
                                 ToDoubleFunction<T> inFlight, ToDoubleFunction<T> waiting,
                                 ToDoubleFunction<T> paused) {
    removeProvider(provider);
    Objects.requireNonNull(state, "state");
    List<Meter> meters = new ArrayList<>();
    Tags tags = Tags.of("provider", provider);
    meters.add(Gauge.builder("scimsync.pending", state, pending)
        .description("dirty objects not yet done").tags(tags).strongReference(true).register(registry));
    meters.add(Gauge.builder("scimsync.in.flight", state, inFlight)
        .description("objects being written").tags(tags).strongReference(true).register(registry));
    meters.add(Gauge.builder("scimsync.rate.limit.waiting", state, waiting)
        .description("requests waiting for the rate limiter").tags(tags).strongReference(true)
        .register(registry));
    meters.add(Gauge.builder("scimsync.rate.limit.paused", state, paused)
        .description("1 while the target's Retry-After pause lasts").tags(tags)
        .strongReference(true).register(registry));
    gauges.put(provider, meters);
  }

  public void removeProvider(String provider) {
    List<Meter> old = gauges.remove(provider);
    if (old != null) {
      old.forEach(registry::remove);
    }
  }

  /** Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }
}
