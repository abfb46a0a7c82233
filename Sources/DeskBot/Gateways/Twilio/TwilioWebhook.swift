import DeskCore
import Foundation
import Hummingbird

/// Twilio Programmable Messaging (SMS and WhatsApp): form fields in, TwiML out; status callbacks update the
/// outbox row of a message DeskBot sent.
struct TwilioWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.post("twilio", use: twilio)
        routes.post("twilio/status", use: status)
    }

    /// The form fields of a request whose `X-Twilio-Signature` is valid (or of any request when `insecure: true`
    /// and there is no auth token).
    func verifiedFields(_ request: inout Request, _ context: AppRequestContext) async throws -> [(String, String)] {
        let token = config.twilio.authToken
        guard token != nil || config.twilio.insecure else { throw shared.reject("twilio", .serviceUnavailable, "twilio not configured") }
        var raw = try await shared.body(&request, context, channel: "twilio")
        // A UTF-8 byte-order mark before the form (added by some proxies) is not part of the first field's name.
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) { raw.removeFirst(3) }
        let fields = FormBody.parse(String(decoding: raw, as: UTF8.self))
        guard let token else { return fields }
        guard let signature = request.headers[.twilioSignature] else { throw shared.reject("twilio", .forbidden, "missing signature") }
        // Twilio signs the URL it called: the public URL (the server sits behind a proxy) with path and query.
        let url = config.publicURL.trimmingTrailingSlash() + request.uri.description
        let valid = Self.urlVariants(url).contains { Signatures.equal(signature, Signatures.twilio(url: $0, parameters: fields, authToken: token)) }
        guard valid else { throw shared.reject("twilio", .forbidden, "bad signature") }
        return fields
    }

    @Sendable func twilio(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let fields = try await verifiedFields(&request, context)
        guard let from = fields.value("From"), let text = fields.value("Body") else {
            throw shared.reject("twilio", .badRequest, "missing From or Body")
        }
        let isWhatsApp = from.hasPrefix("whatsapp:")
        let answer = try await shared.answer(
            channel: .twilio, messageID: fields.value("MessageSid") ?? fields.value("SmsSid"), sender: from, text: text,
            smsShaped: !isWhatsApp)
        return WebhookController.text(Self.twiml(answer.text), type: "text/xml; charset=utf-8")
    }

    /// A status callback: `MessageSid`, `MessageStatus` (queued, sending, sent, delivered, undelivered, failed,
    /// read), `ErrorCode`.
    @Sendable func status(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let fields = try await verifiedFields(&request, context)
        guard let sid = fields.value("MessageSid") ?? fields.value("SmsSid"), let state = fields.value("MessageStatus") ?? fields.value("SmsStatus")
        else { throw shared.reject("twilio", .badRequest, "missing MessageSid or MessageStatus") }
        let status: DeliveryStatus? =
            switch state {
            case "sent": .sent
            case "delivered": .delivered
            case "read": .read
            case "failed", "undelivered": .failed
            default: nil  // queued, sending, accepted: nothing new
            }
        if let status {
            let code = fields.value("ErrorCode").flatMap { $0.isEmpty ? nil : $0 }
            try await shared.receipt(
                DeliveryReceipt(providerID: "twilio:\(sid)", status: status, error: code.map { "twilio \($0)" }, at: shared.pipeline.desk.now()),
                channel: "twilio")
        }
        return WebhookController.text("")
    }

    /// The URL as configured, and with the default port added or removed: Twilio's own validator accepts a
    /// signature made either way (`https://host/…` and `https://host:443/…`).
    static func urlVariants(_ url: String) -> [String] {
        guard var parts = URLComponents(string: url), let scheme = parts.scheme else { return [url] }
        let standard = scheme == "https" ? 443 : 80
        var variants = [url]
        if parts.port == nil {
            parts.port = standard
        } else if parts.port == standard {
            parts.port = nil
        } else {
            return variants
        }
        if let other = parts.string { variants.append(other) }
        return variants
    }

    static func twiml(_ message: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>\(xmlEscape(message))</Message></Response>"
    }

    static func xmlEscape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension String {
    func trimmingTrailingSlash() -> String { hasSuffix("/") ? String(dropLast()) : self }
}
