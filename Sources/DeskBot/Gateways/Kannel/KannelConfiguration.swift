/// The `kannel:` section of the server configuration.
extension ServerConfiguration {
    struct Kannel: Sendable, Decodable {
        /// If set, Kannel's get-url/post-url must carry `token=<this>`.
        var token: String?
    }
}
