import Foundation
import Synchronization

/// At most `limit` messages per sender per minute (a sliding window), so one phone cannot flood the desk.
/// Locks, not an actor: it is checked on every message and never waits. Senders are spread over shards, each with
/// its own lock, and a shard forgets senders silent for a minute at most once every `pruneInterval` — so the cost
/// of a check stays constant however many different senders write at once (a flood, a national short code).
final class RateLimiter: Sendable {
    private struct Shard {
        var windows: [String: [Date]] = [:]
        var prunedAt = Date.distantPast
    }
    private final class Locked: Sendable {
        let shard = Mutex(Shard())
    }

    private let limit: Int
    private let pruneInterval: TimeInterval
    private let shards: [Locked]

    init(limit: Int, shards: Int = 16, pruneInterval: TimeInterval = 10) {
        self.limit = limit
        self.pruneInterval = pruneInterval
        self.shards = (0..<max(1, shards)).map { _ in Locked() }
    }

    func allow(_ sender: String, at now: Date = Date()) -> Bool {
        guard limit > 0 else { return true }
        let cutoff = now.addingTimeInterval(-60)
        var hasher = Hasher()
        hasher.combine(sender)
        let shard = shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))]
        return shard.shard.withLock { shard in
            if now.timeIntervalSince(shard.prunedAt) >= pruneInterval {
                shard.windows = shard.windows.filter { $0.value.last.map { $0 > cutoff } ?? false }
                shard.prunedAt = now
            }
            var recent = (shard.windows[sender] ?? []).filter { $0 > cutoff }
            guard recent.count < limit else {
                shard.windows[sender] = recent
                return false
            }
            recent.append(now)
            shard.windows[sender] = recent
            return true
        }
    }

    /// Senders remembered (for tests).
    var remembered: Int { shards.reduce(0) { n, locked in n + locked.shard.withLock { $0.windows.count } } }
}
