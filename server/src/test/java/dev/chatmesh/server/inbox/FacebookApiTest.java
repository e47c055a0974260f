package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.FakePlatform;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Messenger's Send API against the fake platform. */
class FacebookApiTest extends PlatformApiContract {

  @Override
  Platform platform() {
    return Platform.FACEBOOK;
  }

  @Override
  void assertRequest(FakePlatform.Request request) {
    assertThat(request.path()).isEqualTo("/facebook/v21.0/acct-42/messages");
    assertThat(request.query()).containsEntry("access_token", TOKEN);
    assertThat(request.body()).isEqualTo(new JsonObject()
        .put("recipient", new JsonObject().put("id", "user-7"))
        .put("messaging_type", "RESPONSE")
        .put("message", new JsonObject().put("text", MESSAGE.text())));
  }

  @Override
  FakePlatform.Answer refusal() {
    return FakePlatform.Answer.json(400, "{\"error\":{\"message\":\"(#100) No matching user "
        + "found\",\"type\":\"OAuthException\",\"code\":100,\"error_subcode\":2018001,"
        + "\"fbtrace_id\":\"Ax\"}}");
  }

  @Override
  String refusalText() {
    return "(#100) No matching user found";
  }

  @Test
  void graphRateLimitCodesAreWorthRetryingEvenAsHttp400() throws Exception {
    fake.script(FakePlatform.Answer.json(400, "{\"error\":{\"message\":\"(#613) Calls to this "
        + "api have exceeded the rate limit.\",\"type\":\"OAuthException\",\"code\":613}}"));
    assertThat(send(api(PlatformApi.TIMEOUT))).isInstanceOf(Outcome.Retry.class);
  }

  @Test
  void aBadTokenFails() throws Exception {
    fake.script(FakePlatform.Answer.json(401, "{\"error\":{\"message\":\"Invalid OAuth access "
        + "token.\",\"type\":\"OAuthException\",\"code\":190}}"));
    assertThat(send(api(PlatformApi.TIMEOUT))).isEqualTo(new Outcome.Failed(
        "Facebook: Invalid OAuth access token. (code 190)"));
  }
}
