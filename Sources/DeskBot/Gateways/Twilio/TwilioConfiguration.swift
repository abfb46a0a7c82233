/// The `twilio:` section of the server configuration.
extension ServerConfiguration {
    struct Twilio: Sendable, Decodable {
        var authToken: String?
        var accountSid: String?
        var apiBaseURL: String?
        enum CodingKeys: String, CodingKey { case authToken = "auth_token", accountSid = "account_sid", apiBaseURL = "api_base_url" }
    }
}
