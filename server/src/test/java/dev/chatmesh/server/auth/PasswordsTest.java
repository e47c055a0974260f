package dev.chatmesh.server.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Argon2id hashes as stored: malformed ones match nothing, old costs verify and ask for a rehash. */
class PasswordsTest {

  @Test
  void aFreshHashVerifiesAndNeedsNoRehash() {
    String hash = Passwords.hash("correct horse");
    assertThat(Passwords.verify("correct horse", hash)).isTrue();
    assertThat(Passwords.verify("wrong horse", hash)).isFalse();
    assertThat(Passwords.needsRehash(hash)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain text", "$argon2id$v=19$m=x,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
      "$argon2id$v=19$m=19456,t=2,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=19456,t=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=0,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=2147483647,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=19456,t=2,p=1,=$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA$extra"})
  void aMalformedStoredHashMatchesNothingAndDoesNotThrow(String stored) {
    assertThat(Passwords.verify("correct horse", stored)).isFalse();
    assertThat(Passwords.needsRehash(stored)).isTrue();
  }

  @Test
  void aHashOfAnOlderCostStillVerifiesAndAsksToBeReplaced() {
    String old = OldHash.of("correct horse", 8 * 1024, 1);
    assertThat(Passwords.verify("correct horse", old)).isTrue();
    assertThat(Passwords.needsRehash(old)).isTrue();
  }
}
