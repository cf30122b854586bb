package io.scimsync.app.sync;

import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.RemoteIdTakenException;
import io.scimsync.domain.port.SyncStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reconcile's part in creates left in doubt: a local object deleted while its create's answer
 * was lost, on a target that cannot filter, keeps its {@code CREATE_SENT} mark. The reconcile's
 * listing of the target then finds the remote object (by an {@code externalId} equal to the local
 * id, which is what the daemon sends, else by the exact name the create carried), links it, and
 * the run that follows deletes or deactivates it like any linked object whose local one is gone.
 */
final class InDoubt {
  private static final Logger LOG = LoggerFactory.getLogger(InDoubt.class);

  private InDoubt() {
  }

  static void linkDeleted(SyncServices s, String provider, ObjectKind kind,
                          List<Map<String, Object>> remote, Set<String> linkedRemote,
                          List<Connection> inDoubt) {
    String nameAttribute = kind == ObjectKind.USER ? "userName" : "displayName";
    for (Connection mark : inDoubt) {
      String localId = mark.object().localId();
      boolean gone = kind == ObjectKind.USER ? s.directory().findUser(localId).isEmpty()
          : s.directory().findGroup(localId).isEmpty();
      if (!gone) {
        // still local: discovery's adoption by exact name links it like any unlinked object
        continue;
      }
      Optional<String> name = JsonValues.string(mark.writtenAttributes().get(nameAttribute));
      List<String> found = new ArrayList<>();
      for (Map<String, Object> resource : remote) {
        Optional<String> id = JsonValues.string(resource.get("id"));
        boolean ours = JsonValues.string(resource.get("externalId")).filter(localId::equals)
            .isPresent()
            || (name.isPresent() && name.equals(JsonValues.string(resource.get(nameAttribute))));
        if (ours && id.isPresent() && !linkedRemote.contains(id.get())) {
          found.add(id.get());
        }
      }
      if (found.size() != 1) {
        if (found.size() > 1) {
          LOG.warn("provider {}: {} was deleted while its create was in doubt; {} remote objects "
              + "match it ({}), so none is deleted", provider, mark.object().describe(),
              found.size(), found);
        }
        continue;
      }
      try {
        s.connections().save(new Connection(provider, mark.object(), Optional.of(found.get(0)),
            mark.writtenAttributes(), Optional.empty(), Optional.empty(), SyncStatus.PENDING, 0,
            Optional.empty(), Optional.empty(), OptionalInt.empty(), s.clock().instant()));
        linkedRemote.add(found.get(0));
        LOG.info("provider {}: found remote {} of {}, deleted while its create was in doubt; it "
            + "is deprovisioned now", provider, found.get(0), mark.object().describe());
      } catch (RemoteIdTakenException e) {
        LOG.warn("provider {}: {}", provider, e.getMessage());
      }
    }
  }
}
