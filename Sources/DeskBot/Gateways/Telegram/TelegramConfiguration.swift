/// The `telegram:` section of the server configuration.
extension ServerConfiguration {
    struct Telegram: Sendable, Decodable {
        var botToken: String?
        var secretToken: String?
        var apiBaseURL = "https://api.telegram.org"
        var insecure = false
        enum CodingKeys: String, CodingKey, CaseIterable {
            case botToken = "bot_token", secretToken = "secret_token", apiBaseURL = "api_base_url", insecure
        }

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            botToken = try c.decodeIfPresent(String.self, forKey: .botToken)
            secretToken = try c.decodeIfPresent(String.self, forKey: .secretToken)
            apiBaseURL = try c.decodeIfPresent(String.self, forKey: .apiBaseURL) ?? apiBaseURL
            insecure = try c.decodeIfPresent(Bool.self, forKey: .insecure) ?? insecure
        }
    }
}
