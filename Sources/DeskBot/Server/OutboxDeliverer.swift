import DeskCore
import Foundation
import Logging
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends what the outbox holds through each configured gateway's sender, with retry and exponential backoff. One
/// HTTP client (URLSession on libcurl) for all; base URLs come from the configuration so tests point them at a
/// local stub. Woken when replies are queued, and polls every `interval`; stops on graceful shutdown (unsent
/// messages stay queued). Failures are logged without URL, address or text (a Telegram URL holds the bot token).
struct OutboxDeliverer: Service {
    let store: any DeskStore
    let senders: [Channel: any OutboundSender]
    let metrics: DeskMetrics
    let logger: Logger
    let wakeups: AsyncStream<Void>
    let wake: @Sendable () -> Void
    /// How long a claimed message is held before it may be sent again (a crash mid-send).
    var lease: TimeInterval = 60
    var interval: Duration = .milliseconds(500)
    private let session: URLSession

    init(
        store: any DeskStore, config: ServerConfiguration, metrics: DeskMetrics, logger: Logger,
        wakeups: (AsyncStream<Void>, @Sendable () -> Void)
    ) {
        self.store = store
        senders = Dictionary(Gateways.senders(config).map { ($0.channel, $0) }, uniquingKeysWith: { a, _ in a })
        self.metrics = metrics
        self.logger = logger
        (self.wakeups, wake) = wakeups
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 15
        session = URLSession(configuration: configuration)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                // One loop delivers; the timer only wakes it (retries that came due).
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        wake()
                    }
                }
                await deliverDue()
                for await _ in wakeups {
                    if Task.isCancelled { break }
                    await deliverDue()
                }
                group.cancelAll()
            }
        }
    }

    /// One pass over the due messages.
    func deliverDue() async {
        guard !senders.isEmpty else { return }
        do {
            while true {
                let now = Date()
                let due = try await store.claimDue(
                    channels: senders.keys.map(\.rawValue), at: now, limit: 50, leaseUntil: now.addingTimeInterval(lease))
                guard !due.isEmpty else { return }
                await withDiscardingTaskGroup { group in
                    for (message, contact) in due { group.addTask { await deliver(message, contact) } }
                }
                if due.count < 50 { return }
            }
        } catch is CancellationError {
        } catch {
            logger.error("outbox read failed", metadata: ["error": "\(type(of: error))"])
        }
    }

    private func deliver(_ message: OutboxRecord, _ contact: ContactRecord?) async {
        guard let id = message.id, let channel = Channel(rawValue: message.channel), let sender = senders[channel] else { return }
        do {
            // No address (erased): nothing can be sent; the row is closed. (Notifications are not queued for
            // citizens who opted out; the reply to their STOP still goes out.)
            guard let contact else {
                try await store.markDelivered(ids: [id], at: Date())
                return
            }
            let (_, response) = try await session.data(for: try sender.request(message.text, to: contact.address))
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else { throw SendError(status: status) }
            try await store.markDelivered(ids: [id], at: Date())
            metrics.delivery(channel: message.channel, ok: true)
        } catch {
            metrics.delivery(channel: message.channel, ok: false)
            logger.warning(
                "sending failed; will retry",
                metadata: ["channel": "\(message.channel)", "attempt": "\(message.attempts + 1)", "error": "\(Self.describe(error))"])
            try? await store.retryLater(outboxID: id, attempts: message.attempts + 1, at: Date())
        }
    }

    /// An error as it may be logged: the HTTP status or the URL error code, never the URL (it may hold a token).
    static func describe(_ error: any Error) -> String {
        if let send = error as? SendError { return send.description }
        if let url = error as? URLError { return "URLError \(url.code.rawValue)" }
        return String(describing: type(of: error))
    }

    struct SendError: Error, CustomStringConvertible {
        let status: Int
        var description: String { "provider answered HTTP \(status)" }
    }
}
