package io.alphastream.gateway;

import io.alphastream.AlphaStreamException;
import io.alphastream.gateway.catalog.Catalog;
import io.alphastream.gateway.catalog.Secrets;
import io.alphastream.transport.Locators;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Set;

/**
 * The admin API (docs/protocol.md 2.1): {@code PUT}, {@code DELETE} and {@code GET} of catalog entries under
 * {@code /admin/streams}, behind the admin bearer token. It only writes the catalog: the gateway of this node,
 * and in a cluster every node's, follows through the catalog's change notifications. Without an admin token
 * every {@code /admin} path answers 404 saying that the admin API is off.
 */
final class AdminApi {
  /** Largest request body accepted (an entry is a few hundred bytes). */
  static final long MAX_BODY_BYTES = 16 * 1024;
  /** The keys of an entry: {@link StreamOptions}' JSON. */
  private static final Set<String> KEYS = Set.of("id", "source", "sceneId", "saltVersion", "saltName",
      "passphraseFile", "passphraseEnv");

  private AdminApi() {}

  static void mount(Router router, Catalog catalog, Access admin) {
    if (admin == null) {
      router.route("/admin*").handler(ctx -> HttpApi.error(ctx, 404, "the admin API is off: start the node with"
          + " --admin-token-file FILE or $ALPHASTREAM_ADMIN_TOKEN"));
      return;
    }
    router.route("/admin*").handler(ctx -> {
      if (admin.bearerOk(ctx.request())) {
        ctx.next();
      } else {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        HttpApi.error(ctx, 401, "missing or wrong admin bearer token");
      }
    });
    // bodies are read only once the token is right, and only up to the limit (413 beyond it)
    router.route("/admin*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/admin/streams").handler(ctx -> catalog.list().onSuccess(list -> {
      JsonArray a = new JsonArray();
      list.forEach(s -> a.add(s.toJson()));
      ctx.json(a);
    }).onFailure(err -> unavailable(ctx, err)));
    router.put("/admin/streams/:id").handler(ctx -> put(ctx, catalog));
    router.delete("/admin/streams/:id").handler(ctx -> {
      String id = ctx.pathParam("id");
      catalog.remove(id).onSuccess(removed -> {
        if (removed) {
          ctx.response().setStatusCode(204).end();
        } else {
          HttpApi.error(ctx, 404, "no stream \"" + shorten(id) + "\" in the catalog");
        }
      }).onFailure(err -> unavailable(ctx, err));
    });
    router.route("/admin*").handler(ctx -> HttpApi.error(ctx, 404, "no such admin resource: "
        + ctx.request().method() + " " + shorten(ctx.request().path())));
  }

  /** 201 with the entry when the id is new, 200 when it replaced one; 400 for an entry that cannot be served. */
  private static void put(RoutingContext ctx, Catalog catalog) {
    StreamOptions stream;
    try {
      stream = entry(ctx.pathParam("id"), ctx.body().length() == 0 ? null : ctx.body().asJsonObject());
    } catch (DecodeException | ClassCastException e) {
      HttpApi.error(ctx, 400, "the body must be a JSON object (docs/protocol.md 2.1)");
      return;
    } catch (IllegalArgumentException | AlphaStreamException e) {
      HttpApi.error(ctx, 400, e.getMessage());
      return;
    }
    catalog.list().compose(list -> {
      boolean existed = list.stream().anyMatch(s -> s.getId().equals(stream.getId()));
      return catalog.put(stream).map(existed);
    }).onSuccess(existed -> ctx.response().setStatusCode(existed ? 200 : 201).putHeader("Content-Type", "application/json")
        .end(stream.toJson().encode()))
        .onFailure(err -> unavailable(ctx, err));
  }

  /**
   * The entry {@code body} describes for stream {@code id}: known keys only, no literal secret, a supported
   * source, passphrase references this API accepts (a file name in the secrets directory, a variable name).
   */
  static StreamOptions entry(String id, JsonObject body) {
    if (body == null) {
      throw new IllegalArgumentException("the body must be a JSON object with at least \"source\" (docs/protocol.md 2.1)");
    }
    for (String key : body.fieldNames()) {
      if (KEYS.contains(key)) {
        continue;
      }
      String k = key.toLowerCase(Locale.ROOT);
      if (k.contains("pass") || k.contains("secret") || k.contains("key") || k.contains("token")) {
        throw new IllegalArgumentException("\"" + shorten(key) + "\" refused: a passphrase or secret never goes"
            + " into the catalog; name a file in each node's secrets directory (passphraseFile) or an"
            + " environment variable (passphraseEnv)");
      }
      throw new IllegalArgumentException("unknown key \"" + shorten(key) + "\"; an entry has " + String.join(", ",
          KEYS.stream().sorted().toList()));
    }
    Object bodyId = body.getValue("id");
    if (bodyId != null && !bodyId.equals(id)) {
      throw new IllegalArgumentException("the body's id \"" + shorten(String.valueOf(bodyId))
          + "\" differs from the path's \"" + shorten(id) + "\"");
    }
    for (String key : KEYS) {
      Object v = body.getValue(key);
      if (v != null && !key.equals("sceneId") && !(v instanceof String)) {
        throw new IllegalArgumentException(key + " must be a string");
      }
    }
    StreamOptions s = new StreamOptions(body.copy().put("id", id));
    if (Locators.kindOf(s.getSource()) == Locators.Kind.UNSUPPORTED) {
      throw Locators.unsupported(s.getSource());
    }
    Secrets.checkReferences(s);
    return s;
  }

  private static void unavailable(RoutingContext ctx, Throwable err) {
    HttpApi.error(ctx, 503, "the catalog is unavailable: " + err.getMessage());
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
