import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// WhatsApp Cloud API: `POST /{phone-number-id}/messages` with a bearer token. Within `window_hours` of the
/// citizen's last message a free-form text; later, a notification goes as the locale's approved template (its
/// `{{1}}` is the text), because Meta refuses free-form business messages outside the window.
struct WhatsAppSender: OutboundSender {
    let channel = Channel.whatsapp
    let config: ServerConfiguration.WhatsApp

    init?(_ config: ServerConfiguration.WhatsApp) {
        guard config.accessToken != nil, config.phoneNumberID != nil else { return nil }
        self.config = config
    }

    func request(for message: OutboundMessage) throws -> URLRequest {
        var request = URLRequest(url: try Gateways.url("\(config.apiBaseURL.trimmingTrailingSlash())/\(config.phoneNumberID ?? "")/messages"))
        request.httpMethod = "POST"
        request.setValue("Bearer \(config.accessToken ?? "")", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        var body: [String: Any] = ["messaging_product": "whatsapp", "recipient_type": "individual", "to": message.address]
        if insideWindow(message) {
            body["type"] = "text"
            body["text"] = ["preview_url": false, "body": message.text]
        } else {
            guard let template = template(for: message.locale) else {
                throw CannotSend(reason: "outside WhatsApp's \(Int(config.windowHours))-hour window and no template for \(message.locale)")
            }
            body["type"] = "template"
            body["template"] = [
                "name": template.name, "language": ["code": template.language],
                "components": [["type": "body", "parameters": [["type": "text", "text": Self.templateText(message.text)]]]],
            ] as [String: Any]
        }
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        return request
    }

    func insideWindow(_ message: OutboundMessage) -> Bool {
        guard let last = message.lastInbound else { return false }
        return message.now.timeIntervalSince(last) < config.windowHours * 3600
    }

    func template(for locale: String) -> ServerConfiguration.WhatsApp.Template? {
        config.templates[locale] ?? config.templates[String(locale.prefix { $0 != "-" })] ?? config.templates["default"]
    }

    /// Template parameters may not hold newlines, tabs or more than four spaces in a row.
    static func templateText(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " · ")
    }

    /// `{"messages":[{"id":"wamid…"}]}`; errors carry `error.code` (131050: the user stopped marketing messages,
    /// 131047: outside the window, 131026: undeliverable).
    func outcome(status: Int, body: Data, message: OutboundMessage) -> SendOutcome {
        let json = Self.json(body)
        if (200..<300).contains(status) {
            let id = ((json?["messages"] as? [[String: Any]])?.first?["id"] as? String).map { "whatsapp:\($0)" }
            return .sent(providerID: id)
        }
        let code = ((json?["error"] as? [String: Any])?["code"] as? Int) ?? 0
        if code == 131050 { return .blocked("whatsapp \(code)") }
        if code != 0, status < 500, status != 429, code != 130429, code != 131056 { return .failed("whatsapp \(code)") }
        return Self.byStatus(status, sent: nil)
    }
}
