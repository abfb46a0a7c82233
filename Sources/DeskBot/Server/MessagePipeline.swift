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
            guard limiter.allow(conversation.citizen) else {
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
            answer = try await inflight.run(key, timeout: timeout, work)
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
    /// - Parameter languageCode: the language the platform reports for the sender (Telegram's `language_code`); kept
    ///   with the contact (when it has none yet) as a first-contact hint for the turn.
    func accept(
        channel: Channel, messageID: String, sender: String, text: String, locale: LocaleID? = nil, languageCode: String? = nil
    ) async throws -> Bool {
        let citizen = desk.hasher.pseudonym(sender)
        let id = "\(channel.rawValue):\(messageID)"
        guard limiter.allow(citizen) else {
            if try await store.inbound(id: id) != nil { return false }
            metrics.rejected(channel: channel.rawValue, reason: "rate_limited")
            throw Rejection.rateLimited
        }
        let now = desk.now()
        let receipt = try await store.accept(
            InboundRecord(id: id, channel: channel.rawValue, citizen: citizen, text: text, locale: locale?.rawValue, receivedAt: now),
            contact: ContactRecord(
                id: ConversationID(channel: channel, citizen: citizen).key, channel: channel.rawValue, citizen: citizen,
                address: sender, locale: languageCode, optedOut: false, updatedAt: now))
        guard receipt == .new else { return false }
        wakePending()
        return true
    }
}

/// Work in flight by key: a second caller with the same key waits for the first one's result instead of doing the
/// work again. The work runs in its own task, so it completes (and is stored) even if its callers go away; a
/// caller that waits longer than its timeout gets `Rejection.timedOut` (one shared timer, not one per request).
final class Inflight: Sendable {
    typealias Answer = MessagePipeline.Answer

    private struct Entry {
        var waiters: [(ResumeOnce<Answer>, Bool)] = []
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let deadlines = DeadlineWatch<Answer>()

    func run(_ key: String, timeout: Duration, _ work: @escaping @Sendable () async throws -> Answer) async throws -> Answer {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Answer, any Error>) in
            let once = ResumeOnce(continuation)
            deadlines.add(once, after: timeout)
            let start = entries.withLock { entries -> Bool in
                if entries[key] != nil {
                    entries[key]?.waiters.append((once, false))
                    return false
                }
                entries[key] = Entry(waiters: [(once, true)])
                return true
            }
            guard start else { return }
            Task {
                let result: Result<Answer, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                let waiters = self.entries.withLock { $0.removeValue(forKey: key)?.waiters ?? [] }
                for (waiter, owner) in waiters {
                    // Only the first delivery is new; the others are redeliveries answered with the same reply.
                    waiter.resume(with: owner ? result : result.map { Answer(text: $0.text, intent: $0.intent, reference: $0.reference, isNew: false) })
                }
            }
        }
    }
}

/// Resumes waiters whose deadline passed, from one timer task that runs only while someone is waiting.
final class DeadlineWatch<T: Sendable>: Sendable {
    private struct State {
        var waiting: [(deadline: ContinuousClock.Instant, once: ResumeOnce<T>)] = []
        var ticking = false
    }

    private let state = Mutex(State())
    private let tick: Duration = .milliseconds(50)

    func add(_ once: ResumeOnce<T>, after timeout: Duration) {
        let start = state.withLock { s -> Bool in
            s.waiting.append((ContinuousClock.now + timeout, once))
            guard !s.ticking else { return false }
            s.ticking = true
            return true
        }
        guard start else { return }
        Task {
            while true {
                try? await Task.sleep(for: tick)
                let now = ContinuousClock.now
                let (expired, done) = state.withLock { s -> ([ResumeOnce<T>], Bool) in
                    // Drop the ones already answered, time out the late ones.
                    s.waiting.removeAll { $0.once.isDone }
                    let expired = s.waiting.filter { $0.deadline <= now }.map(\.once)
                    s.waiting.removeAll { $0.deadline <= now }
                    if s.waiting.isEmpty { s.ticking = false }
                    return (expired, s.waiting.isEmpty)
                }
                for once in expired { once.resume(with: .failure(MessagePipeline.Rejection.timedOut)) }
                if done { return }
            }
        }
    }
}

/// A continuation resumed once, by whichever comes first (the answer, or the deadline).
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>
    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    var isDone: Bool { continuation.withLock { $0 == nil } }

    func resume(with result: Result<T, any Error>) {
        let c = continuation.withLock { c -> CheckedContinuation<T, any Error>? in
            defer { c = nil }
            return c
        }
        c?.resume(with: result)
    }
}
