import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Twilio Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with basic auth (account SID and
/// auth token). SMS goes from `messaging_service_sid` or `from`; a `whatsapp:+…` address keeps its prefix and
/// goes from `whatsapp_from` — as the locale's Content template (`whatsapp_templates`) when the citizen last wrote
/// more than `whatsapp_window_hours` ago. Status callbacks come back to `/webhook/twilio/status`.
struct TwilioSender: OutboundSender {
    let channel = Channel.twilio
    let config: ServerConfiguration.Twilio
    let statusCallback: String?

    init?(_ twilio: ServerConfiguration.Twilio, config: ServerConfiguration) {
        guard twilio.accountSid != nil, twilio.authToken != nil,
            twilio.from != nil || twilio.messagingServiceSid != nil || twilio.whatsappFrom != nil
        else { return nil }
        self.config = twilio
        statusCallback = twilio.statusCallbacks ? config.publicURL.trimmingTrailingSlash() + "/webhook/twilio/status" : nil
    }

    func request(for message: OutboundMessage) throws -> URLRequest {
        let sid = config.accountSid ?? ""
        var request = URLRequest(url: try Gateways.url("\(config.apiBaseURL.trimmingTrailingSlash())/2010-04-01/Accounts/\(sid)/Messages.json"))
        request.httpMethod = "POST"
        let credentials = Data("\(sid):\(config.authToken ?? "")".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        var fields = [("To", message.address)]
        if message.address.hasPrefix("whatsapp:") {
            guard let from = config.whatsappFrom else { throw CannotSend(reason: "twilio.whatsapp_from is not set") }
            fields.append(("From", from.hasPrefix("whatsapp:") ? from : "whatsapp:" + from))
            if let last = message.lastInbound, message.now.timeIntervalSince(last) < config.whatsappWindowHours * 3600 {
                fields.append(("Body", message.text))
            } else {
                // Outside WhatsApp's window only an approved template may be sent.
                let locale = message.locale
                guard let content = config.whatsappTemplates[locale] ?? config.whatsappTemplates[String(locale.prefix { $0 != "-" })]
                    ?? config.whatsappTemplates["default"]
                else { throw CannotSend(reason: "outside WhatsApp's window and no twilio.whatsapp_templates entry for \(locale)") }
                let variables = try JSONSerialization.data(withJSONObject: ["1": WhatsAppSender.templateText(message.text)])
                fields += [("ContentSid", content), ("ContentVariables", String(decoding: variables, as: UTF8.self))]
            }
        } else {
            if let service = config.messagingServiceSid {
                fields.append(("MessagingServiceSid", service))
            } else if let from = config.from {
                fields.append(("From", from))
            } else {
                throw CannotSend(reason: "twilio.from or twilio.messaging_service_sid is not set")
            }
            fields.append(("Body", message.text))
        }
        if let statusCallback { fields.append(("StatusCallback", statusCallback)) }
        request.httpBody = Data(FormBody.encode(fields).utf8)
        return request
    }

    /// 201 with the message `sid`; errors carry Twilio's `code` (21610: the recipient unsubscribed with STOP).
    func outcome(status: Int, body: Data, message: OutboundMessage) -> SendOutcome {
        let json = Self.json(body)
        if (200..<300).contains(status) { return .sent(providerID: (json?["sid"] as? String).map { "twilio:\($0)" }) }
        let code = (json?["code"] as? Int) ?? 0
        if Self.blockedCodes.contains(code) { return .blocked("twilio \(code)") }
        if code != 0, status < 500, status != 429 { return .failed("twilio \(code)") }
        return Self.byStatus(status, sent: nil)
    }

    /// Twilio error codes that mean "do not send to this citizen again": unsubscribed (21610), blocked/blacklisted
    /// (21614 not a mobile number, 30004 blocked, 30006 landline, 63024 WhatsApp invalid recipient).
    static let blockedCodes: Set<Int> = [21610, 30004, 21614, 30006]
}
