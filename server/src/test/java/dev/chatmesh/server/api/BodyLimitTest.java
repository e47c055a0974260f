package dev.chatmesh.server.api;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A body over MAX_BODY_BYTES is refused with 413 before anything reads or stores it. */
class BodyLimitTest {

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("MAX_BODY_BYTES", "4096"));
  static final Api api = server.api();
  static Api.Session admin;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Small Bodies", "Sally Admin");
  }

  @Test
  void aBodyJustUnderTheLimitIsAccepted() {
    String body = "{\"name\":\"Near Limit\",\"avatarUrl\":\"https://a.test/" + "a".repeat(1900)
        + "\",\"tags\":[" + tags(36, 48) + "]}";
    assertThat(body.length()).isBetween(3600, 4096);
    api.call("POST", "api/customers", body, admin).expect(201);
  }

  @Test
  void aBodyOverTheLimitIs413AndStoresNothing() {
    Snapshot before = Snapshot.of(server);
    String body = "{\"name\":\"Big\",\"phone\":\"" + "9".repeat(5000) + "\"}";
    api.call("POST", "api/customers", body, admin).problem(413);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void aChunkedBodyWithoutLengthIsCutOffAtTheLimitToo() {
    Snapshot before = Snapshot.of(server);
    // A stream of unknown length goes out chunked, with no Content-Length to refuse early.
    byte[] body = ("{\"name\":\"Big\",\"phone\":\"" + "9".repeat(6000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    HttpRequest request = api.request("api/customers")
        .header("Authorization", "Bearer " + admin.token())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(body))).build();
    api.send(request).problem(413);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void theLimitAppliesBeforeLoginToo() {
    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/auth/signup", Map.of("companyName", "x".repeat(5000), "name", "N",
        "email", Api.email("big"), "password", Api.PASSWORD), null).problem(413);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  private static String tags(int count, int length) {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String tag = i + "-" + "t".repeat(length);
      tags.append(i == 0 ? "" : ",").append('"').append(tag, 0, length).append('"');
    }
    return tags.toString();
  }
}
