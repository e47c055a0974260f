package dev.chatmesh.server.inbox;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultTest {

  private final Vault vault = new Vault("a key of at least thirty-two characters"
      .getBytes(StandardCharsets.UTF_8));

  @Test
  void aSealedValueOpensWithTheSameKeyAndColumn() {
    String sealed = vault.seal("secret", "app secret ü");
    assertThat(sealed).startsWith("v1:").doesNotContain("app secret");
    assertThat(vault.open("secret", sealed)).isEqualTo("app secret ü");
    assertThat(vault.seal("secret", "app secret ü")).as("a fresh nonce each time")
        .isNotEqualTo(sealed);
    assertThat(vault.seal("secret", null)).isNull();
    assertThat(vault.open("secret", null)).isNull();
  }

  @Test
  void aValueMovedToAnotherColumnOrOpenedWithAnotherKeyFails() {
    String sealed = vault.seal("secret", "app secret");
    assertThatThrownBy(() -> vault.open("access_token", sealed))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("access_token");
    Vault other = new Vault("another key of at least thirty-two chars"
        .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> other.open("secret", sealed))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SECRETS_KEY");
    assertThatThrownBy(() -> vault.open("secret", "plain text"))
        .isInstanceOf(IllegalStateException.class);
  }
}
