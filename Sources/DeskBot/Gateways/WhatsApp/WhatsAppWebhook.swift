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

extension WhatsAppPayload.Message {
    /// What the desk reads from the message: its text and any pin or media, or `nil` for types it does not read.
    var content: (text: String, attachment: Attachment?)? {
        if let text = text?.body ?? interactive?.listReply?.title ?? interactive?.buttonReply?.title { return (text, nil) }
        if let location {
            let name = [location.name, location.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            guard let pin = Attachment.pin(latitude: location.latitude, longitude: location.longitude, name: name) else { return nil }
            return ("", pin)
        }
        let media: [(String, WhatsAppPayload.Media?)] = [("image", image), ("video", video), ("audio", audio), ("document", document), ("sticker", sticker)]
        if let (kind, file) = media.first(where: { $0.1 != nil }), let file {
            return (file.caption ?? "", .media(id: file.id, kind: kind))
        }
        return nil
    }
}
