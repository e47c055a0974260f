package dev.chatmesh.server.auth;

import dev.chatmesh.realtime.Hub;
import dev.chatmesh.server.store.Store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Re-checks, every few seconds, that the sessions holding streams on this node still exist.
 * A logout ends its streams at once on the node that served it; this catches the streams the
 * same session holds on other nodes, and sessions removed behind the server's back.
 */
public final class SessionSweep {

  private final Store store;
  private final Hub hub;

  /** Checks {@code hub}'s sessions against {@code store}. */
  public SessionSweep(Store store, Hub hub) {
    this.store = store;
    this.hub = hub;
  }

  /** One pass; blocking. */
  public void run() {
    Set<String> open = hub.openSessions();
    if (open.isEmpty()) {
      return;
    }
    List<String> live = store.read(handle -> handle.createQuery("SELECT id FROM sessions WHERE "
            + "id IN (<ids>) AND expires_at > :now")
        .bindList("ids", List.copyOf(open)).bind("now", System.currentTimeMillis())
        .mapTo(String.class).list());
    Set<String> ended = new HashSet<>(open);
    live.forEach(ended::remove);
    if (!ended.isEmpty()) {
      hub.revoke(stream -> ended.contains(stream.sessionId()), "logged_out");
    }
  }
}
