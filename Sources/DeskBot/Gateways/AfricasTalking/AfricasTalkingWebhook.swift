import DeskCore
import Foundation
import Hummingbird

/// Africa's Talking: the incoming-SMS callback (answered through their SMS API from the outbox) and the USSD
/// callback (answered at once with `CON …` to continue or `END …` to finish, as text/plain).
struct AfricasTalkingWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.post("africastalking/sms", use: africasTalkingSMS)
        routes.post("africastalking/ussd", use: ussd)
        routes.post("africastalking/delivery", use: delivery)
    }

    /// Fail closed: Africa's Talking does not sign callbacks, so they carry `token=`; without a configured token
    /// they are refused unless `insecure: true`.
    func checkCallbackToken(_ request: Request, _ fields: [(String, String)], channel: String) throws {
        guard let token = config.africastalking.callbackToken else {
            guard config.africastalking.insecure else { throw shared.reject(channel, .serviceUnavailable, "africastalking not configured (no callback_token)") }
            return
        }
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

    /// A delivery report: `id` (the messageId the SMS API returned), `status` (Success, Sent, Buffered, Rejected,
    /// Failed), `failureReason` (e.g. UserInBlacklist: the citizen blocked the sender).
    @Sendable func delivery(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let raw = try await shared.body(&request, context, channel: "africastalking")
        let fields = FormBody.parse(String(decoding: raw, as: UTF8.self))
        try checkCallbackToken(request, fields, channel: "africastalking")
        guard let id = fields.value("id"), let state = fields.value("status") else {
            throw shared.reject("africastalking", .badRequest, "missing id or status")
        }
        let status: DeliveryStatus? =
            switch state {
            case "Success": .delivered
            case "Sent": .sent
            case "Rejected", "Failed": .failed
            default: nil  // Submitted, Buffered: nothing new
            }
        if let status {
            let reason = fields.value("failureReason").flatMap { $0.isEmpty ? nil : "africastalking \($0)" }
            try await shared.receipt(
                DeliveryReceipt(providerID: "africastalking:\(id)", status: status, error: reason, at: shared.pipeline.desk.now()),
                channel: "africastalking")
        }
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
