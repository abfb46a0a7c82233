/// The `kannel:` section of the server configuration.
extension ServerConfiguration {
    struct Kannel: Sendable, Decodable {
        /// get-url/post-url and dlr-url must carry `token=<this>`; without it Kannel requests are refused unless
        /// `insecure: true`.
        var token: String?
        var insecure = false
        /// The smsbox's sendsms interface (`sendsms-port`), for notifications.
        var sendURL = "http://127.0.0.1:13013"
        /// A `sendsms-user` group's username and password.
        var username: String?
        var password: String?
        /// The sender number or short code (`from`).
        var from: String?
        /// Which delivery reports to ask for (1 delivered, 2 failed, 4 buffered, 8 accepted by the SMSC, 16 rejected).
        var dlrMask = 31
        /// Where Kannel sends delivery reports (default: `public_url`); Kannel usually reaches DeskBot directly.
        var dlrBaseURL: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case token, insecure, sendURL = "send_url", username, password, from, dlrMask = "dlr_mask", dlrBaseURL = "dlr_base_url"
        }

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            token = try c.decodeIfPresent(String.self, forKey: .token)
            insecure = try c.decodeIfPresent(Bool.self, forKey: .insecure) ?? insecure
            sendURL = try c.decodeIfPresent(String.self, forKey: .sendURL) ?? sendURL
            username = try c.decodeIfPresent(String.self, forKey: .username)
            password = try c.decodeIfPresent(String.self, forKey: .password)
            from = try c.decodeIfPresent(String.self, forKey: .from)
            dlrMask = try c.decodeIfPresent(Int.self, forKey: .dlrMask) ?? dlrMask
            dlrBaseURL = try c.decodeIfPresent(String.self, forKey: .dlrBaseURL)
        }
    }
}
