import DeskCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Answers the messages push channels accepted: it claims them from the ledger (so several workers or
/// instances can share the queue), runs each in its conversation's turn order, and wakes the outbox. It sweeps
/// once at start-up (messages left by a stopped process), whenever woken, and every `pollInterval`.
struct PendingProcessor: Service {
    let pipeline: MessagePipeline
    let wakeups: AsyncStream<Void>
    let logger: Logger
    /// Woken when replies were queued.
    var wakeOutbox: @Sendable () -> Void = {}
    /// Who claims (one per process), and how long a claim holds before another worker may take the message over.
    let owner = UUID().uuidString
    var lease: TimeInterval = 120
    var pollInterval: Duration = .seconds(2)
    /// At most this many turns run at once.
    var maxInFlight = 256
    /// Whether this process is the only one using the store (SQLite): claims left by a crash are released at once.
    var singleNode = true

    /// A stream to wake the processor, and the function that wakes it.
    static func wakeups() -> (AsyncStream<Void>, @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        return (stream, { continuation.yield() })
    }

    func run() async throws {
        if singleNode {
            let released = try await pipeline.store.releaseClaims(owner: nil)
            if released > 0 { logger.notice("released claims left by a stopped process", metadata: ["count": "\(released)"]) }
        }
        let running = Counter()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    // A periodic sweep takes over expired claims and anything a wake-up missed.
                    while !Task.isCancelled {
                        try? await Task.sleep(for: pollInterval)
                        pipeline.wakePending()
                    }
                }
                await sweep(&group, running)
                for await _ in wakeups {
                    if Task.isCancelled { break }
                    await sweep(&group, running)
                }
                group.cancelAll()
            }
        }
    }

    /// Claims and starts every claimable message, keeping at most `maxInFlight` turns running.
    private func sweep(_ group: inout DiscardingTaskGroup, _ running: Counter) async {
        while !Task.isCancelled {
            var room = maxInFlight - running.value
            while room <= 0 && !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(2))
                room = maxInFlight - running.value
            }
            let now = pipeline.desk.now()
            let rows: [InboundRecord]
            do {
                rows = try await pipeline.store.claimPending(
                    ids: nil, limit: room, owner: owner, now: now, leaseUntil: now.addingTimeInterval(lease))
            } catch {
                logger.error("could not claim pending messages", metadata: ["error": "\(error)"])
                return
            }
            guard !rows.isEmpty else { return }
            for row in rows {
                guard let channel = Channel(rawValue: row.channel), let stored = row.text else { continue }
                // A location pin or photo was kept in front of the text when the message was accepted.
                let (attachment, text) = Attachment.split(stored: stored)
                var message = Inbound(channel: channel, sender: "", text: text, locale: row.locale.map { .init($0) })
                message.attachment = attachment
                message.citizen = row.citizen
                message.contactRecorded = true
                message.messageID = row.id
                message.accepted = true
                // The place in the conversation's queue is taken now, in the order the messages were received.
                let ticket = pipeline.desk.gate.ticket(for: ConversationID(channel: channel, citizen: row.citizen))
                running.add(1)
                group.addTask {
                    await process(message, ticket: ticket)
                    running.add(-1)
                }
            }
        }
    }

    private func process(_ message: Inbound, ticket: TurnGate<ConversationID>.Ticket) async {
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            // The address (kept only in `contact`) is a hint to the first-contact language (its calling code).
            let conversation = ConversationID(channel: message.channel, citizen: message.citizen ?? "")
            var message = message
            if let contact = try await pipeline.store.contact(id: conversation.key) {
                message.sender = contact.address
                // What the platform said about the sender's language (Telegram's language_code), for first contact.
                message.languageCode = contact.locale
            }
            let reply = try await pipeline.desk.handle(message, ticket: ticket)
            if !reply.isRedelivery {
                pipeline.metrics.message(channel: message.channel.rawValue, intent: reply.intent?.rawValue, locale: reply.locale.rawValue)
                pipeline.metrics.latency(
                    channel: message.channel.rawValue, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
                wakeOutbox()
            }
        } catch is CancellationError {
            // Shutting down: the message stays claimed until its lease ends, then it is answered.
        } catch {
            // The claim expires after the lease and the message is tried again.
            logger.error("processing a message failed; it will be retried", metadata: ["channel": "\(message.channel.rawValue)", "error": "\(error)"])
        }
    }
}

/// The number of turns running.
private final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add(_ n: Int) { count.withLock { $0 += n } }
}
