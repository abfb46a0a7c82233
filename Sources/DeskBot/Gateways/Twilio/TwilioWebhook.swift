import DeskCore
import Foundation
import Hummingbird

/// Twilio Programmable Messaging (SMS and WhatsApp): form fields in, TwiML out.
struct TwilioWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }
    var config: ServerConfiguration { shared.config }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.post("twilio", use: twilio)
    }

    @Sendable func twilio(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        guard let token = config.twilio.authToken else { throw shared.reject("twilio", .serviceUnavailable, "twilio not configured") }
        let raw = try await shared.body(&request, context, channel: "twilio")
        let fields = FormBody.parse(String(decoding: raw, as: UTF8.self))
        guard let signature = request.headers[.twilioSignature] else { throw shared.reject("twilio", .forbidden, "missing signature") }
        // Twilio signs the URL it called: the public URL (the server sits behind a proxy) with path and query.
        let url = config.publicURL.trimmingTrailingSlash() + request.uri.description
        let expected = Signatures.twilio(url: url, parameters: fields, authToken: token)
        guard Signatures.equal(signature, expected) else { throw shared.reject("twilio", .forbidden, "bad signature") }
        guard let from = fields.value("From"), let text = fields.value("Body") else {
            throw shared.reject("twilio", .badRequest, "missing From or Body")
        }
        let isWhatsApp = from.hasPrefix("whatsapp:")
        let answer = try await shared.answer(
            channel: .twilio, messageID: fields.value("MessageSid") ?? fields.value("SmsSid"), sender: from, text: text,
            smsShaped: !isWhatsApp)
        return WebhookController.text(Self.twiml(answer.text), type: "text/xml; charset=utf-8")
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
