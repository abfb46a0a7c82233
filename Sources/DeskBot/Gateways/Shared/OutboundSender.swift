import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One outbox row as a sender sees it.
struct OutboundMessage: Sendable {
    let outboxID: Int64
    let text: String
    /// The citizen's address on the channel (`whatsapp:+…` keeps its prefix for Twilio WhatsApp).
    let address: String
    let locale: String
    /// A status notification (not a reply to a message).
    let isNotification: Bool
    /// When the citizen last wrote (the contact's `updatedAt`): WhatsApp's 24-hour window.
    let lastInbound: Date?
    let now: Date
}

/// What the provider's answer means for the row.
enum SendOutcome: Sendable, Equatable {
    /// Accepted; `providerID` (`<provider>:<id>`) links later delivery receipts to the row.
    case sent(providerID: String?)
    /// A temporary failure (rate limit, 5xx, network): retried with backoff.
    case retry(String)
    /// A permanent refusal: the row is closed as failed.
    case failed(String)
    /// The citizen blocked or unsubscribed (e.g. Twilio 21610): failed, and no further sends to them.
    case blocked(String)

    var isRetry: Bool { if case .retry = self { true } else { false } }
}

/// A message the sender cannot build (no template outside WhatsApp's window, no From number…): failed at once.
struct CannotSend: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// How a gateway sends a message to a citizen through its provider's API (used by the outbox deliverer).
protocol OutboundSender: Sendable {
    var channel: Channel { get }
    /// The provider's API request that sends the message; throws `CannotSend` when it cannot be sent at all.
    func request(for message: OutboundMessage) throws -> URLRequest
    /// Reads the provider's answer.
    func outcome(status: Int, body: Data, message: OutboundMessage) -> SendOutcome
}

extension OutboundSender {
    /// 2xx sent, 408/429/5xx retried, any other status a permanent failure.
    func outcome(status: Int, body: Data, message: OutboundMessage) -> SendOutcome {
        Self.byStatus(status, sent: nil)
    }

    static func byStatus(_ status: Int, sent providerID: String?) -> SendOutcome {
        if (200..<300).contains(status) { return .sent(providerID: providerID) }
        if status == 408 || status == 429 || status >= 500 || status == 0 { return .retry("HTTP \(status)") }
        return .failed("HTTP \(status)")
    }

    static func json(_ body: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}

extension Gateways {
    /// The senders whose configuration is complete, one per channel. USSD citizens are notified by SMS through
    /// the gateway `ussd.notify_via` names (Africa's Talking by default).
    static func senders(_ config: ServerConfiguration) -> [any OutboundSender] {
        var sms: [String: any OutboundSender] = [:]
        if let sender = AfricasTalkingSender(config.africastalking) { sms["africastalking"] = sender }
        if let sender = TwilioSender(config.twilio, config: config) { sms["twilio"] = sender }
        if let sender = KannelSender(config.kannel, config: config) { sms["kannel"] = sender }
        let all: [(any OutboundSender)?] = [
            WhatsAppSender(config.whatsapp), TelegramSender(config.telegram), sms["africastalking"], sms["twilio"], sms["kannel"],
            sms[config.ussd.notifyVia].map { USSDSender(sms: $0) },
        ]
        return all.compactMap { $0 }
    }

    static func url(_ string: String) throws -> URL {
        guard let url = URL(string: string) else { throw URLError(.badURL) }
        return url
    }
}
