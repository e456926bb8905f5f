package io.driftline.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Replaces Secret values by a short salted hash, so output never shows a value yet equal values
 * look equal and different values look different: {@code <secret:3f9a01c2d4e5>}.
 *
 * <p>Argo CD masks with runs of {@code +} and {@code -} per comparison
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/); a salted SHA-256 gives the same
 * guarantee and stays consistent across all objects of one run. The salt is random per run by
 * default, so a hash cannot be looked up in a table made in advance or compared across runs; tests
 * pass a fixed salt. The hash covers the decoded bytes, so two base64 spellings of one value (with
 * or without padding) mask alike.
 */
public final class SecretMasker {
  private final byte[] salt;

  public SecretMasker(byte[] salt) {
    if (salt.length < 8)
      throw new IllegalArgumentException("salt must have >= 8 bytes but had " + salt.length);
    this.salt = salt.clone();
  }

  /** A masker with 16 random bytes of salt from {@link SecureRandom}. */
  public static SecretMasker random() {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return new SecretMasker(salt);
  }

  /** Masks a value of a Secret's {@code data} (base64). */
  public String maskBase64(Object value) {
    String text = Trees.string(value).strip();
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(text);
    } catch (IllegalArgumentException notBase64) {
      bytes = text.getBytes(StandardCharsets.UTF_8);
    }
    return mask(bytes);
  }

  /** Masks a value of a Secret's {@code stringData} (plain text). */
  public String maskPlain(Object value) {
    return mask(Trees.string(value).getBytes(StandardCharsets.UTF_8));
  }

  private String mask(byte[] bytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      byte[] digest = sha.digest(bytes);
      return "<secret:" + HexFormat.of().formatHex(digest, 0, 6) + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
