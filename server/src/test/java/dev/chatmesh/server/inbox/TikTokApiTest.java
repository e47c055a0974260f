package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.FakePlatform;
import io.vertx.core.json.JsonObject;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TikTok Business Messaging's send API against the fake platform. */
class TikTokApiTest extends PlatformApiContract {

  @Override
  Platform platform() {
    return Platform.TIKTOK;
  }

  @Override
  void assertRequest(FakePlatform.Request request) {
    assertThat(request.path()).isEqualTo("/tiktok/open_api/v1.3/business/message/send/");
    assertThat(request.headers()).containsEntry("access-token", TOKEN);
    assertThat(request.query()).isEmpty();
    assertThat(request.body()).isEqualTo(new JsonObject()
        .put("business_id", "acct-42")
        .put("recipient_type", "CONVERSATION")
        .put("recipient", "user-7")
        .put("message_type", "TEXT")
        .put("text", new JsonObject().put("body", MESSAGE.text())));
  }

  @Override
  FakePlatform.Answer refusal() {
    // TikTok refuses with HTTP 200 and a non-zero code.
    return FakePlatform.Answer.json(200, "{\"code\":40002,\"message\":\"The conversation is "
        + "not user-initiated\",\"request_id\":\"r1\"}");
  }

  @Override
  String refusalText() {
    return "The conversation is not user-initiated (code 40002)";
  }

  @Test
  void aMessageIdDirectlyUnderDataIsAcceptedToo() throws Exception {
    fake.script(FakePlatform.Answer.json(200, "{\"code\":0,\"message\":\"OK\","
        + "\"data\":{\"message_id\":\"flat-1\"}}"));
    assertThat(send(api(PlatformApi.TIMEOUT))).isEqualTo(new Outcome.Sent("flat-1"));
  }
}
