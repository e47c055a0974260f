package dev.chatmesh.server.inbox;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals the channels' credentials for storage with AES-256-GCM under the node's secrets key,
 * so a database dump alone does not reveal them. Each value is bound to the column it is
 * stored in, so sealed values cannot be swapped between columns unnoticed.
 */
public final class Vault {

  private static final String PREFIX = "v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** A vault keyed by {@code keyMaterial} (the configured or generated secrets key). */
  public Vault(byte[] keyMaterial) {
    try {
      // SHA-256 turns key material of any length (a configured passphrase of 32+ characters or
      // 32 random bytes) into exactly one AES-256 key.
      this.key = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(keyMaterial),
          "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sealed form of {@code plain} for column {@code column}, or null for null. */
  public String seal(String column, String plain) {
    if (plain == null) {
      return null;
    }
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length
          + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a channel credential", e);
    }
  }

  /**
   * The plain value of {@code sealed} from column {@code column}, or null for null. A value
   * sealed under another key (a node configured with a different {@code SECRETS_KEY}) fails.
   */
  public String open(String column, String sealed) {
    if (sealed == null) {
      return null;
    }
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalStateException("a channel credential in " + column + " is not sealed");
    }
    byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
      cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a channel credential in " + column + " cannot be opened "
          + "with this node's SECRETS_KEY", e);
    }
  }
}
