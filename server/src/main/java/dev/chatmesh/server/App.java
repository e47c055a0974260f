package dev.chatmesh.server;

import dev.chatmesh.realtime.Broker;
import dev.chatmesh.realtime.Hub;
import dev.chatmesh.realtime.HubOptions;
import dev.chatmesh.realtime.MemoryBroker;
import dev.chatmesh.realtime.RedisBroker;

import dev.chatmesh.server.auth.Auth;
import dev.chatmesh.server.auth.AuthRoutes;
import dev.chatmesh.server.auth.SessionSweep;
import dev.chatmesh.server.auth.Tokens;
import dev.chatmesh.server.crm.Activities;
import dev.chatmesh.server.crm.Customers;
import dev.chatmesh.server.crm.Employees;
import dev.chatmesh.server.crm.Invitations;
import dev.chatmesh.server.crm.Notes;
import dev.chatmesh.server.crm.Notifications;
import dev.chatmesh.server.events.ApiKeys;
import dev.chatmesh.server.inbox.Channels;
import dev.chatmesh.server.inbox.Conversations;
import dev.chatmesh.server.inbox.Messages;
import dev.chatmesh.server.inbox.Deliveries;
import dev.chatmesh.server.inbox.MessageRetry;
import dev.chatmesh.server.inbox.Platform;
import dev.chatmesh.server.inbox.PlatformApi;
import dev.chatmesh.server.inbox.Sandbox;
import dev.chatmesh.server.inbox.Vault;
import dev.chatmesh.server.inbox.Webhooks;
import dev.chatmesh.server.events.EventRoutes;
import dev.chatmesh.server.events.Publish;
import dev.chatmesh.server.http.ApiDocument;
import dev.chatmesh.server.http.OriginCheck;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.store.Database;
import dev.chatmesh.server.store.EventLog;
import dev.chatmesh.server.store.KeyFile;
import dev.chatmesh.server.store.Retention;
import dev.chatmesh.server.store.Store;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One ChatMesh node, wired by hand: database, broker, hub, routes and HTTP verticles. Tests
 * start it on port 0 exactly as {@link Main} does.
 */
public final class App {

  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final Vertx vertx;
  private final Config config;
  private final Database db;
  private final Broker broker;
  private final Hub hub;
  private final Store store;
  private final Vault vault;
  private final PrometheusMeterRegistry metrics;
  private final JvmGcMetrics gcMetrics;
  private final long retentionTimer;
  private final long sessionTimer;
  private final boolean sandbox;
  private final WebClient platforms;
  private final dev.chatmesh.server.auth.Hashing hashing;
  private volatile Deliveries deliveries;
  private volatile boolean draining;
  private int port;

  private App(Vertx vertx, PrometheusMeterRegistry metrics, Config config, boolean sandbox) {
    this.vertx = vertx;
    this.config = config;
    this.sandbox = sandbox;
    this.metrics = metrics;
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    this.gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(metrics);
    // Every open stream holds a socket: the descriptor count is the first limit a node meets.
    new FileDescriptorMetrics().bindTo(metrics);
    this.db = Database.open(config.databaseUrl(), config.dataDir());
    db.bindMetrics(metrics);
    this.broker = config.redisUrl() == null ? new MemoryBroker()
        : RedisBroker.connect(vertx, config.redisUrl(), config.redisNamespace());
    HubOptions options = HubOptions.withDefaults(config.heartbeat(), config.streamsPerAccount(),
        config.streamsPerCompany(), config.streamQueueBytes());
    this.hub = new Hub(vertx, broker, new EventLog(db), options, metrics);
    Retention retention = new Retention(db, config.historyMaxEvents(), config.historyMaxAge());
    this.retentionTimer = vertx.setPeriodic(60_000, id -> vertx.executeBlocking(retention::run,
        false).onFailure(e -> log.warn("history retention failed", e)));
    this.store = new Store(db, hub::publish);
    this.vault = new Vault(KeyFile.read(config.secretsKey(), config.dataDir(), "secrets-key", 32));
    SessionSweep sweep = new SessionSweep(store, hub);
    this.sessionTimer = vertx.setPeriodic(config.sessionCheck().toMillis(), id -> vertx
        .executeBlocking(() -> {
          sweep.run();
          return null;
        }, false).onFailure(e -> log.warn("session check failed", e)));
    this.hashing = new dev.chatmesh.server.auth.Hashing(vertx, config.passwordThreads());
    this.platforms = WebClient.create(vertx, new WebClientOptions().setUserAgent("ChatMesh")
        .setConnectTimeout((int) PlatformApi.TIMEOUT.toMillis()).setFollowRedirects(false));
  }

