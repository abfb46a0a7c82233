import DeskCore
import Foundation
import Hummingbird

/// WhatsApp Cloud API: the GET verification handshake, and signed message notifications acknowledged at once.
struct WhatsAppWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.get("whatsapp", use: whatsappVerify)
        routes.post("whatsapp", use: whatsapp)
    }

    @Sendable func whatsappVerify(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        guard let expected = config.whatsapp.verifyToken else { throw shared.reject("whatsapp", .serviceUnavailable, "whatsapp not configured") }
        guard q.get("hub.mode") == "subscribe", let token = q.get("hub.verify_token"), Signatures.equal(token, expected),
            let challenge = q.get("hub.challenge")
        else { throw shared.reject("whatsapp", .forbidden, "verification failed") }
        return WebhookController.text(challenge)
    }

    @Sendable func whatsapp(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let raw: [UInt8]
        if let secret = config.whatsapp.appSecret {
            raw = try await shared.sha256SignedBody(
                &request, context, channel: "whatsapp", header: .hubSignature256, secret: secret, failure: .forbidden)
        } else if config.whatsapp.insecure {
            raw = try await shared.body(&request, context, channel: "whatsapp")
        } else {
            throw shared.reject("whatsapp", .serviceUnavailable, "whatsapp not configured")
        }
        guard let payload = try? JSONDecoder().decode(WhatsAppPayload.self, from: Data(raw)) else {
            throw shared.reject("whatsapp", .badRequest, "not a WhatsApp notification")
        }
        for change in payload.entry.flatMap(\.changes) {
            // Delivery receipts for messages DeskBot sent: sent, delivered, read, failed.
            for status in change.value.statuses ?? [] {
                guard let state = DeliveryStatus(rawValue: status.status), [.sent, .delivered, .read, .failed].contains(state) else { continue }
                let code = status.errors?.first?.code
                try await shared.receipt(
                    DeliveryReceipt(providerID: "whatsapp:\(status.id)", status: state, error: code.map { "whatsapp \($0)" }, at: shared.pipeline.desk.now()),
                    channel: "whatsapp")
            }
            for message in change.value.messages ?? [] {
                // Text, and the titles of button/list replies; media and other types are not read.
                guard let text = message.text?.body ?? message.interactive?.listReply?.title ?? message.interactive?.buttonReply?.title
                else { continue }
                try await shared.accept(
                    channel: .whatsapp, messageID: message.id, sender: message.from, text: text,
                    sentAt: message.timestamp.flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)))
            }
        }
        return WebhookController.text("")
    }
}

/// The parts of a WhatsApp Cloud API webhook notification DeskBot reads.
struct WhatsAppPayload: Decodable {
    struct Entry: Decodable { let changes: [Change] }
    struct Change: Decodable {
        let value: Value
        let field: String?
    }
    struct Value: Decodable {
        let messages: [Message]?
        let statuses: [Status]?
    }
    /// A delivery receipt: `{"id":"wamid…","status":"delivered","timestamp":"…","recipient_id":"…","errors":[{"code":131026}]}`.
    struct Status: Decodable {
        struct Failure: Decodable { let code: Int? }
        let id: String
        let status: String
        let errors: [Failure]?
    }
    struct Message: Decodable {
        let from: String
        let id: String
        let type: String?
        /// When the citizen sent it (Unix seconds, as a string), covered by the payload's signature.
        let timestamp: String?
        let text: Text?
        let interactive: Interactive?
    }
    struct Text: Decodable { let body: String }
    struct Interactive: Decodable {
        struct Reply: Decodable { let id: String?; let title: String? }
        let buttonReply: Reply?
        let listReply: Reply?
        enum CodingKeys: String, CodingKey { case buttonReply = "button_reply", listReply = "list_reply" }
    }
    let object: String?
    let entry: [Entry]
}
