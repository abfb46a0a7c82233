import DeskCore
import Foundation

/// Fail closed: every enabled channel must authenticate its requests, or say `insecure: true`.
extension ServerConfiguration {
    /// A channel's authentication, as `serve` checks it at start.
    struct ChannelSecurity: Sendable {
        let section: String
        /// The section is in the file, or its credentials were given (environment, code).
        let enabled: Bool
        let authenticated: Bool
        let insecure: Bool
        /// What to set, for the message.
        let secret: String
        let risk: String
    }

    var channelSecurity: [ChannelSecurity] {
        func present(_ section: String, _ anySet: Bool) -> Bool { sections[section] != nil || anySet }
        return [
            ChannelSecurity(
                section: "twilio", enabled: present("twilio", twilio.authToken != nil || twilio.accountSid != nil),
                authenticated: twilio.authToken != nil, insecure: twilio.insecure, secret: "twilio.auth_token (DESKBOT_TWILIO_AUTH_TOKEN)",
                risk: "requests cannot be checked against X-Twilio-Signature"),
            ChannelSecurity(
                section: "whatsapp", enabled: present("whatsapp", whatsapp.appSecret != nil || whatsapp.accessToken != nil),
                authenticated: whatsapp.appSecret != nil && whatsapp.verifyToken != nil, insecure: whatsapp.insecure,
                secret: "whatsapp.app_secret and whatsapp.verify_token", risk: "X-Hub-Signature-256 cannot be checked"),
            ChannelSecurity(
                section: "telegram", enabled: present("telegram", telegram.botToken != nil || telegram.secretToken != nil),
                authenticated: telegram.secretToken != nil, insecure: telegram.insecure,
                secret: "telegram.secret_token (DESKBOT_TELEGRAM_SECRET_TOKEN)", risk: "anyone can post fake updates"),
            ChannelSecurity(
                section: "africastalking",
                enabled: present("africastalking", africastalking.apiKey != nil || africastalking.callbackToken != nil),
                authenticated: africastalking.callbackToken != nil, insecure: africastalking.insecure,
                secret: "africastalking.callback_token (DESKBOT_AFRICASTALKING_CALLBACK_TOKEN)",
                risk: "anyone who reaches the port can file complaints, send STOP or read the status of any number's complaints"),
            ChannelSecurity(
                section: "kannel", enabled: present("kannel", kannel.token != nil || kannel.username != nil), authenticated: kannel.token != nil,
                insecure: kannel.insecure, secret: "kannel.token (DESKBOT_KANNEL_TOKEN)",
                risk: "anyone who reaches the port can file complaints, send STOP or read the status of any number's complaints"),
            ChannelSecurity(
                section: "generic", enabled: present("generic", generic.hmacKey != nil), authenticated: generic.hmacKey != nil,
                insecure: generic.insecure, secret: "generic.hmac_key (DESKBOT_GENERIC_HMAC_KEY)", risk: "requests cannot be verified"),
        ]
    }

    /// The channels that would accept unauthenticated requests. Without `insecure: true` they are errors (`serve`
    /// refuses to start); with it, warnings logged at every start.
    func securityProblems() -> (errors: [ConfigProblem], warnings: [String]) {
        var errors: [ConfigProblem] = []
        var warnings: [String] = []
        for channel in channelSecurity where channel.enabled && !channel.authenticated {
            if channel.insecure {
                warnings.append("\(channel.section) accepts unauthenticated requests (insecure: true): \(channel.risk)")
            } else {
                errors.append(
                    ConfigProblem(
                        file: file, line: sections[channel.section], key: channel.section,
                        message: "\(channel.section) is enabled without authentication: \(channel.risk). Set \(channel.secret), "
                            + "or add `insecure: true` under \(channel.section): to accept unauthenticated requests"))
            }
        }
        return (errors, warnings)
    }
}
