package dev.chatmesh.server.inbox;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatmesh.server.http.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three platforms' webhook deliveries, fuzzed from the raw bytes on: signature check, then
 * payload parsing. Whatever arrives, the answer is a delivery or a 4xx; no other exception
 * escapes. Half the inputs are signed correctly so the fuzzer reaches the parsers behind the
 * signature. Seeds and past findings: {@code WebhookFuzzTestInputs/} in the test resources.
 */
class WebhookFuzzTest {

  private static final String SECRET = "fuzzing-app-secret";
  private static final long NOW = 1_700_000_000L;

  @FuzzTest(maxDuration = "30s")
  void anyDeliveryIsReadOrRefusedWithAClientError(FuzzedDataProvider data) {
    Platform platform = data.pickValue(Platform.values());
    boolean signed = data.consumeBoolean();
    String header = data.consumeString(200);
    String externalId = data.consumeBoolean() ? "1234567890" : data.consumeString(40);
    byte[] raw = data.consumeRemainingAsBytes();
    if (signed) {
      header = sign(platform, raw);
    }
    Channels.Credentials channel = new Channels.Credentials(1, 1, platform, externalId, SECRET,
        "token", "verify");
    try {
      List<Inbound> delivered = Webhooks.read(channel, raw, header, NOW);
      assertThat(delivered).doesNotContainNull();
    } catch (ApiException e) {
      assertThat(e.status()).isBetween(400, 499);
      assertThat(e.getMessage()).doesNotContain("com.", "java.", "Exception");
    }
  }

  private static String sign(Platform platform, byte[] raw) {
    return switch (platform) {
      case FACEBOOK -> Signatures.facebook(SECRET, raw);
      case TIKTOK -> Signatures.tiktok(SECRET, NOW, raw);
      case ZALO -> {
        // Zalo signs the body's own app_id and timestamp; take them as the parser will.
        try {
          ZaloDelivery.Signed fields = ZaloDelivery.signedFields(Shape.parse(raw, "fuzz"));
          yield Signatures.zalo(SECRET, fields.appId(), fields.timestamp(), raw);
        } catch (ApiException e) {
          yield "mac=" + new String(raw, StandardCharsets.ISO_8859_1);
        }
      }
    };
  }
}
