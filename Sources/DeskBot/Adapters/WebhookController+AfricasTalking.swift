import Foundation
import Hummingbird

/// Africa's Talking: the incoming-SMS callback (answered through their SMS API from the outbox) and the USSD
/// callback (answered at once with `CON …` to continue or `END …` to finish, as text/plain).
extension WebhookController {
    func checkCallbackToken(_ request: Request, _ fields: [(String, String)], channel: String) throws {
        guard let token = config.africastalking.callbackToken else { return }
        let given = request.uri.queryParameters.get("token") ?? fields.value("token")
        guard let given, Signatures.equal(given, token) else { throw reject(channel, .forbidden, "bad token") }
    }

    @Sendable func africasTalkingSMS(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let raw = try await body(&request, context, channel: "africastalking")
        let fields = FormBody.parse(String(decoding: raw, as: UTF8.self))
        try checkCallbackToken(request, fields, channel: "africastalking")
        guard let from = fields.value("from"), let text = fields.value("text"), let id = fields.value("id") else {
            throw reject("africastalking", .badRequest, "missing from, text or id")
        }
        if try gateway.accept(channel: .africastalking, messageID: id, sender: from, text: text) {
            let gateway = self.gateway
            Task { await gateway.processPending() }
        }
        return Self.text("")
    }

    @Sendable func ussd(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let raw = try await body(&request, context, channel: "ussd")
        let fields = FormBody.parse(String(decoding: raw, as: UTF8.self))
        try checkCallbackToken(request, fields, channel: "ussd")
        guard let session = fields.value("sessionId"), let phone = fields.value("phoneNumber") else {
            throw reject("ussd", .badRequest, "missing sessionId or phoneNumber")
        }
        let screen = try await USSDMenu(desk: gateway.desk).respond(to: fields.value("text") ?? "", phone: phone, session: session)
        gateway.metrics.message(channel: "ussd", intent: nil, locale: "-")
        return Self.text(screen)
    }
}
