/// The `africastalking:` section of the server configuration.
extension ServerConfiguration {
    struct AfricasTalking: Sendable, Decodable {
        var username: String?
        var apiKey: String?
        var sender: String?
        var apiBaseURL = "https://api.africastalking.com"
        /// The callback URLs (SMS, USSD, delivery reports) must carry `token=<this>`: Africa's Talking does not
        /// sign callbacks. Without it the callbacks are refused unless `insecure: true`.
        var callbackToken: String?
        var insecure = false
        enum CodingKeys: String, CodingKey, CaseIterable {
            case username, apiKey = "api_key", sender, apiBaseURL = "api_base_url", callbackToken = "callback_token", insecure
        }

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            username = try c.decodeIfPresent(String.self, forKey: .username)
            apiKey = try c.decodeIfPresent(String.self, forKey: .apiKey)
            sender = try c.decodeIfPresent(String.self, forKey: .sender)
            apiBaseURL = try c.decodeIfPresent(String.self, forKey: .apiBaseURL) ?? apiBaseURL
            callbackToken = try c.decodeIfPresent(String.self, forKey: .callbackToken)
            insecure = try c.decodeIfPresent(Bool.self, forKey: .insecure) ?? insecure
        }
    }
}
