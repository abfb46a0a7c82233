/// The `twilio:` section of the server configuration.
extension ServerConfiguration {
    struct Twilio: Sendable, Decodable {
        var authToken: String?
        var accountSid: String?
        /// The sending number for SMS (`+1415…`), unless `messaging_service_sid` is set.
        var from: String?
        /// The WhatsApp sender (`whatsapp:+1415…`) for addresses with the `whatsapp:` prefix.
        var whatsappFrom: String?
        var messagingServiceSid: String?
        /// WhatsApp through Twilio: free-form only within this many hours of the citizen's last message; later,
        /// the locale's approved Content template (`HX…` Content SID, body `{{1}}`); `default` for other locales.
        var whatsappWindowHours: Double = 24
        var whatsappTemplates: [String: String] = [:]
        var apiBaseURL = "https://api.twilio.com"
        /// Ask Twilio for status callbacks at `{public_url}/webhook/twilio/status`.
        var statusCallbacks = true
        /// Accept unsigned requests when there is no auth token (never in production).
        var insecure = false

        enum CodingKeys: String, CodingKey, CaseIterable {
            case authToken = "auth_token", accountSid = "account_sid", from, whatsappFrom = "whatsapp_from"
            case whatsappWindowHours = "whatsapp_window_hours", whatsappTemplates = "whatsapp_templates"
            case messagingServiceSid = "messaging_service_sid", apiBaseURL = "api_base_url", statusCallbacks = "status_callbacks", insecure
        }

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            authToken = try c.decodeIfPresent(String.self, forKey: .authToken)
            accountSid = try c.decodeIfPresent(String.self, forKey: .accountSid)
            from = try c.decodeIfPresent(String.self, forKey: .from)
            whatsappFrom = try c.decodeIfPresent(String.self, forKey: .whatsappFrom)
            messagingServiceSid = try c.decodeIfPresent(String.self, forKey: .messagingServiceSid)
            whatsappWindowHours = try c.decodeIfPresent(Double.self, forKey: .whatsappWindowHours) ?? whatsappWindowHours
            whatsappTemplates = try c.decodeIfPresent([String: String].self, forKey: .whatsappTemplates) ?? whatsappTemplates
            apiBaseURL = try c.decodeIfPresent(String.self, forKey: .apiBaseURL) ?? apiBaseURL
            statusCallbacks = try c.decodeIfPresent(Bool.self, forKey: .statusCallbacks) ?? statusCallbacks
            insecure = try c.decodeIfPresent(Bool.self, forKey: .insecure) ?? insecure
        }
    }
}
