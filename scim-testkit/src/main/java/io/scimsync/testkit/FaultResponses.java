package io.scimsync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.fault.FaultAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Turns a {@link FaultAction} into the HTTP response that plays it. */
final class FaultResponses {
  private static final int CHUNK = 64 * 1024;

  private FaultResponses() {}

  static HttpResponse render(FaultAction fault, ObjectMapper json) {
    if (fault instanceof FaultAction.Status s) {
      ObjectNode error = json.createObjectNode();
      error.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
      error.put("status", Integer.toString(s.status()));
      error.put("detail", "injected fault: status " + s.status());
      HttpResponse response = HttpResponse.create().withStatus(s.status())
          .withEntity(ScimHandler.SCIM_JSON, error.toString().getBytes(StandardCharsets.UTF_8));
      return s.retryAfter()
          .map(d -> response.addHeader(RawHeader.create("Retry-After", Long.toString(d.toSeconds()))))
          .orElse(response);
    }
    if (fault instanceof FaultAction.Html h) {
      String page = "<!DOCTYPE html><html><head><title>" + h.status() + "</title></head><body>"
          + "<h1>Bad Gateway</h1><p>injected by scim-testkit</p></body></html>";
      return HttpResponse.create().withStatus(h.status())
          .withEntity(ContentTypes.TEXT_HTML_UTF8, page.getBytes(StandardCharsets.UTF_8));
    }
    if (fault instanceof FaultAction.InvalidJson i) {
      return HttpResponse.create().withStatus(i.status()).withEntity(ScimHandler.SCIM_JSON,
          "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"id\": "
              .getBytes(StandardCharsets.UTF_8));
    }
    if (fault instanceof FaultAction.DeepJson d) {
      return HttpResponse.create().withStatus(200).withEntity(ScimHandler.SCIM_JSON, d.body());
    }
    if (fault instanceof FaultAction.TruncatedBody) {
      // Content-Length promises more than is sent; failing the stream closes the connection
      ByteString part = ByteString.fromString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"trunc");
      Source<ByteString, ?> data = Source.single(part)
          .concat(Source.failed(new IllegalStateException("injected truncated body")));
      return HttpResponse.create().withStatus(200)
          .withEntity(HttpEntities.create(ScimHandler.SCIM_JSON, part.size() + 4096L, data));
    }
    if (fault instanceof FaultAction.DropConnection) {
      Source<ByteString, ?> data = Source.failed(new IllegalStateException("injected drop"));
      return HttpResponse.create().withStatus(200)
          .withEntity(HttpEntities.create(ScimHandler.SCIM_JSON, 1024L, data));
    }
    if (fault instanceof FaultAction.HugeBody h) {
      // the documented body (HugeBody.chunks), generated lazily: exactly h.bytes() bytes
      Source<ByteString, ?> data = Source.fromIterator(() -> h.chunks(CHUNK)).map(ByteString::fromArray);
      return HttpResponse.create().withStatus(200)
          .withEntity(HttpEntities.create(ScimHandler.SCIM_JSON, h.bytes(), data));
    }
    throw new IllegalArgumentException("not a terminal fault: " + fault);
  }
}
