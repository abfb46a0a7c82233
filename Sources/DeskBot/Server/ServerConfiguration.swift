import DeskCore
import Foundation
import Yams

/// `deskbot serve` settings: the config file (YAML), with secrets also taken from the environment.
///
/// The file is validated before it is decoded (`ServerConfiguration+Validation.swift`): unknown keys and bad
/// values are reported with file:line and a suggestion, and `serve` refuses channels without authentication.
struct ServerConfiguration: Sendable, Decodable {

    /// The server's URL as the providers see it (behind a proxy), used for Twilio signatures and callback URLs.
    var publicURL: String = "http://127.0.0.1:8080"
    var bodyLimit: Int = 64 * 1024
    var rateLimitPerMinute: Int = 30
    var requestTimeoutSeconds: Double = 10
    /// Retention: days after which answered messages, sent notifications, unmatched messages and the citizens' words
    /// in closed complaints are deleted by the server (daily). `nil`: kept until `deskbot privacy purge`.
    var retentionDays: Int?

    /// Whether a provider's authenticated timestamp is inside the replay window: not more than 5 minutes ahead
    /// (clock skew), and — when retention deletes the ledger — younger than the ledger's memory less a day.
    func acceptsTimestamp(_ sentAt: Date, now: Date) -> Bool {
        if sentAt.timeIntervalSince(now) > 300 { return false }
        guard let retentionDays else { return true }
        return now.timeIntervalSince(sentAt) < Double(retentionDays - 1) * 86_400
    }
    var twilio = Twilio()
    var whatsapp = WhatsApp()
    var telegram = Telegram()
    var africastalking = AfricasTalking()
    var kannel = Kannel()
    var generic = Generic()
    var ussd = USSD()
    var outbox = Outbox()
    var civic = CivicServerConfiguration()
    var console = Console()
    /// The sections the file has, with their line (a section in the file enables its channel).
    var sections: [String: Int] = [:]
    /// The file the settings came from (for messages).
    var file: String?

    /// The `outbox:` section: how long the deliverer keeps trying.
    struct Outbox: Sendable, Decodable {
        /// A message still unsent after this long is marked failed (and counted in `deskbot_outbound_total`).
        var giveUpAfterSeconds: Double = 48 * 3600
        /// How long a claimed message is held before another attempt may send it (a crash mid-send).
        var leaseSeconds: Double = 60
        enum CodingKeys: String, CodingKey, CaseIterable { case giveUpAfterSeconds = "give_up_after_seconds", leaseSeconds = "lease_seconds" }
        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            giveUpAfterSeconds = try c.decodeIfPresent(Double.self, forKey: .giveUpAfterSeconds) ?? giveUpAfterSeconds
            leaseSeconds = try c.decodeIfPresent(Double.self, forKey: .leaseSeconds) ?? leaseSeconds
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case publicURL = "public_url", bodyLimit = "body_limit", rateLimitPerMinute = "rate_limit_per_minute"
        case requestTimeoutSeconds = "request_timeout_seconds", retentionDays = "retention_days", twilio, whatsapp, telegram, africastalking, kannel, generic, ussd, outbox, civic, console
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL) ?? publicURL
        bodyLimit = try c.decodeIfPresent(Int.self, forKey: .bodyLimit) ?? bodyLimit
        rateLimitPerMinute = try c.decodeIfPresent(Int.self, forKey: .rateLimitPerMinute) ?? rateLimitPerMinute
        requestTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .requestTimeoutSeconds) ?? requestTimeoutSeconds
        retentionDays = try c.decodeIfPresent(Int.self, forKey: .retentionDays)
        twilio = try c.decodeIfPresent(Twilio.self, forKey: .twilio) ?? twilio
        whatsapp = try c.decodeIfPresent(WhatsApp.self, forKey: .whatsapp) ?? whatsapp
        telegram = try c.decodeIfPresent(Telegram.self, forKey: .telegram) ?? telegram
        africastalking = try c.decodeIfPresent(AfricasTalking.self, forKey: .africastalking) ?? africastalking
        kannel = try c.decodeIfPresent(Kannel.self, forKey: .kannel) ?? kannel
        generic = try c.decodeIfPresent(Generic.self, forKey: .generic) ?? generic
        ussd = try c.decodeIfPresent(USSD.self, forKey: .ussd) ?? ussd
        outbox = try c.decodeIfPresent(Outbox.self, forKey: .outbox) ?? outbox
        civic = try c.decodeIfPresent(CivicServerConfiguration.self, forKey: .civic) ?? civic
        console = try c.decodeIfPresent(Console.self, forKey: .console) ?? console
    }

    /// Reads and validates the file (if any), then lets `DESKBOT_*` environment variables supply or override
    /// secrets.
    /// - Throws: `ConfigError` with every problem found (file:line, key, suggestion).
    static func load(file: String?, environment: [String: String]) throws -> ServerConfiguration {
        var config = ServerConfiguration()
        if let file {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ConfigError(problems: [ConfigProblem(file: file, line: nil, key: nil, message: "cannot read the file")])
            }
            config = try parse(text, file: file)
        }
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        config.publicURL = env("DESKBOT_PUBLIC_URL") ?? config.publicURL
        config.twilio.authToken = env("DESKBOT_TWILIO_AUTH_TOKEN") ?? config.twilio.authToken
        config.whatsapp.verifyToken = env("DESKBOT_WHATSAPP_VERIFY_TOKEN") ?? config.whatsapp.verifyToken
        config.whatsapp.appSecret = env("DESKBOT_WHATSAPP_APP_SECRET") ?? config.whatsapp.appSecret
        config.whatsapp.accessToken = env("DESKBOT_WHATSAPP_ACCESS_TOKEN") ?? config.whatsapp.accessToken
        config.telegram.botToken = env("DESKBOT_TELEGRAM_BOT_TOKEN") ?? config.telegram.botToken
        config.telegram.secretToken = env("DESKBOT_TELEGRAM_SECRET_TOKEN") ?? config.telegram.secretToken
        config.africastalking.apiKey = env("DESKBOT_AFRICASTALKING_API_KEY") ?? config.africastalking.apiKey
        config.africastalking.callbackToken = env("DESKBOT_AFRICASTALKING_CALLBACK_TOKEN") ?? config.africastalking.callbackToken
        config.kannel.token = env("DESKBOT_KANNEL_TOKEN") ?? config.kannel.token
        config.kannel.password = env("DESKBOT_KANNEL_PASSWORD") ?? config.kannel.password
        config.generic.hmacKey = env("DESKBOT_GENERIC_HMAC_KEY") ?? config.generic.hmacKey
        return config
    }
}
