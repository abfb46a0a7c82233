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
///
/// Inline channels (Twilio, Kannel, USSD) answer in the HTTP response, but their notifications are pushed when a
/// sender is configured: the row is taken for pushing inside the conversation's turn gate, so it is either shown
/// with a reply or pushed, never both. A message older than `giveUpAfter` is marked failed and counted.
struct OutboxDeliverer: Service {
    let store: any DeskStore
    let senders: [Channel: any OutboundSender]
    let metrics: DeskMetrics
    let logger: Logger
    let wakeups: AsyncStream<Void>
    let wake: @Sendable () -> Void
    /// The desk's turn gate: a push on an inline channel is taken in the conversation's turn.
    let gate: TurnGate<ConversationID>?
    /// How long a claimed message is held before it may be sent again (a crash mid-send).
    var lease: TimeInterval = 60
    /// After this long unsent, a message is marked failed.
    var giveUpAfter: TimeInterval = 48 * 3600
    var interval: Duration = .milliseconds(500)
    var now: @Sendable () -> Date = { Date() }
    private let session: URLSession

    init(
        store: any DeskStore, config: ServerConfiguration, metrics: DeskMetrics, logger: Logger,
        wakeups: (AsyncStream<Void>, @Sendable () -> Void), gate: TurnGate<ConversationID>? = nil
    ) {
        self.store = store
        senders = Dictionary(Gateways.senders(config).map { ($0.channel, $0) }, uniquingKeysWith: { a, _ in a })
        self.metrics = metrics
        self.logger = logger
        (self.wakeups, wake) = wakeups
        self.gate = gate
        lease = config.outbox.leaseSeconds
        giveUpAfter = config.outbox.giveUpAfterSeconds
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
                let at = now()
                let due = try await store.claimDue(
                    channels: senders.keys.map(\.rawValue), at: at, limit: 50, leaseUntil: at.addingTimeInterval(lease))
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
            // No address (erased): nothing can be sent; the row is closed.
            guard let contact else { return try await fail(id, message, "no address", result: "failed") }
            // Notifications are not sent to citizens who opted out (or whom a provider reported blocked); the
            // reply to their STOP still goes out.
            if message.inboundId == nil, contact.optedOut { return try await fail(id, message, "opted out", result: "blocked") }
            if !channel.pushes {
                // Shown with a reply meanwhile, or pushed: decided once, in the conversation's turn.
                let conversation = ConversationID(channel: channel, citizen: message.citizen)
                let take = { try await store.takeForPush(outboxID: id, at: now()) }
                let taken = if let gate { try await gate.run(conversation, take) } else { try await take() }
                guard taken else { return }
            }
            if now().timeIntervalSince(message.createdAt) > giveUpAfter {
                try await fail(id, message, "gave up after \(Int(giveUpAfter)) s", result: "expired")
                if contact.citizen == "erased" { try await store.finishForget(contactID: contact.id, outboxID: id) }
                return
            }
            let outbound = OutboundMessage(
                outboxID: id, text: message.text, address: contact.address, locale: message.locale,
                isNotification: message.inboundId == nil, lastInbound: contact.updatedAt, now: now())
            let request: URLRequest
            do {
                request = try sender.request(for: outbound)
            } catch let refused as CannotSend {
                return try await fail(id, message, refused.reason, result: "failed")
            }
            let outcome: SendOutcome
            do {
                let (body, response) = try await session.data(for: request)
                outcome = sender.outcome(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: body, message: outbound)
            } catch let error as URLError {
                outcome = .retry("URLError \(error.code.rawValue)")
            }
            switch outcome {
            case .sent(let providerID):
                try await store.markSent(outboxID: id, providerID: providerID, at: now())
                metrics.delivery(channel: message.channel, result: "sent")
            case .retry(let reason):
                metrics.delivery(channel: message.channel, result: "retry")
                logger.warning(
                    "sending failed; will retry",
                    metadata: ["channel": "\(message.channel)", "attempt": "\(message.attempts + 1)", "error": "\(reason)"])
                try await store.retryLater(outboxID: id, attempts: message.attempts + 1, at: now())
            case .failed(let reason):
                try await fail(id, message, reason, result: "failed")
            case .blocked(let reason):
                try await store.optOut(contactID: contact.id, at: now())
                try await fail(id, message, reason, result: "blocked")
            }
            // The reply to a confirmed "forget me": once it is out (or refused for good), the address kept for it goes.
            if contact.citizen == "erased", !outcome.isRetry {
                try await store.finishForget(contactID: contact.id, outboxID: id)
            }
        } catch {
            metrics.delivery(channel: message.channel, result: "retry")
            logger.warning("sending failed; will retry", metadata: ["channel": "\(message.channel)", "error": "\(Self.describe(error))"])
            try? await store.retryLater(outboxID: id, attempts: message.attempts + 1, at: now())
        }
    }

    private func fail(_ id: Int64, _ message: OutboxRecord, _ reason: String, result: String) async throws {
        try await store.markFailed(outboxID: id, reason: reason, at: now())
        metrics.delivery(channel: message.channel, result: result)
        logger.warning("message not delivered", metadata: ["channel": "\(message.channel)", "reason": "\(reason)"])
    }

    /// An error as it may be logged: the URL error code or the type, never the URL (it may hold a token).
    static func describe(_ error: any Error) -> String {
        if let url = error as? URLError { return "URLError \(url.code.rawValue)" }
        return String(describing: type(of: error))
    }
}
