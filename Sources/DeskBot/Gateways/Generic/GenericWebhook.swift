import DeskCore
import Foundation
import Hummingbird
import Locales

/// A generic JSON webhook for gateways of one's own: `{"sender","message","locale"?,"id"?,"timestamp"?}` signed with
/// `X-DeskBot-Signature: sha256=<hex HMAC-SHA256 of the body>` → `{"reply","intent","reference"?}`.
///
/// Exactly once: by `id`, or — for gateways without message ids — by a hash of sender, message and the signed
/// `timestamp` (Unix seconds), which must then be within `replayWindow` of now, so an old request cannot be replayed.
struct GenericWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.post("generic", use: generic)
    }

    /// How far a signed timestamp may be from now.
    static let replayWindow: TimeInterval = 300

    @Sendable func generic(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        guard let key = config.generic.hmacKey else { throw shared.reject("generic", .serviceUnavailable, "generic webhook not configured") }
        let raw = try await shared.sha256SignedBody(
            &request, context, channel: "generic", header: .deskbotSignature, secret: key, failure: .unauthorized)
        guard let message = try? JSONDecoder().decode(GenericMessage.self, from: Data(raw)),
            !message.sender.isEmpty, !message.message.isEmpty
        else { throw shared.reject("generic", .badRequest, "expected {\"sender\", \"message\"}") }
        let messageID: String
        if let id = message.id, !id.isEmpty {
            messageID = id
        } else if let timestamp = message.timestamp {
            guard abs(shared.pipeline.desk.now().timeIntervalSince1970 - timestamp) <= Self.replayWindow else {
                throw shared.reject("generic", .badRequest, "timestamp outside the replay window")
            }
            messageID = "h:" + Signatures.sha256Hex(Array("\(message.sender)\n\(message.message)\n\(timestamp)".utf8), key: key)
        } else {
            throw shared.reject("generic", .badRequest, "an id or a timestamp is required")
        }
        let answer = try await shared.answer(
            channel: .generic, messageID: messageID, sender: message.sender, text: message.message,
            locale: message.locale.map(LocaleID.init(rawValue:)))
        var out: [String: Any] = ["reply": answer.text, "intent": answer.intent ?? NSNull()]
        if let reference = answer.reference { out["reference"] = reference }
        return WebhookController.json(out)
    }
}
