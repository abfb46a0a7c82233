import Foundation

/// The `civic:` section of the server configuration: the SMTP relay for department e-mail and the escalation
/// scheduler's pace.
///
/// ```yaml
/// civic:
///   smtp_host: 127.0.0.1
///   smtp_port: 2525
///   smtp_from: desk@riverside.example.org
///   escalation_interval_seconds: 300
///   open311_keys: {WATER_311_KEY: "…"}   # optional; else the environment variable of that name
/// ```
struct CivicServerConfiguration: Sendable, Decodable {
    /// No host: department e-mail stays queued (visible in `complaints show`) and nothing is sent.
    var smtpHost: String?
    var smtpPort: Int = 25
    var smtpFrom: String = "deskbot@localhost"
    var smtpHelo: String = "deskbot.localdomain"
    /// How often the scheduler looks for complaints past their service level.
    var escalationIntervalSeconds: Double = 300
    /// API keys of departments' Open311 endpoints, by the `api_key_env` name departments.yaml gives (secrets: this
    /// file, or the environment variable of that name).
    var open311Keys: [String: String] = [:]

    static let schema: [String: ConfigValue] = [
        "smtp_host": .string, "smtp_port": .int(1...65535), "smtp_from": .string, "smtp_helo": .string,
        "escalation_interval_seconds": .number(0.05...86400), "open311_keys": .map(.string),
    ]

    enum CodingKeys: String, CodingKey {
        case smtpHost = "smtp_host", smtpPort = "smtp_port", smtpFrom = "smtp_from", smtpHelo = "smtp_helo"
        case escalationIntervalSeconds = "escalation_interval_seconds", open311Keys = "open311_keys"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        smtpHost = try c.decodeIfPresent(String.self, forKey: .smtpHost)
        smtpPort = try c.decodeIfPresent(Int.self, forKey: .smtpPort) ?? smtpPort
        smtpFrom = try c.decodeIfPresent(String.self, forKey: .smtpFrom) ?? smtpFrom
        smtpHelo = try c.decodeIfPresent(String.self, forKey: .smtpHelo) ?? smtpHelo
        escalationIntervalSeconds = try c.decodeIfPresent(Double.self, forKey: .escalationIntervalSeconds) ?? escalationIntervalSeconds
        open311Keys = try c.decodeIfPresent([String: String].self, forKey: .open311Keys) ?? [:]
    }

    var smtp: SMTPClient? {
        smtpHost.map { SMTPClient(host: $0, port: smtpPort, from: smtpFrom, helo: smtpHelo) }
    }
}
