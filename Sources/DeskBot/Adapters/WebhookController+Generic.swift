import Foundation
import Hummingbird
import Locales

/// A generic JSON webhook for gateways of one's own: `{"sender","message","locale"?,"id"?}` signed with
/// `X-DeskBot-Signature: sha256=<hex HMAC-SHA256 of the body>` → `{"reply","intent","reference"?}`.
extension WebhookController {
    struct GenericMessage: Decodable {
        let sender: String
        let message: String
        let locale: String?
        let id: String?
    }

    @Sendable func generic(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        guard let key = config.generic.hmacKey else { throw reject("generic", .serviceUnavailable, "generic webhook not configured") }
        let raw = try await sha256SignedBody(
            &request, context, channel: "generic", header: .deskbotSignature, secret: key, failure: .unauthorized)
        guard let message = try? JSONDecoder().decode(GenericMessage.self, from: Data(raw)),
            !message.sender.isEmpty, !message.message.isEmpty
        else { throw reject("generic", .badRequest, "expected {\"sender\", \"message\"}") }
        let answer: Gateway.Answer
        do {
            answer = try await gateway.reply(
                channel: .generic, messageID: message.id, sender: message.sender, text: message.message,
                locale: message.locale.map(LocaleID.init(rawValue:)))
        } catch Gateway.Rejection.rateLimited {
            throw HTTPError(.tooManyRequests, message: "rate limited")
        }
        var out: [String: Any] = ["reply": answer.text, "intent": answer.intent ?? NSNull()]
        if let reference = answer.reference { out["reference"] = reference }
        return Self.json(out)
    }
}
