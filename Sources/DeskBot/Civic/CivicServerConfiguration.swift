import Foundation

/// The `civic:` section of the server configuration: the SMTP relay for department e-mail and the escalation
/// scheduler's pace.
///
/// ```yaml
/// civic:
///   smtp_host: 127.0.0.1
///   smtp_port: 2525
///   smtp_from: desk@riverside.example.org
///   smtp_tls: true                       # implicit TLS (port 465); the relay's certificate is verified
///   smtp_ca_file: /etc/ssl/city-ca.pem   # optional: trust this CA instead of the system's
///   smtp_username: deskbot               # AUTH PLAIN; the password in smtp_password or DESKBOT_SMTP_PASSWORD
///   escalation_interval_seconds: 300
///   open311_keys: {WATER_311_KEY: "…"}   # optional; else the environment variable of that name
/// ```
struct CivicServerConfiguration: Sendable, Decodable {
    /// No host: department e-mail stays queued (visible in `complaints show`) and nothing is sent.
    var smtpHost: String?
    var smtpPort: Int = 25
    var smtpFrom: String = "deskbot@localhost"
    var smtpHelo: String = "deskbot.localdomain"
    var smtpTLS = false
    var smtpCAFile: String?
    var smtpUsername: String?
    /// A secret: from this file or `DESKBOT_SMTP_PASSWORD`.
    var smtpPassword: String?
    /// How often the scheduler looks for complaints past their service level.
    var escalationIntervalSeconds: Double = 300
    /// API keys of departments' Open311 endpoints, by the `api_key_env` name departments.yaml gives (secrets: this
    /// file, or the environment variable of that name).
    var open311Keys: [String: String] = [:]

    static let schema: [String: ConfigValue] = [
        "smtp_host": .string, "smtp_port": .int(1...65535), "smtp_from": .string, "smtp_helo": .string,
        "smtp_tls": .bool, "smtp_ca_file": .string, "smtp_username": .string, "smtp_password": .string,
        "escalation_interval_seconds": .number(0.05...86400), "open311_keys": .map(.string),
    ]

    enum CodingKeys: String, CodingKey {
        case smtpHost = "smtp_host", smtpPort = "smtp_port", smtpFrom = "smtp_from", smtpHelo = "smtp_helo"
        case smtpTLS = "smtp_tls", smtpCAFile = "smtp_ca_file", smtpUsername = "smtp_username", smtpPassword = "smtp_password"
        case escalationIntervalSeconds = "escalation_interval_seconds", open311Keys = "open311_keys"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        smtpHost = try c.decodeIfPresent(String.self, forKey: .smtpHost)
        smtpPort = try c.decodeIfPresent(Int.self, forKey: .smtpPort) ?? smtpPort
        smtpFrom = try c.decodeIfPresent(String.self, forKey: .smtpFrom) ?? smtpFrom
        smtpHelo = try c.decodeIfPresent(String.self, forKey: .smtpHelo) ?? smtpHelo
        smtpTLS = try c.decodeIfPresent(Bool.self, forKey: .smtpTLS) ?? false
        smtpCAFile = try c.decodeIfPresent(String.self, forKey: .smtpCAFile)
        smtpUsername = try c.decodeIfPresent(String.self, forKey: .smtpUsername)
        smtpPassword = try c.decodeIfPresent(String.self, forKey: .smtpPassword)
        escalationIntervalSeconds = try c.decodeIfPresent(Double.self, forKey: .escalationIntervalSeconds) ?? escalationIntervalSeconds
        open311Keys = try c.decodeIfPresent([String: String].self, forKey: .open311Keys) ?? [:]
    }

    var smtp: SMTPClient? {
        smtpHost.map {
            SMTPClient(
                host: $0, port: smtpPort, from: smtpFrom, helo: smtpHelo, tls: smtpTLS, caFile: smtpCAFile, username: smtpUsername,
                password: smtpPassword ?? ProcessInfo.processInfo.environment["DESKBOT_SMTP_PASSWORD"])
        }
    }
}
