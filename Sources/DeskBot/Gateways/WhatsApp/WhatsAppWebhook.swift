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
                // Text, the titles of button/list replies, location pins and media (a photo with its caption);
                // reactions, contacts and other types are not read.
                guard let (text, attachment) = message.content else { continue }
                try await shared.accept(
                    channel: .whatsapp, messageID: message.id, sender: message.from, text: text,
                    sentAt: message.timestamp.flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)), attachment: attachment)
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
        let location: Location?
        let image: Media?
        let video: Media?
        let audio: Media?
        let document: Media?
        let sticker: Media?

        /// What the desk reads from the message: its text and any pin or media, or `nil` for types it does not read.
        var content: (text: String, attachment: Attachment?)? {
            if let text = text?.body ?? interactive?.listReply?.title ?? interactive?.buttonReply?.title { return (text, nil) }
            if let location {
                let name = [location.name, location.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
                guard let pin = Attachment.pin(latitude: location.latitude, longitude: location.longitude, name: name) else { return nil }
                return ("", pin)
            }
            let media: [(String, Media?)] = [("image", image), ("video", video), ("audio", audio), ("document", document), ("sticker", sticker)]
            if let (kind, file) = media.first(where: { $0.1 != nil }), let file {
                return (file.caption ?? "", .media(id: file.id, kind: kind))
            }
            return nil
        }
    }
    struct Text: Decodable { let body: String }
    /// `{"latitude": -1.28, "longitude": 36.82, "name": "Kencom", "address": "Moi Avenue"}`.
    struct Location: Decodable {
        let latitude: Double
        let longitude: Double
        let name: String?
        let address: String?
    }
    /// `{"id": "<media id>", "mime_type": "image/jpeg", "caption": "…"}`: the file stays with WhatsApp under its id.
    struct Media: Decodable {
        let id: String
        let caption: String?
    }
    struct Interactive: Decodable {
        struct Reply: Decodable { let id: String?; let title: String? }
        let buttonReply: Reply?
        let listReply: Reply?
        enum CodingKeys: String, CodingKey { case buttonReply = "button_reply", listReply = "list_reply" }
    }
    let object: String?
    let entry: [Entry]
}
