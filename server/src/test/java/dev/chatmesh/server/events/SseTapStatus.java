package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;

/** Opens a stream expecting a refusal, and returns the status and problem body. */
final class SseTapStatus {

  private SseTapStatus() {
  }

  static Api.Res of(Node server, Api.Session session) {
    Api api = server.api();
    return api.send(api.request("api/events/stream")
        .header("Authorization", "Bearer " + session.token())
        .header("X-Company-Id", Long.toString(session.companyId()))
        .timeout(java.time.Duration.ofSeconds(5)).GET().build());
  }
}
