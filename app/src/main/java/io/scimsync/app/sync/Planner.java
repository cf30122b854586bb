package io.scimsync.app.sync;

import io.scimsync.app.api.Plan;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.ObjectSnapshot;
import io.scimsync.domain.port.ScimTransport;
import io.scimsync.domain.port.SyncStateStore;
import io.scimsync.domain.sync.ObjectRun;
import io.scimsync.domain.sync.RunContext;
import io.scimsync.domain.target.TargetStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What a full reconcile would send now, without sending any of it: the same discovery, the same
 * engine runs in reconcile mode, against a transport that performs reads and withholds writes.
 * Nothing is stored. Runs on its own thread, one object after the other (plans are rare and
 * must not take the provider's concurrency from its real work).
 */
final class Planner {
  static final int LISTED = 10_000;

  private Planner() {
  }

  static CompletionStage<Plan> plan(SyncServices s, ProviderRuntime rt) {
    CompletableFuture<Plan> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(run(s, rt));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "scimsync-plan-" + rt.name());
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  private static final class Recorder implements ScimTransport {
    final ScimTransport real;
    final List<Plan.PlannedRequest> planned = new ArrayList<>();
    int total;
    int reads;
    String object = "";

    Recorder(ScimTransport real) {
      this.real = real;
    }

    @Override
    public CompletionStage<ScimReply> execute(ScimRequest request) {
      if (!request.method().mutating()) {
        reads++;
        return real.execute(request).thenApply(reply -> {
          if (reply instanceof ScimReply.NotDelivered lost) {
            // one unreachable read means they all are: stop rather than time out every object
            throw new TargetUnreachable(request.describe() + ": " + lost.reason());
          }
          return reply;
        });
      }
      total++;
      if (planned.size() < LISTED) {
        planned.add(new Plan.PlannedRequest(object, request.method().name(), request.path(),
            request.body().filter(b -> b instanceof Map).map(b -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> map = (Map<String, Object>) redacted(b);
              return map;
            })));
      }
      return CompletableFuture.completedFuture(new ScimReply.WithheldByDryRun());
    }
  }

  /** A plan is displayed: passwords a user's attributes may carry are not. */
  static Object redacted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> {
        String key = String.valueOf(k).toLowerCase(java.util.Locale.ROOT);
        out.put(String.valueOf(k), key.contains("password") || key.contains("secret")
            || key.contains("token") ? "[REDACTED]" : redacted(v));
      });
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Planner::redacted).toList();
    }
    return value;
  }

  /** A plan's read got no answer: the plan stops there instead of failing object by object. */
  static final class TargetUnreachable extends RuntimeException {
    TargetUnreachable(String message) {
      super(message, null, false, false);
    }
  }

  private static Plan run(SyncServices s, ProviderRuntime rt) throws Exception {
    Recorder recorder = new Recorder(rt.transport());
    try {
      planAll(s, rt, recorder);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CompletionException e) {
      if (!(e.getCause() instanceof TargetUnreachable unreachable)) {
        throw e;
      }
      return new Plan(rt.name(), recorder.planned, recorder.total, true, recorder.reads,
          Optional.of("the target could not be read, the plan is incomplete: "
              + unreachable.getMessage()));
    }
    return new Plan(rt.name(), recorder.planned, recorder.total,
        recorder.total > recorder.planned.size(), recorder.reads, Optional.empty());
  }

  private static void planAll(SyncServices s, ProviderRuntime rt, Recorder recorder)
      throws Exception {
    ProviderRuntime planning = new ProviderRuntime(rt.settings(), recorder, rt.throttle(),
        rt.capabilities());
    TargetStrategy strategy = await(rt.strategy());
    Map<String, String> users = await(Reconciliation.discover(s, planning, ObjectKind.USER,
        false));
    Map<String, String> groups = await(Reconciliation.discover(s, planning, ObjectKind.GROUP,
        false));
    for (ObjectKind kind : ObjectKind.values()) {
      Map<String, String> adopted = kind == ObjectKind.USER ? users : groups;
      Set<String> local = new HashSet<>();
      List<String> ids = new ArrayList<>();
      if (kind == ObjectKind.USER) {
        Reconciliation.forEachUser(s, u -> ids.add(u.id()));
      } else {
        Reconciliation.forEachGroup(s, g -> ids.add(g.id()));
      }
      for (String id : ids) {
        local.add(id);
        runOne(s, planning, recorder, strategy, new ObjectRef(kind, id),
            Optional.ofNullable(adopted.get(id)));
      }
      Optional<String> after = Optional.empty();
      while (true) {
        List<Connection> page = s.connections().list(rt.name(), kind, after,
            Reconciliation.PAGE);
        for (Connection c : page) {
          if (!local.contains(c.object().localId())) {
            runOne(s, planning, recorder, strategy, c.object(), Optional.empty());
          }
        }
        if (page.size() < Reconciliation.PAGE) {
          break;
        }
        after = Optional.of(page.get(page.size() - 1).object().localId());
      }
    }
  }

  private static void runOne(SyncServices s, ProviderRuntime planning, Recorder recorder,
                             TargetStrategy strategy, ObjectRef ref, Optional<String> adoptedAs)
      throws Exception {
    ObjectSnapshot snapshot = s.state().snapshot(planning.name(), List.of(ref)).get(ref);
    // a plan writes nothing: it runs as a dry run would, and nothing is committed
    RunContext context = planning.runContext(strategy, s.timings()).withReconcile(true)
        .withMayDefer(false).asDryRun();
    Instant now = s.clock().instant();
    Claim unclaimed = new Claim(planning.name(), ref, 1, 1, now);
    ObjectRun run = ObjectRun.planned(unclaimed, snapshot, context, adoptedAs,
        new SplittableRandom());
    recorder.object = ref.describe();
    ObjectRun.Effect effect = run.start(now);
    while (!(effect instanceof ObjectRun.Effect.Finished)) {
      if (effect instanceof ObjectRun.Effect.Send send) {
        effect = run.onReply(await(SafeTransport.execute(recorder, send.request())), now);
      } else {
        effect = run.onCommitted(SyncStateStore.Outcome.WRITTEN, now);
      }
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    // the transport has its own timeouts; this bound only guards against a lost future
    return stage.toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
