/// The `generic:` section of the server configuration.
extension ServerConfiguration {
    struct Generic: Sendable, Decodable {
        var hmacKey: String?
        var insecure = false
        enum CodingKeys: String, CodingKey, CaseIterable { case hmacKey = "hmac_key", insecure }

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hmacKey = try c.decodeIfPresent(String.self, forKey: .hmacKey)
            insecure = try c.decodeIfPresent(Bool.self, forKey: .insecure) ?? insecure
        }
    }
}
