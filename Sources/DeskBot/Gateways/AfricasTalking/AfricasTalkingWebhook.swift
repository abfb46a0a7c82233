import DeskCore
import Foundation
import Hummingbird

/// Africa's Talking: the incoming-SMS callback (answered through their SMS API from the outbox) and the USSD
/// callback (answered at once with `CON …` to continue or `END …` to finish, as text/plain).
struct AfricasTalkingWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }
    var config: ServerConfiguration { shared.config }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.post("africastalking/sms", use: africasTalkingSMS)
        routes.post("africastalking/ussd", use: ussd)
    }

    func checkCallbackToken(_ request: Request, _ fields: [(String, String)], channel: String) throws {
        guard let token = config.africastalking.callbackToken else { return }
        let given = request.uri.queryParameters.get("token") ?? fields.value("token")
        guard let given, Signatures.equal(given, token) else { throw shared.reject(channel, .forbidden, "bad token") }
    }

    @Sendable func africasTalkingSMS(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let raw = try await shared.body(&request, context, channel: "africastalking")
        let fields = FormBody.parse(String(decoding: raw, as: UTF8.self))
        try checkCallbackToken(request, fields, channel: "africastalking")
        guard let from = fields.value("from"), let text = fields.value("text"), let id = fields.value("id") else {
            throw shared.reject("africastalking", .badRequest, "missing from, text or id")
        }
        try await shared.accept(channel: .africastalking, messageID: id, sender: from, text: text)
        return WebhookController.text("")
    }

    @Sendable func ussd(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let raw = try await shared.body(&request, context, channel: "ussd")
        let fields = FormBody.parse(String(decoding: raw, as: UTF8.self))
        try checkCallbackToken(request, fields, channel: "ussd")
        guard let session = fields.value("sessionId"), let phone = fields.value("phoneNumber") else {
            throw shared.reject("ussd", .badRequest, "missing sessionId or phoneNumber")
        }
        let screen: String
        do {
            screen = try await USSDMenu(desk: shared.pipeline.desk).respond(to: fields.value("text") ?? "", phone: phone, session: session)
        } catch let rejection as MessagePipeline.Rejection {
            throw WebhookController.httpError(rejection)
        }
        shared.pipeline.metrics.message(channel: "ussd", intent: nil, locale: "-")
        return WebhookController.text(screen)
    }
}
