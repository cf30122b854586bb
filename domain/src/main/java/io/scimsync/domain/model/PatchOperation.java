package io.scimsync.domain.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One operation of a SCIM PATCH (RFC 7644 §3.5.2). */
public record PatchOperation(Op op, Optional<String> path, Optional<Object> value) {
  /** Rendered in lower case, as RFC 7644 writes them and strict servers expect. */
  public enum Op {
    ADD("add"), REMOVE("remove"), REPLACE("replace");

    private final String wire;

    Op(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  public PatchOperation {
    Objects.requireNonNull(op, "op");
    path = path.filter(p -> !p.isBlank());
    value = value.map(v -> JsonValues.copy(v, "value"));
    if (op == Op.REMOVE && path.isEmpty()) {
      // RFC 7644 §3.5.2.2: a remove without path is answered 400 noTarget
      throw new IllegalArgumentException("a remove operation needs a path");
    }
    if (op != Op.REMOVE && value.isEmpty()) {
      throw new IllegalArgumentException(op.wire() + " needs a value");
    }
    if (op != Op.REMOVE && path.isEmpty() && !(value.get() instanceof Map<?, ?>)) {
      // RFC 7644 §3.5.2.1/3: without a path the value must be an object of attributes (Twingate)
      throw new IllegalArgumentException("a path-less " + op.wire() + " needs an object value");
    }
  }

  public static PatchOperation add(String path, Object value) {
    return new PatchOperation(Op.ADD, Optional.ofNullable(path), Optional.of(value));
  }

  public static PatchOperation replace(String path, Object value) {
    return new PatchOperation(Op.REPLACE, Optional.ofNullable(path), Optional.of(value));
  }

  public static PatchOperation remove(String path) {
    return new PatchOperation(Op.REMOVE, Optional.of(path), Optional.empty());
  }

  /** Remove with a value array (the older member-removal form some targets still require). */
  public static PatchOperation remove(String path, Object value) {
    return new PatchOperation(Op.REMOVE, Optional.of(path), Optional.of(value));
  }

  public Map<String, Object> toMap() {
    return JsonValues.object("op", op.wire(), "path", path, "value", value);
  }
}
