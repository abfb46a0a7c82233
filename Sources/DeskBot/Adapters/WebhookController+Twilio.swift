import Foundation
import Hummingbird

/// Twilio Programmable Messaging (SMS and WhatsApp): form fields in, TwiML out.
extension WebhookController {
    @Sendable func twilio(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        guard let token = config.twilio.authToken else { throw reject("twilio", .serviceUnavailable, "twilio not configured") }
        let raw = try await body(&request, context, channel: "twilio")
        let fields = FormBody.parse(String(decoding: raw, as: UTF8.self))
        guard let signature = request.headers[.twilioSignature] else { throw reject("twilio", .forbidden, "missing signature") }
        // Twilio signs the URL it called: the public URL (the server sits behind a proxy) with path and query.
        let url = config.publicURL.trimmingTrailingSlash() + request.uri.description
        let expected = Signatures.twilio(url: url, parameters: fields, authToken: token)
        guard Signatures.equal(signature, expected) else { throw reject("twilio", .forbidden, "bad signature") }
        guard let from = fields.value("From"), let text = fields.value("Body") else {
            throw reject("twilio", .badRequest, "missing From or Body")
        }
        let isWhatsApp = from.hasPrefix("whatsapp:")
        let answer = try await self.answer(
            channel: .twilio, messageID: fields.value("MessageSid") ?? fields.value("SmsSid"), sender: from, text: text,
            smsShaped: !isWhatsApp)
        return Self.text(Self.twiml(answer.text), type: "text/xml; charset=utf-8")
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
