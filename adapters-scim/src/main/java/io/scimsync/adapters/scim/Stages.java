package io.scimsync.adapters.scim;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Pekko's Java API hands out Scala futures converted to {@link CompletionStage}s, and those run
 * every dependent stage, {@code thenApply} and {@code whenComplete} included, asynchronously on
 * the common pool. With fewer than three cores the common pool has no threads of its own, so
 * each such stage started a new thread: two or three per request. Stages adapted here run on
 * the thread that completes them instead, as Pekko's own callbacks do.
 */
final class Stages {
  private static final Executor CALLER = Runnable::run;

  private Stages() {
  }

  /** A plain future completed as {@code stage} is, on the completing thread. */
  static <T> CompletableFuture<T> onCaller(CompletionStage<T> stage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    stage.whenCompleteAsync((value, error) -> {
      if (error != null) {
        plain.completeExceptionally(error);
      } else {
        plain.complete(value);
      }
    }, CALLER);
    return plain;
  }
}
