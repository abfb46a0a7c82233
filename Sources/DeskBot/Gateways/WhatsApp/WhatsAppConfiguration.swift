/// The `whatsapp:` section of the server configuration.
extension ServerConfiguration {
    struct WhatsApp: Sendable, Decodable {
        /// An approved message template, used outside the 24-hour customer-service window; its body has one
        /// `{{1}}` parameter that receives the notification text.
        struct Template: Sendable, Decodable, Equatable {
            var name: String
            var language: String
            enum CodingKeys: String, CodingKey, CaseIterable { case name, language }
        }

        var verifyToken: String?
        var appSecret: String?
        var accessToken: String?
        var phoneNumberID: String?
        var apiBaseURL = "https://graph.facebook.com/v21.0"
        /// Free-form messages only within this many hours of the citizen's last message.
        var windowHours: Double = 24
        /// Templates by locale (`en`, `ur`…); `default` is used for locales without one.
        var templates: [String: Template] = [:]
        var insecure = false

        enum CodingKeys: String, CodingKey, CaseIterable {
            case verifyToken = "verify_token", appSecret = "app_secret", accessToken = "access_token"
            case phoneNumberID = "phone_number_id", apiBaseURL = "api_base_url", windowHours = "window_hours", templates, insecure
        }

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            verifyToken = try c.decodeIfPresent(String.self, forKey: .verifyToken)
            appSecret = try c.decodeIfPresent(String.self, forKey: .appSecret)
            accessToken = try c.decodeIfPresent(String.self, forKey: .accessToken)
            phoneNumberID = try c.decodeIfPresent(String.self, forKey: .phoneNumberID)
            apiBaseURL = try c.decodeIfPresent(String.self, forKey: .apiBaseURL) ?? apiBaseURL
            windowHours = try c.decodeIfPresent(Double.self, forKey: .windowHours) ?? windowHours
            templates = try c.decodeIfPresent([String: Template].self, forKey: .templates) ?? templates
            insecure = try c.decodeIfPresent(Bool.self, forKey: .insecure) ?? insecure
        }
    }
}
