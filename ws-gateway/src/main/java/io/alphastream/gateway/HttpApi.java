package io.alphastream.gateway;

import io.alphastream.AlphaStreamException;
import io.alphastream.ErrorCode;
import io.alphastream.InvalidArgumentException;
import io.alphastream.gateway.protocol.ProtocolLimits;
import io.alphastream.gateway.protocol.StreamInfo;
import io.alphastream.gateway.protocol.SubscribeQuery;
import io.alphastream.raster.MaskPng;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/**
 * The HTTP routes: the JSON API, single-frame PNGs, health, metrics, the WebSocket upgrade and the demo
 * page. Errors are one-line JSON bodies; no stack trace ever reaches a client.
 */
final class HttpApi {
  private HttpApi() {}

  static Router router(Vertx vertx, StreamTable streams, NodeServices node, GatewayOptions options,
      GatewayMetrics metrics, Pusher pusher) {
    Access access = new Access(options);
    ProtocolLimits limits = options.limits();
    Router router = Router.router(vertx);

    router.get("/health").handler(ctx -> health(ctx, streams, node));

    router.route("/streams*").handler(ctx -> requireToken(ctx, access));
    router.route("/metrics").handler(ctx -> requireToken(ctx, access));
    router.route("/ws/*").handler(ctx -> requireToken(ctx, access));
    router.route("/cluster").handler(ctx -> requireToken(ctx, access));

    AdminApi.mount(router, node.catalog(), Access.admin(options));

    router.get("/cluster").handler(ctx -> node.clusterView()
        .onSuccess(ctx::json)
        .onFailure(err -> error(ctx, 503, "the cluster view is unavailable: " + err.getMessage())));

    router.get("/streams").handler(ctx -> {
      JsonArray list = new JsonArray();
      streams.ordered().forEach(s -> list.add(s.toJson()));
      ctx.json(list);
    });
    router.get("/streams/:id").handler(ctx -> {
      StreamEntry s = streams.get(ctx.pathParam("id"));
      if (s == null) {
        error(ctx, 404, "no stream \"" + ctx.pathParam("id") + "\"");
      } else {
        ctx.json(s.toJson());
      }
    });
    // any frame text: a malformed or out-of-range one is a 400 JSON error here, not a 404 page further down
    router.getWithRegex("/streams/([^/]+)/frames/([^/]*)\\.png").handler(ctx -> {
      StreamEntry s = streams.get(ctx.pathParam("param0"));
      if (s == null) {
        error(ctx, 404, "no stream \"" + ctx.pathParam("param0") + "\"");
        return;
      }
      StreamInfo info = s.info;
      if (!s.serving() || info == null) {
        error(ctx, 503, "stream \"" + s.id + "\" is " + s.toJson().getString("state"));
        return;
      }
      SubscribeQuery q;
      int frame;
      try {
        frame = frameIndex(ctx.pathParam("param1"), info.frames());
        q = SubscribeQuery.parse(name -> pngParam(ctx, name), info, limits);
      } catch (AlphaStreamException e) {
        error(ctx, 400, e.getMessage());
        return;
      }
      // the mask and the PNG being built count against the memory budget like a WebSocket frame's encode
      long inFlight = 2L * q.width() * q.height();
      MemoryBudget budget = pusher.budget();
      if (!budget.tryReserve(inFlight)) {
        error(ctx, 503, "the gateway is at its memory budget; try again later");
        return;
      }
      s.source.mask(frame, q.width(), q.height())
          .compose(mask -> vertx.executeBlocking(() -> MaskPng.encode(mask), false))
          .onComplete(ar -> budget.release(inFlight))
          .onSuccess(png -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/png")
              .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=3600").end(Buffer.buffer(png)))
          .onFailure(err -> error(ctx, statusOf(err), messageOf(err)));
    });

    // anything else under /streams is an API path too: a JSON 404, not the static handler's page
    router.route("/streams/*").handler(ctx -> error(ctx, 404, "no such resource: " + shorten(ctx.request().path())));

    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));

    router.get("/ws/streams/:id").handler(ctx -> {
      if (!access.originOk(ctx.request())) {
        error(ctx, 403, "origin not allowed: " + ctx.request().getHeader(HttpHeaders.ORIGIN));
        return;
      }
      if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
        error(ctx, 400, "this is a WebSocket endpoint (see docs/protocol.md)");
        return;
      }
      String id = ctx.pathParam("id");
      ctx.request().toWebSocket()
          .onSuccess(ws -> pusher.accept(ws, id, ctx.queryParams(), ConnectionAbort.of(ws, ctx.request().connection())))
          .onFailure(err -> { /* the handshake failed and Vert.x already answered the request */ });
    });

    router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));

    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      if (!ctx.response().headWritten()) {
        error(ctx, status, status == 500 ? "internal error" : "request failed");
      }
    });
    return router;
  }

  /**
   * 200 {@code UP} while every stream is serving, else 503 {@code DEGRADED}; this node's id and each stream's
   * state either way.
   */
  private static void health(RoutingContext ctx, StreamTable streams, NodeServices node) {
    JsonObject each = new JsonObject();
    boolean up = true;
    for (StreamEntry s : streams.ordered()) {
      JsonObject st = s.toJson();
      JsonObject h = new JsonObject().put("state", st.getString("state")).put("attempts", st.getInteger("attempts"));
      if (st.containsKey("frames")) {
        h.put("frames", st.getInteger("frames"));
      }
      if (st.containsKey("error")) {
        h.put("error", st.getString("error"));
      }
      each.put(s.id, h);
      up &= StreamEntry.State.SERVING.wireName().equals(h.getString("state"));
    }
    ctx.response().setStatusCode(up ? 200 : 503);
    ctx.json(new JsonObject().put("status", up ? "UP" : "DEGRADED").put("node", node.nodeId()).put("streams", each));
  }

  /** A frame index in {@code [0, frames)} written as plain decimal digits, else an {@link InvalidArgumentException}. */
  static int frameIndex(String text, int frames) {
    if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidArgumentException("frame must be an integer in [0, " + frames + "): \"" + shorten(text) + "\"");
    }
    long frame = Long.parseLong(text);
    if (frame >= frames) {
      throw InvalidArgumentException.frame(frame, frames);
    }
    return (int) frame;
  }

  private static String shorten(String text) {
    return text.length() <= 32 ? text : text.substring(0, 32) + "…";
  }

  private static List<String> pngParam(RoutingContext ctx, String name) {
    // the PNG endpoint takes w and h only; fps, start and encoding have no meaning there
    return name.equals("w") || name.equals("h") ? ctx.queryParam(name) : List.of();
  }

  private static void requireToken(RoutingContext ctx, Access access) {
    if (access.tokenOk(ctx.request())) {
      ctx.next();
    } else {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      error(ctx, 401, "missing or wrong bearer token");
    }
  }

  static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", message).encode());
  }

  private static int statusOf(Throwable err) {
    if (err instanceof AlphaStreamException a) {
      ErrorCode c = a.code();
      return switch (c) {
        case INVALID_ARGUMENT -> 400;
        case NOT_READY, CLOSED -> 503;
        default -> 500;
      };
    }
    return 500;
  }

  private static String messageOf(Throwable err) {
    return err instanceof AlphaStreamException ? err.getMessage() : "internal error";
  }
}
