/// The `telegram:` section of the server configuration.
extension ServerConfiguration {
    struct Telegram: Sendable, Decodable {
        var botToken: String?
        var secretToken: String?
        var apiBaseURL: String = "https://api.telegram.org"
        enum CodingKeys: String, CodingKey { case botToken = "bot_token", secretToken = "secret_token", apiBaseURL = "api_base_url" }
    }
}
