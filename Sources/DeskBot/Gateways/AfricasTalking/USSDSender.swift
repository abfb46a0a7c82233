import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// USSD cannot push: a USSD citizen's notifications go out as SMS through the configured SMS gateway.
struct USSDSender: OutboundSender {
    let channel = Channel.ussd
    let sms: any OutboundSender

    func request(for message: OutboundMessage) throws -> URLRequest { try sms.request(for: message) }

    func outcome(status: Int, body: Data, message: OutboundMessage) -> SendOutcome {
        sms.outcome(status: status, body: body, message: message)
    }
}

/// The `ussd:` section of the server configuration.
extension ServerConfiguration {
    struct USSD: Sendable, Decodable {
        /// The SMS gateway that carries USSD citizens' notifications: `africastalking`, `twilio` or `kannel`.
        var notifyVia = "africastalking"
        enum CodingKeys: String, CodingKey { case notifyVia = "notify_via" }
        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            notifyVia = try c.decodeIfPresent(String.self, forKey: .notifyVia) ?? notifyVia
        }
    }
}
