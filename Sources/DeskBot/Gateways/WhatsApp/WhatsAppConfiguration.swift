/// The `whatsapp:` section of the server configuration.
extension ServerConfiguration {
    struct WhatsApp: Sendable, Decodable {
        var verifyToken: String?
        var appSecret: String?
        var accessToken: String?
        var phoneNumberID: String?
        var apiBaseURL: String = "https://graph.facebook.com/v21.0"
        enum CodingKeys: String, CodingKey {
            case verifyToken = "verify_token", appSecret = "app_secret", accessToken = "access_token"
            case phoneNumberID = "phone_number_id", apiBaseURL = "api_base_url"
        }
    }
}
