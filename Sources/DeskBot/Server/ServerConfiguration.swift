import DeskCore
import Foundation
import Yams

/// `deskbot serve` settings: the config file (YAML), with secrets also taken from the environment.
struct ServerConfiguration: Sendable, Decodable {

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
