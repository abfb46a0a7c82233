import Synchronization

/// Orders the turns of each conversation while different conversations run in parallel: a keyed FIFO gate.
///
/// `ticket(for:)` takes a place in the conversation's queue at once (synchronously), so the order in which
/// messages were received is the order their turns run, even when the tasks that run them start in another order.
package final class TurnGate<Key: Hashable & Sendable>: Sendable {
    /// A place in one conversation's queue.
    package struct Ticket: Sendable {
        fileprivate let key: Key
        fileprivate let number: UInt64
    }

    private struct Queue {
        /// The ticket whose turn it is.
        var serving: UInt64
        /// The next ticket to hand out.
        var next: UInt64
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let queues = Mutex<[Key: Queue]>([:])

    package init() {}

    /// Takes the next place in `key`'s queue.
    package func ticket(for key: Key) -> Ticket {
        queues.withLock { queues in
            var q = queues[key] ?? Queue(serving: 0, next: 0)
            let number = q.next
            q.next += 1
            queues[key] = q
            return Ticket(key: key, number: number)
        }
    }

    /// Runs `body` when every earlier ticket of the same conversation has finished.
    package func run<T: Sendable>(_ ticket: Ticket, _ body: () async throws -> T) async throws -> T {
        await wait(ticket)
        defer { leave(ticket) }
        return try await body()
    }

    /// Takes a ticket and runs `body` in its turn.
    package func run<T: Sendable>(_ key: Key, _ body: () async throws -> T) async throws -> T {
        try await run(ticket(for: key), body)
    }

    /// The number of conversations with a turn running or waiting (for tests and metrics).
    package var activeConversations: Int { queues.withLock { $0.count } }

    private func wait(_ ticket: Ticket) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let go = queues.withLock { queues -> Bool in
                guard var q = queues[ticket.key] else { return true }
                if q.serving == ticket.number { return true }
                q.waiting[ticket.number] = continuation
                queues[ticket.key] = q
                return false
            }
            if go { continuation.resume() }
        }
    }

    private func leave(_ ticket: Ticket) {
        let next = queues.withLock { queues -> CheckedContinuation<Void, Never>? in
            guard var q = queues[ticket.key] else { return nil }
            q.serving = ticket.number + 1
            if q.serving == q.next {
                queues[ticket.key] = nil
                return nil
            }
            let continuation = q.waiting.removeValue(forKey: q.serving)
            queues[ticket.key] = q
            return continuation
        }
        next?.resume()
    }
}
