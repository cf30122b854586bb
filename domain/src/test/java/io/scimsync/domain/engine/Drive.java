package io.scimsync.domain.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Drives an engine run against a target function and records what was sent. */
final class Drive {
  private Drive() {}

  /** The requests a run sent, in order, and the result it ended with. */
  record Trace<R>(List<ScimRequest> requests, R result) {
    List<String> lines() {
      return requests.stream().map(ScimRequest::describe).toList();
    }

    Map<String, Object> body(int index) {
      return requests.get(index).body().orElseThrow();
    }
  }

  static <R> Trace<R> run(Supplier<Step<R>> start, Function<ScimReply, Step<R>> onReply,
                          Function<ScimRequest, ScimReply> target) {
    List<ScimRequest> sent = new ArrayList<>();
    Step<R> step = start.get();
    int guard = 0;
    while (step instanceof Step.Send<R> send) {
      if (++guard > 100_000) {
        throw new AssertionError("the run does not end");
      }
      sent.add(send.request());
      step = onReply.apply(target.apply(send.request()));
    }
    return new Trace<>(sent, ((Step.Done<R>) step).result());
  }

  static Trace<GroupSyncResult> group(GroupSync run, Function<ScimRequest, ScimReply> target) {
    return run(run::start, run::onReply, target);
  }

  /** A target that answers with these replies in order and fails the test if asked for more. */
  static Function<ScimRequest, ScimReply> replies(ScimReply... replies) {
    Deque<ScimReply> queue = new ArrayDeque<>(Arrays.asList(replies));
    return request -> {
      if (queue.isEmpty()) {
        throw new AssertionError("unexpected request: " + request.describe());
      }
      return queue.poll();
    };
  }
}
