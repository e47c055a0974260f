package dev.chatmesh.server.inbox;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The platforms' webhook signatures (docs/PLATFORMS.md), computed over the raw request bytes
 * and compared in constant time. The signing side is public so the {@code webhook} command and
 * tests produce exactly what the platforms send.
 */
public final class Signatures {

  /** How far TikTok's {@code t} may be from this node's clock, in seconds (its replay window). */
  public static final long TIKTOK_WINDOW_SECONDS = 300;

  private static final HexFormat HEX = HexFormat.of();

  private Signatures() {
  }

  /** Facebook's {@code X-Hub-Signature-256} value: {@code sha256=hex(HMAC-SHA256(secret, raw))}. */
  public static String facebook(String secret, byte[] raw) {
    return "sha256=" + HEX.formatHex(hmac(secret, raw));
  }

  /** Whether {@code header} is Facebook's signature of {@code raw} under {@code secret}. */
  static boolean facebookValid(String secret, byte[] raw, String header) {
    if (header == null || !header.startsWith("sha256=")) {
      return false;
    }
    return matches(hmac(secret, raw), header.substring("sha256=".length()));
  }

  /**
   * Zalo's {@code X-ZEvent-Signature} value: {@code mac=hex(SHA-256(appId + raw + timestamp +
   * secret))}, {@code appId} and {@code timestamp} being the body's own fields.
   */
  public static String zalo(String secret, String appId, String timestamp, byte[] raw) {
    return "mac=" + HEX.formatHex(zaloDigest(secret, appId, timestamp, raw));
  }

  /** Whether {@code header} (with or without {@code mac=}) is Zalo's signature of {@code raw}. */
  static boolean zaloValid(String secret, String appId, String timestamp, byte[] raw,
                           String header) {
    if (header == null) {
      return false;
    }
    String hex = header.strip();
    if (hex.startsWith("mac=")) {
      hex = hex.substring("mac=".length());
    }
    return matches(zaloDigest(secret, appId, timestamp, raw), hex);
  }

  /** TikTok's {@code TikTok-Signature} value: {@code t=<seconds>,s=hex(HMAC-SHA256(secret, t.raw))}. */
  public static String tiktok(String secret, long seconds, byte[] raw) {
    return "t=" + seconds + ",s=" + HEX.formatHex(hmac(secret, tiktokSigned(seconds, raw)));
  }

  /**
   * Whether {@code header} is TikTok's signature of {@code raw} made within
   * {@link #TIKTOK_WINDOW_SECONDS} of {@code nowSeconds}; an old one is a replay.
   */
  static boolean tiktokValid(String secret, byte[] raw, String header, long nowSeconds) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String s = null;
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        return false;
      }
      String key = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      if (key.equals("t") && t == null && value.matches("[0-9]{1,12}")) {
        t = Long.parseLong(value);
      } else if (key.equals("s") && s == null) {
        s = value;
      }
    }
    if (t == null || s == null || Math.abs(nowSeconds - t) > TIKTOK_WINDOW_SECONDS) {
      return false;
    }
    return matches(hmac(secret, tiktokSigned(t, raw)), s);
  }

  /**
   * Whether two secrets are equal, in time that depends on neither: both are hashed first, so
   * not even their lengths leak.
   */
  static boolean sameSecret(String given, String expected) {
    if (given == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(given.getBytes(StandardCharsets.UTF_8)),
        sha256(expected.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean matches(byte[] expected, String givenHex) {
    byte[] given;
    try {
      given = HEX.parseHex(givenHex.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  private static byte[] tiktokSigned(long seconds, byte[] raw) {
    byte[] prefix = (seconds + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] signed = new byte[prefix.length + raw.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(raw, 0, signed, prefix.length, raw.length);
    return signed;
  }

  private static byte[] zaloDigest(String secret, String appId, String timestamp, byte[] raw) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(appId.getBytes(StandardCharsets.UTF_8));
      digest.update(raw);
      digest.update(timestamp.getBytes(StandardCharsets.UTF_8));
      digest.update(secret.getBytes(StandardCharsets.UTF_8));
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(String secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
