package io.scimsync.domain.sync;

import io.scimsync.domain.engine.GroupSync;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.Step;
import io.scimsync.domain.engine.UserSync;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One engine run, user or group, behind one shape, its result told as a {@link RunResult}. Not
 * thread-safe: one owner drives it.
 */
public final class EngineRun {
  private interface Engine {
    Step<RunResult> start();

    Step<RunResult> onReply(ScimReply reply);
  }

  private final Engine engine;

  private EngineRun(Engine engine) {
    this.engine = engine;
  }

  public static EngineRun of(UserSync run) {
    Objects.requireNonNull(run, "run");
    return of(run::start, run::onReply, RunResult::of);
  }

  public static EngineRun of(GroupSync run) {
    Objects.requireNonNull(run, "run");
    return of(run::start, run::onReply, RunResult::of);
  }

  private static <R> EngineRun of(Supplier<Step<R>> start, Function<ScimReply, Step<R>> onReply,
                                  Function<R, RunResult> result) {
    return new EngineRun(new Engine() {
      @Override
      public Step<RunResult> start() {
        return map(start.get());
      }

      @Override
      public Step<RunResult> onReply(ScimReply reply) {
        return map(onReply.apply(reply));
      }

      private Step<RunResult> map(Step<R> step) {
        return step instanceof Step.Send<R> send ? new Step.Send<>(send.request())
            : new Step.Done<>(result.apply(((Step.Done<R>) step).result()));
      }
    });
  }

  public Step<RunResult> start() {
    return engine.start();
  }

  public Step<RunResult> onReply(ScimReply reply) {
    return engine.onReply(reply);
  }

  /** Whether {@code request} creates a resource (the POST the engines send to a collection). */
  static boolean isCreate(ScimRequest request) {
    return request.method() == ScimRequest.Method.POST;
  }
}