  /**
   * A Vert.x that reports into {@code metrics}: its worker pools ({@code vertx_pool_*}: how long
   * blocking work waits) and its HTTP client (the platforms' send APIs). Its HTTP server and TCP
   * metrics stay off: they would cost a meter update on every stream write, and
   * {@code http_server_requests_seconds} already times the API. Its Netty metrics stay off too:
   * they register one gauge name per event loop group, which Micrometer refuses with a warning.
   */
  public static Vertx vertx(PrometheusMeterRegistry metrics) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true);
    for (MetricsDomain off : List.of(MetricsDomain.HTTP_SERVER, MetricsDomain.NET_SERVER,
        MetricsDomain.NET_CLIENT, MetricsDomain.DATAGRAM_SOCKET, MetricsDomain.EVENT_BUS,
        MetricsDomain.VERTICLES)) {
      options.addDisabledMetricsCategory(off);
    }
    return Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(metrics)).build();
  }

  /** A new registry for one node's {@code /metrics}. */
  public static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Starts a node on {@code vertx} (best made by {@link #vertx}) reporting into {@code metrics}:
   * migrates the database, listens, then starts delivering agents' replies. With {@code sandbox}
   * (the demo) the platforms' send APIs are the node's own {@code /sandbox} routes instead of
   * the configured URLs.
   */
  public static Future<App> start(Vertx vertx, PrometheusMeterRegistry metrics, Config config,
      boolean sandbox) {
    return vertx.executeBlocking(() -> new App(vertx, metrics, config, sandbox))
        .compose(app -> app.listen().map(app))
        .onSuccess(App::startDeliveries);
  }

  // Started once the port is known: the demo's sandbox is served by this node.
  private void startDeliveries() {
    Config.PlatformUrls urls = sandbox ? Sandbox.urls(port) : config.platformUrls();
    Map<Platform, PlatformApi> apis = new EnumMap<>(Platform.class);
    for (Platform platform : Platform.values()) {
      apis.put(platform, PlatformApi.of(platform, platforms, urls, PlatformApi.TIMEOUT));
    }
    deliveries = new Deliveries(vertx, store, db.dialect(), vault, apis, config.delivery());
    deliveries.start();
  }

  /**
   * Wakes the send worker after a commit that queued a delivery (a reply, a retry), so it is
   * sent at once rather than at the next poll.
   */
  public void wakeDeliveries() {
    Deliveries worker = deliveries;
    if (worker != null) {
      worker.wake();
    }
  }

  /** The port the node listens on. */
  public int port() {
    return port;
  }

  /** The node's realtime hub. */
  public Hub hub() {
    return hub;
  }

  /**
   * Answers {@code /health/ready} 503 from now on, finishes the sends in flight, ends every stream so clients reconnect, stops listening and
   * closes the database.
   */
  public Future<Void> stop() {
    draining = true;
    vertx.cancelTimer(retentionTimer);
    vertx.cancelTimer(sessionTimer);
    // Sends in flight are recorded before the database closes, so no lease is left behind.
    Future<Void> sending = deliveries == null ? Future.succeededFuture() : deliveries.stop();
    return sending.eventually(hub::shutdown)
        .compose(v -> Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()))
        .eventually(() -> vertx.executeBlocking(() -> {
          platforms.close();
          gcMetrics.close();
          broker.close();
          db.close();
          return null;
        }))
        .mapEmpty();
  }

  /** The routes of the node; each HTTP verticle builds its own router from it. */
  Router routes() {
    Tokens tokens = new Tokens(Tokens.secret(config.tokenSecret(), config.dataDir()),
        config.tokenTtl());
    Auth auth = new Auth(store, tokens);
    AuthRoutes authRoutes = new AuthRoutes(store, tokens, config.cookieSecure(),
        sessionId -> hub.revoke(stream -> stream.sessionId().equals(sessionId), "logged_out"),
        Employees::addFirstAdmin, hashing);
    Health health = new Health(db, metrics, () -> draining);

    Router router = Router.router(vertx);
    router.route().handler(dev.chatmesh.server.http.ClientAddress.handler(
        java.util.Set.copyOf(config.trustedProxies())));
    router.route().handler(new AccessLog(metrics)::handle);
    router.route().handler(App::securityHeaders);
    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, Problems::handle);
    health.mount(router);
    if (sandbox) {
      new Sandbox().mount(router);
    }
    if (!config.corsOrigins().isEmpty()) {
      // Before the session check: a browser's preflight carries no credentials.
      router.route("/api/*").handler(CorsHandler.create().addOrigins(config.corsOrigins())
          .allowCredentials(true)
          .allowedMethods(java.util.Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
              HttpMethod.PATCH, HttpMethod.DELETE))
          .allowedHeaders(java.util.Set.of("Authorization", "Content-Type", "X-Company-Id",
              "If-Match", "Last-Event-ID"))
          .exposedHeaders(java.util.Set.of("ETag", "Retry-After")));
    }
    List<String> trusted = new ArrayList<>(config.corsOrigins());
    if (config.publicUrl() != null) {
      trusted.add(config.publicUrl());
    }
    router.route("/api/*").handler(new OriginCheck(trusted));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    new ApiDocument().mount(router);
    authRoutes.mountPublic(router);
    Invitations invitations = new Invitations(store, authRoutes);
    invitations.mountPublic(router);
    ApiKeys apiKeys = new ApiKeys(store, config.sessionCheck());
    new Publish(store, apiKeys).mount(router);
    router.route("/api/*").handler(auth::authenticate);
    authRoutes.mountAuthenticated(router);
    invitations.mountAccount(router);
    router.route("/api/*").handler(auth::requireMember);
    invitations.mountCompany(router);
    new Employees(store).mount(router);
    new Customers(store).mount(router);
    new Notes(store).mount(router);
    new Activities(store).mount(router);
    new Notifications(store).mount(router);
    new Channels(store, vault).mount(router);
    new Conversations(store).mount(router);
    new Messages(store, this::wakeDeliveries).mount(router);
    new MessageRetry(store, this::wakeDeliveries).mount(router);
    new EventRoutes(hub).mount(router);
    apiKeys.mount(router);
    // Outside /api: platforms sign their deliveries instead of holding a session.
    new Webhooks(store, vault, config.maxBodyBytes(), java.time.Clock.systemUTC()).mount(router);
    // The web app answers GET and HEAD outside /api. Its modules have no version in their
    // names: browsers revalidate (ETag/Last-Modified) on every load instead of running a mix
    // of old and new code after a deploy.
    StaticHandler web = StaticHandler.create("web").setMaxAgeSeconds(0);
    router.routeWithRegex(HttpMethod.GET, "^/(?!api/).*").handler(web);
    router.routeWithRegex(HttpMethod.HEAD, "^/(?!api/).*").handler(web);
    // A path that no file or route serves is not found, whatever the method: without this the
    // static routes above would make any other method on it a 405, as if it existed.
    router.routeWithRegex("^/(?!api/).*").handler(ctx -> ctx.fail(404));
    return router;
  }

  /** Headers every answer carries; the page's policy is sent as a header so it can forbid framing. */
  private static void securityHeaders(io.vertx.ext.web.RoutingContext ctx) {
    ctx.response().headers()
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "same-origin")
        .set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' https: http: data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    if (!ctx.request().path().startsWith("/api/")) {
      ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", "no-cache"));
    }
    ctx.next();
  }

  private Future<Void> listen() {
    Router router = routes();
    // A negative port asks Vert.x for one random port shared by every instance.
    int requested = config.port() == 0 ? -1 : config.port();
    return vertx.deployVerticle(() -> new HttpVerticle(router, config, requested,
            actual -> port = actual), new DeploymentOptions().setInstances(config.verticles()))
        .onSuccess(id -> log.info("ChatMesh listening on port {} ({} database)", port,
            db.dialect().name().toLowerCase(Locale.ROOT)))
        .mapEmpty();
  }
}
