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
func buildRouter(gateway: Gateway, config: ServerConfiguration) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(LimitsMiddleware(bodyLimit: config.bodyLimit))
    router.get("healthz") { _, _ in "ok" }
    router.get("metrics") { _, _ in
        WebhookController.text(gateway.metrics.exposition(), type: "text/plain; version=0.0.4; charset=utf-8")
    }
    router.addRoutes(WebhookController(gateway: gateway, config: config).endpoints, atPath: "webhook")
    return router
}

/// The server: the router, the outbox deliverer, and the processing of messages left pending by a previous run.
func buildApplication(
    gateway: Gateway, config: ServerConfiguration, host: String, port: Int, logger: Logger, corpora: String? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let deliverer = OutboxDeliverer(store: gateway.store, config: config, metrics: gateway.metrics, logger: logger)
    var services: [any Service] = [deliverer]
    if let corpora { services.append(CorpusReloader(directory: corpora, desk: gateway.desk, logger: logger)) }
    var app = Application(
        router: buildRouter(gateway: gateway, config: config),
        // A client that sends nothing for this long is disconnected (slow or stuck requests).
        server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(config.requestTimeoutSeconds * 1000)))),
        configuration: .init(address: .hostname(host, port: port), serverName: "DeskBot"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger)
    app.beforeServerStarts { await gateway.processPending() }
    return app
}
