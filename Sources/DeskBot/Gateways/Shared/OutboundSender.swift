import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How a gateway sends a message to a citizen through its provider's API (used by the outbox deliverer).
protocol OutboundSender: Sendable {
    var channel: Channel { get }
    /// The provider's API request that sends `text` to `address`.
    func request(_ text: String, to address: String) throws -> URLRequest
}

extension Gateways {
    /// The senders whose configuration is complete.
    static func senders(_ config: ServerConfiguration) -> [any OutboundSender] {
        let all: [(any OutboundSender)?] = [
            WhatsAppSender(config.whatsapp), TelegramSender(config.telegram), AfricasTalkingSender(config.africastalking),
        ]
        return all.compactMap { $0 }
    }

    static func url(_ string: String) throws -> URL {
        guard let url = URL(string: string) else { throw URLError(.badURL) }
        return url
    }
}
