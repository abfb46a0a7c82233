/// The `generic:` section of the server configuration.
extension ServerConfiguration {
    struct Generic: Sendable, Decodable {
        var hmacKey: String?
        enum CodingKeys: String, CodingKey { case hmacKey = "hmac_key" }
    }
}
