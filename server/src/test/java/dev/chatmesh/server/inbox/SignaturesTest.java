package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.Signing;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.Locale;

/** The signature rules at their edges, without a server. */
class SignaturesTest {

  static final byte[] RAW = "{\"object\":\"page\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void facebookAcceptsItsOwnHexInEitherCaseAndNothingElse() {
    String signature = Signatures.facebook("s", RAW);
    assertThat(signature).isEqualTo("sha256=" + Signing.hex(Signing.hmac("s", RAW)));
    assertThat(Signatures.facebookValid("s", RAW, signature)).isTrue();
    assertThat(Signatures.facebookValid("s", RAW, "sha256=" + signature.substring(7)
        .toUpperCase(Locale.ROOT))).isTrue();
    assertThat(Signatures.facebookValid("s", RAW, signature.substring(7))).isFalse();
    assertThat(Signatures.facebookValid("t", RAW, signature)).isFalse();
    assertThat(Signatures.facebookValid("s", RAW, null)).isFalse();
  }

  @Test
  void zaloAcceptsTheMacWithOrWithoutItsPrefix() {
    String mac = Signatures.zalo("k", "app", "1543908534740", RAW);
    assertThat(Signatures.zaloValid("k", "app", "1543908534740", RAW, mac)).isTrue();
    assertThat(Signatures.zaloValid("k", "app", "1543908534740", RAW, mac.substring(4)))
        .isTrue();
    assertThat(Signatures.zaloValid("k", "app", "1543908534741", RAW, mac)).isFalse();
  }

  @Test
  void tiktokAcceptsFiveMinutesEitherWayAndNotASecondMore() {
    long t = 1_800_000_000L;
    String header = Signatures.tiktok("c", t, RAW);
    assertThat(Signatures.tiktokValid("c", RAW, header, t + 300)).isTrue();
    assertThat(Signatures.tiktokValid("c", RAW, header, t - 300)).isTrue();
    assertThat(Signatures.tiktokValid("c", RAW, header, t + 301)).isFalse();
    String[] parts = header.split(",");
    assertThat(Signatures.tiktokValid("c", RAW, parts[1] + ", " + parts[0], t)).isTrue();
    assertThat(Signatures.tiktokValid("c", RAW, "t=" + (t + 1) + "," + parts[1], t)).isFalse();
    assertThat(Signatures.tiktokValid("c", RAW, parts[1], t)).isFalse();
  }

  @Test
  void verifyTokensCompareWholeValuesOnly() {
    assertThat(Signatures.sameSecret("abc", "abc")).isTrue();
    assertThat(Signatures.sameSecret("abc", "abcd")).isFalse();
    assertThat(Signatures.sameSecret(null, "abc")).isFalse();
    assertThat(Signatures.sameSecret("abc", null)).isFalse();
  }
}
