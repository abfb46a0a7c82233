import DeskCore
import Foundation
import Intents
import Locales
import Logging
import Synchronization

/// What every webhook calls: exactly once per provider message id, durable before acknowledged, through the one
/// conversation core.
///
/// - Inline channels (Twilio, Kannel, generic JSON, USSD) answer in the HTTP response: the turn runs now and its
///   one transaction records the id with the reply. A concurrent redelivery of the same id waits for that same
///   turn and gets the same reply; a later one gets the stored reply. Nothing is stored before the turn commits,
///   so a crash or a 429 leaves the message for the provider's retry.
/// - Push channels (WhatsApp, Telegram, Africa's Talking SMS) are acknowledged once the message is recorded; the
///   `PendingProcessor` claims and answers it, and the reply goes out through the outbox.
struct MessagePipeline: Sendable {
    let desk: Desk
    let store: any DeskStore
    let metrics: DeskMetrics
    let limiter: RateLimiter
    let logger: Logger
    /// The longest a webhook waits for its turn before answering 503 (the turn still finishes and is stored).
    var timeout: Duration = .seconds(10)
    /// Called when messages were accepted for the pending processor.
    var wakePending: @Sendable () -> Void = {}
    let inflight = Inflight()

    struct Answer: Sendable {
        let text: String
        let intent: String?
        let reference: String?
        /// `false` when this was a provider's redelivery of a message already answered.
        let isNew: Bool
    }

    enum Rejection: Error, Equatable {
        /// Too many messages from this sender: nothing was stored, the provider may retry.
        case rateLimited
        /// The turn took longer than the timeout (it goes on, and a retry gets its reply).
        case timedOut
    }

    /// Handles an inline message now and returns its reply.
    /// - Parameter messageID: the provider's id (required for exactly-once; `nil` only for channels without ids).
    func reply(
        channel: Channel, messageID: String?, sender: String, text: String, locale: LocaleID? = nil, smsShaped: Bool? = nil,
        command: ShortCommand? = nil
    ) async throws -> Answer {
        let started = DispatchTime.now().uptimeNanoseconds
        var message = Inbound(channel: channel, sender: sender, text: text, locale: locale)
        if let smsShaped { message.smsShaped = smsShaped }
        message.command = command
        message.messageID = messageID.map { "\(channel.rawValue):\($0)" }
        let conversation = desk.conversation(of: message)
        message.citizen = conversation.citizen
        let key = message.messageID ?? UUID().uuidString
        let inbound = message
        let desk = self.desk
        let store = self.store
        let limiter = self.limiter
        let work = { @Sendable () async throws -> Answer in
            guard await limiter.allow(conversation.citizen) else {
                // A redelivery of a message answered before is answered even when the sender is limited.
                if let id = inbound.messageID, let seen = try await store.inbound(id: id), let reply = seen.reply {
                    return Answer(text: reply, intent: seen.intent, reference: seen.reference, isNew: false)
                }
                throw Rejection.rateLimited
            }
            let reply = try await desk.handle(inbound)
            return Answer(text: reply.fullText, intent: reply.intent?.rawValue, reference: reply.reference, isNew: !reply.isRedelivery)
        }
        let answer: Answer
        do {
            answer = try await withTimeout(timeout) { try await inflight.run(key, work) }
        } catch Rejection.rateLimited {
            metrics.rejected(channel: channel.rawValue, reason: "rate_limited")
            throw Rejection.rateLimited
        }
        if answer.isNew {
            metrics.message(channel: channel.rawValue, intent: answer.intent, locale: locale?.rawValue ?? "-")
            metrics.latency(channel: channel.rawValue, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
        } else {
            logger.debug("redelivery answered from the ledger", metadata: ["channel": "\(channel.rawValue)"])
        }
        return answer
    }

    /// Records a push-channel message so it can be acknowledged; returns whether it was new. A rate-limited
    /// sender gets `Rejection.rateLimited` and nothing is stored, so the provider's retry is still handled.
    func accept(channel: Channel, messageID: String, sender: String, text: String, locale: LocaleID? = nil) async throws -> Bool {
        let citizen = desk.hasher.pseudonym(sender)
        let id = "\(channel.rawValue):\(messageID)"
        guard await limiter.allow(citizen) else {
            if try await store.inbound(id: id) != nil { return false }
            metrics.rejected(channel: channel.rawValue, reason: "rate_limited")
            throw Rejection.rateLimited
        }
        let now = desk.now()
        let receipt = try await store.accept(
            InboundRecord(id: id, channel: channel.rawValue, citizen: citizen, text: text, locale: locale?.rawValue, receivedAt: now),
            contact: ContactRecord(
                id: ConversationID(channel: channel, citizen: citizen).key, channel: channel.rawValue, citizen: citizen,
                address: sender, locale: nil, optedOut: false, updatedAt: now))
        guard receipt == .new else { return false }
        wakePending()
        return true
    }

    /// Runs `body`, or throws `Rejection.timedOut` after `limit`; the body's work goes on and is stored.
    private func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let once = ResumeOnce(continuation)
            let timer = Task {
                try await Task.sleep(for: limit)
                once.resume(with: .failure(Rejection.timedOut))
            }
            Task {
                do { once.resume(with: .success(try await body())) } catch { once.resume(with: .failure(error)) }
                timer.cancel()
            }
        }
    }
}

/// Work in flight by key: a second caller with the same key waits for the first one's result instead of doing the
/// work again. The work runs in its own task, so it completes (and is stored) even if its caller goes away.
final class Inflight: Sendable {
    private let tasks = Mutex<[String: Task<MessagePipeline.Answer, any Error>]>([:])

    func run(_ key: String, _ work: @escaping @Sendable () async throws -> MessagePipeline.Answer) async throws -> MessagePipeline.Answer {
        let (task, owner) = tasks.withLock { tasks -> (Task<MessagePipeline.Answer, any Error>, Bool) in
            if let running = tasks[key] { return (running, false) }
            let task = Task { try await work() }
            tasks[key] = task
            return (task, true)
        }
        let result = await task.result
        if owner { _ = tasks.withLock { $0.removeValue(forKey: key) } }
        let answer = try result.get()
        if owner { return answer }
        return MessagePipeline.Answer(text: answer.text, intent: answer.intent, reference: answer.reference, isNew: false)
    }
}

/// A continuation resumed by whichever of two tasks finishes first.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>
    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }
    func resume(with result: Result<T, any Error>) {
        let c = continuation.withLock { c -> CheckedContinuation<T, any Error>? in
            defer { c = nil }
            return c
        }
        c?.resume(with: result)
    }
}
