import Foundation
import Logging
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends what the outbox holds for WhatsApp, Telegram and Africa's Talking through their APIs, with retry and
/// exponential backoff. One HTTP client (URLSession on libcurl) for all of them; base URLs come from the
/// configuration so tests point them at a local stub. Stops on graceful shutdown; unsent messages stay queued.
struct OutboxDeliverer: Service {
    let store: DeskStore
    let config: ServerConfiguration
    let metrics: DeskMetrics
    let logger: Logger
    var interval: Duration = .milliseconds(200)
    private let session: URLSession

    init(store: DeskStore, config: ServerConfiguration, metrics: DeskMetrics, logger: Logger) {
        self.store = store
        self.config = config
        self.metrics = metrics
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 15
        session = URLSession(configuration: configuration)
    }

    /// The channels that have what they need to send.
    var channels: [Channel] {
        var out: [Channel] = []
        if config.whatsapp.accessToken != nil && config.whatsapp.phoneNumberID != nil { out.append(.whatsapp) }
        if config.telegram.botToken != nil { out.append(.telegram) }
        if config.africastalking.apiKey != nil && config.africastalking.username != nil { out.append(.africastalking) }
        return out
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await deliverDue()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One pass over the due messages.
    func deliverDue() async {
        let channels = self.channels.map(\.rawValue)
        guard !channels.isEmpty else { return }
        do {
            for (message, contact) in try store.dueMessages(channels: channels, at: Date()) {
                guard let id = message.id else { continue }
                guard let contact, !contact.optedOut || message.text.isEmpty == false else { continue }
                do {
                    try await send(message, to: contact.address)
                    try store.markDelivered(ids: [id], at: Date())
                    metrics.delivery(channel: message.channel, ok: true)
                } catch {
                    metrics.delivery(channel: message.channel, ok: false)
                    logger.warning("sending failed; will retry", metadata: ["channel": "\(message.channel)", "attempt": "\(message.attempts + 1)", "error": "\(error)"])
                    try store.retryLater(outboxID: id, attempts: message.attempts + 1, at: Date())
                }
            }
        } catch {
            logger.error("outbox read failed: \(error)")
        }
    }

    struct SendError: Error, CustomStringConvertible {
        let status: Int
        var description: String { "provider answered HTTP \(status)" }
    }

    func send(_ message: OutboxRecord, to address: String) async throws {
        var request: URLRequest
        switch Channel(rawValue: message.channel) {
        case .whatsapp:
            let c = config.whatsapp
            request = URLRequest(url: try url("\(c.apiBaseURL.trimmingTrailingSlash())/\(c.phoneNumberID ?? "")/messages"))
            request.setValue("Bearer \(c.accessToken ?? "")", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: [
                "messaging_product": "whatsapp", "recipient_type": "individual", "to": address, "type": "text",
                "text": ["preview_url": false, "body": message.text],
            ] as [String: Any])
        case .telegram:
            let c = config.telegram
            request = URLRequest(url: try url("\(c.apiBaseURL.trimmingTrailingSlash())/bot\(c.botToken ?? "")/sendMessage"))
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: ["chat_id": address, "text": message.text] as [String: Any])
        case .africastalking:
            let c = config.africastalking
            request = URLRequest(url: try url("\(c.apiBaseURL.trimmingTrailingSlash())/version1/messaging"))
            request.setValue(c.apiKey ?? "", forHTTPHeaderField: "apiKey")
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            var fields = [("username", c.username ?? ""), ("to", address), ("message", message.text)]
            if let sender = c.sender { fields.append(("from", sender)) }
            request.httpBody = Data(FormBody.encode(fields).utf8)
        default:
            return
        }
        request.httpMethod = "POST"
        let (_, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw SendError(status: status) }
    }

    private func url(_ string: String) throws -> URL {
        guard let url = URL(string: string) else { throw URLError(.badURL) }
        return url
    }
}
