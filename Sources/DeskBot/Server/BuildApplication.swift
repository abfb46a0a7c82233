import DeskCore
import Foundation
import NIOCore
import Hummingbird
import Logging
import ServiceLifecycle

/// Sets the body limit from the configuration (larger bodies get 413 from `collectBody`).
struct LimitsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let bodyLimit: Int

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.bodyLimit = bodyLimit
        return try await next(request, context)
    }
}

/// All routes: health, metrics and the webhooks.
func buildRouter(pipeline: MessagePipeline, config: ServerConfiguration, console: Console? = nil) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(LimitsMiddleware(bodyLimit: config.bodyLimit))
    router.get("healthz") { _, _ in "ok" }
    router.get("metrics") { _, _ in
        WebhookController.text(pipeline.metrics.exposition(), type: "text/plain; version=0.0.4; charset=utf-8")
    }
    router.addRoutes(WebhookController(pipeline: pipeline, config: config).endpoints, atPath: "webhook")
    Open311Routes(api: Open311API(desk: pipeline.desk, baseURL: config.open311BaseURL, now: pipeline.desk.now), logger: pipeline.logger)
        .add(to: router)
    console?.addRoutes(to: router)  // the staff console under /admin and /open-data (Console/)
    return router
}

/// The message pipeline with its pending processor and outbox deliverer, wired to wake each other.
struct DeskServices: Sendable {
    let pipeline: MessagePipeline
    let pending: PendingProcessor
    let outbox: OutboxDeliverer

    /// `singleNode`: this process is the only one on the store (SQLite), so claims left by a crash are released at
    /// start; with several instances on one PostgreSQL database they expire after their lease instead.
    init(desk: Desk, config: ServerConfiguration, metrics: DeskMetrics = DeskMetrics(), logger: Logger, singleNode: Bool = true) {
        let (pendingStream, wakePending) = PendingProcessor.wakeups()
        let outboxWakeups = PendingProcessor.wakeups()
        let wakeOutbox = outboxWakeups.1
        var pipeline = MessagePipeline(
            desk: desk, store: desk.store, metrics: metrics, limiter: RateLimiter(limit: config.rateLimitPerMinute), logger: logger)
        pipeline.timeout = .milliseconds(Int64(config.requestTimeoutSeconds * 1000))
        pipeline.wakePending = wakePending
        self.pipeline = pipeline
        var pending = PendingProcessor(pipeline: pipeline, wakeups: pendingStream, logger: logger)
        pending.wakeOutbox = wakeOutbox
        pending.singleNode = singleNode
        self.pending = pending
        outbox = OutboxDeliverer(
            store: desk.store, config: config, metrics: metrics, logger: logger, wakeups: outboxWakeups, gate: desk.gate)
    }
}

/// The server: the router, the pending processor (which first sweeps what a previous run left), the outbox
/// deliverer and the corpus reloader, stopped together on SIGTERM.
func buildApplication(
    services: DeskServices, config: ServerConfiguration, host: String, port: Int, logger: Logger, corpora: String? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    var list: [any Service] = [services.pending, services.outbox]
    if let corpora { list.append(CorpusReloader(directory: corpora, desk: services.pipeline.desk, logger: logger)) }
    if let days = config.retentionDays { list.append(RetentionService(store: services.pipeline.store, days: days, logger: logger)) }
    list += civicServices(desk: services.pipeline.desk, config: config, logger: logger)
    return Application(
        router: buildRouter(
            pipeline: services.pipeline, config: config,
            console: Console(desk: services.pipeline.desk, settings: config.console, corpora: corpora, logger: logger)),
        // A client that sends nothing for this long is disconnected (slow or stuck requests).
        server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(config.requestTimeoutSeconds * 1000)))),
        configuration: .init(address: .hostname(host, port: port), serverName: "DeskBot"),
        services: list,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger)
}
