package io.alphastream.format;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The fixtures' manifest.json: the independent truth the format tests compare against. */
public final class Manifest {
  static final JsonObject JSON = new JsonObject(Fixtures.manifestJson());

  private Manifest() {}

  public static JsonObject file(String name) {
    return JSON.getJsonObject("files").getJsonObject(name);
  }

  static JsonArray malformed() {
    return JSON.getJsonArray("malformed");
  }

  /** The ReaderOptions the fixtures README prescribes for an .asvr fixture named {@code name}. */
  public static ReaderOptions asvrOptions(String name) {
    JsonObject asvr = file("small.asvr");
    return new ReaderOptions()
        .setPassphrase(Fixtures.testPassphrase())
        .setSceneId(asvr.getLong("scene_id"))
        .setVersion(asvr.getString("version"))
        .setName(name);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
