/// The `africastalking:` section of the server configuration.
extension ServerConfiguration {
    struct AfricasTalking: Sendable, Decodable {
        var username: String?
        var apiKey: String?
        var sender: String?
        var apiBaseURL: String = "https://api.africastalking.com"
        /// If set, the callback URLs must carry `token=<this>` (Africa's Talking does not sign callbacks).
        var callbackToken: String?
        enum CodingKeys: String, CodingKey {
            case username, apiKey = "api_key", sender, apiBaseURL = "api_base_url", callbackToken = "callback_token"
        }
    }
}
