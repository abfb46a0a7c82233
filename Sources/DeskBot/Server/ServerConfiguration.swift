import Foundation
import Yams

/// `deskbot serve` settings: the config file (YAML), with secrets also taken from the environment.
struct ServerConfiguration: Sendable, Decodable {
    struct Twilio: Sendable, Decodable {
        var authToken: String?
        var accountSid: String?
        var apiBaseURL: String?
        enum CodingKeys: String, CodingKey { case authToken = "auth_token", accountSid = "account_sid", apiBaseURL = "api_base_url" }
    }
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
    struct Telegram: Sendable, Decodable {
        var botToken: String?
        var secretToken: String?
        var apiBaseURL: String = "https://api.telegram.org"
        enum CodingKeys: String, CodingKey { case botToken = "bot_token", secretToken = "secret_token", apiBaseURL = "api_base_url" }
    }
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
    struct Kannel: Sendable, Decodable {
        /// If set, Kannel's get-url/post-url must carry `token=<this>`.
        var token: String?
    }
    struct Generic: Sendable, Decodable {
        var hmacKey: String?
        enum CodingKeys: String, CodingKey { case hmacKey = "hmac_key" }
    }

    /// The server's URL as the providers see it (behind a proxy), used for Twilio signatures.
    var publicURL: String = "http://127.0.0.1:8080"
    var bodyLimit: Int = 64 * 1024
    var rateLimitPerMinute: Int = 30
    var requestTimeoutSeconds: Double = 10
    var twilio = Twilio()
    var whatsapp = WhatsApp()
    var telegram = Telegram()
    var africastalking = AfricasTalking()
    var kannel = Kannel()
    var generic = Generic()

    enum CodingKeys: String, CodingKey {
        case publicURL = "public_url", bodyLimit = "body_limit", rateLimitPerMinute = "rate_limit_per_minute"
        case requestTimeoutSeconds = "request_timeout_seconds", twilio, whatsapp, telegram, africastalking, kannel, generic
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL) ?? publicURL
        bodyLimit = try c.decodeIfPresent(Int.self, forKey: .bodyLimit) ?? bodyLimit
        rateLimitPerMinute = try c.decodeIfPresent(Int.self, forKey: .rateLimitPerMinute) ?? rateLimitPerMinute
        requestTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .requestTimeoutSeconds) ?? requestTimeoutSeconds
        twilio = try c.decodeIfPresent(Twilio.self, forKey: .twilio) ?? twilio
        whatsapp = try c.decodeIfPresent(WhatsApp.self, forKey: .whatsapp) ?? whatsapp
        telegram = try c.decodeIfPresent(Telegram.self, forKey: .telegram) ?? telegram
        africastalking = try c.decodeIfPresent(AfricasTalking.self, forKey: .africastalking) ?? africastalking
        kannel = try c.decodeIfPresent(Kannel.self, forKey: .kannel) ?? kannel
        generic = try c.decodeIfPresent(Generic.self, forKey: .generic) ?? generic
    }

    /// Reads the file (if any), then lets `DESKBOT_*` environment variables supply or override secrets.
    static func load(file: String?, environment: [String: String]) throws -> ServerConfiguration {
        var config = ServerConfiguration()
        if let file {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            config = try YAMLDecoder().decode(ServerConfiguration.self, from: text)
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
        config.kannel.token = env("DESKBOT_KANNEL_TOKEN") ?? config.kannel.token
        config.generic.hmacKey = env("DESKBOT_GENERIC_HMAC_KEY") ?? config.generic.hmacKey
        return config
    }
}
