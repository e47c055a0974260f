package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.FakePlatform;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/** Zalo OA's customer-service message API against the fake platform. */
class ZaloApiTest extends PlatformApiContract {

  @Override
  Platform platform() {
    return Platform.ZALO;
  }

  @Override
  void assertRequest(FakePlatform.Request request) {
    assertThat(request.path()).isEqualTo("/zalo/v3.0/oa/message/cs");
    assertThat(request.headers()).containsEntry("access_token", TOKEN);
    assertThat(request.query()).isEmpty();
    assertThat(request.body()).isEqualTo(new JsonObject()
        .put("recipient", new JsonObject().put("user_id", "user-7"))
        .put("message", new JsonObject().put("text", MESSAGE.text())));
  }

  @Override
  FakePlatform.Answer refusal() {
    // Zalo refuses with HTTP 200 and a non-zero error.
    return FakePlatform.Answer.json(200, "{\"error\":-216,\"message\":\"Access token is "
        + "invalid\"}");
  }

  @Override
  String refusalText() {
    return "Access token is invalid (error -216)";
  }
}
