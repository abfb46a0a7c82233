import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The webhook routes of every gateway. Each adapter decodes the provider's request into an `Inbound` (through the
/// `Gateway`), and encodes the reply the way that provider expects. Bad requests get a 4xx with a short reason,
/// are counted, and are logged without their content.
struct WebhookController: Sendable {
    let gateway: Gateway
    let config: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("twilio", use: twilio)
        routes.get("whatsapp", use: whatsappVerify)
        routes.post("whatsapp", use: whatsapp)
        routes.post("telegram", use: telegram)
        routes.post("africastalking/sms", use: africasTalkingSMS)
        routes.post("africastalking/ussd", use: ussd)
        routes.get("kannel", use: kannel)
        routes.post("kannel", use: kannel)
        routes.post("generic", use: generic)
        return routes
    }

    // MARK: - Helpers

    /// A rejected request: counted by reason, logged without content, answered with a short reason.
    func reject(_ channel: String, _ status: HTTPResponse.Status, _ reason: String) -> HTTPError {
        gateway.metrics.rejected(channel: channel, reason: reason)
        gateway.logger.notice("rejected webhook request", metadata: ["channel": "\(channel)", "reason": "\(reason)"])
        return HTTPError(status, message: reason)
    }

    func body(_ request: inout Request, _ context: AppRequestContext, channel: String) async throws -> [UInt8] {
        do {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            return Array(buffer.readableBytesView)
        } catch {
            throw reject(channel, .contentTooLarge, "body too large")
        }
    }

    /// The body, if `header` carries `sha256=<hex HMAC-SHA256 of the body with secret>` (WhatsApp, generic JSON).
    func sha256SignedBody(
        _ request: inout Request, _ context: AppRequestContext, channel: String, header: HTTPField.Name, secret: String,
        failure: HTTPResponse.Status
    ) async throws -> [UInt8] {
        let raw = try await body(&request, context, channel: channel)
        guard let signature = request.headers[header] else { throw reject(channel, failure, "missing signature") }
        guard Signatures.equal(signature, "sha256=" + Signatures.sha256Hex(raw, key: secret)) else {
            throw reject(channel, failure, "bad signature")
        }
        return raw
    }

    static func text(_ body: String, type: String = "text/plain; charset=utf-8", status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func answer(
        channel: Channel, messageID: String?, sender: String, text: String, smsShaped: Bool? = nil
    ) async throws -> Gateway.Answer {
        do {
            return try await gateway.reply(channel: channel, messageID: messageID, sender: sender, text: text, smsShaped: smsShaped)
        } catch Gateway.Rejection.rateLimited {
            throw HTTPError(.tooManyRequests, message: "rate limited")
        }
    }
}

extension HTTPField.Name {
    static let twilioSignature = Self("X-Twilio-Signature")!
    static let hubSignature256 = Self("X-Hub-Signature-256")!
    static let telegramSecret = Self("X-Telegram-Bot-Api-Secret-Token")!
    static let deskbotSignature = Self("X-DeskBot-Signature")!
}
