package io.scimsync.adapters.scim;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** A bare HTTP server on 127.0.0.1:0 for replies the fake SCIM server cannot give. */
final class BareServer implements AutoCloseable {
  private final ServerBinding binding;

  private BareServer(ServerBinding binding) {
    this.binding = binding;
  }

  static BareServer start(ActorSystem system,
                          Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
    try {
      return new BareServer(Http.get(system).newServerAt("127.0.0.1", 0).bind(handler::apply)
          .toCompletableFuture().get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @Override
  public void close() {
    try {
      binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
