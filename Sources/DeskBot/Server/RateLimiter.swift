import Foundation
import Synchronization

/// At most `limit` messages per sender per minute (a sliding window), so one phone cannot flood the desk.
/// A lock, not an actor: it is checked on every message and never waits.
final class RateLimiter: Sendable {
    private let limit: Int
    private let windows = Mutex<[String: [Date]]>([:])

    init(limit: Int) { self.limit = limit }

    func allow(_ sender: String, at now: Date = Date()) -> Bool {
        guard limit > 0 else { return true }
        let cutoff = now.addingTimeInterval(-60)
        return windows.withLock { windows in
            var recent = (windows[sender] ?? []).filter { $0 > cutoff }
            guard recent.count < limit else {
                windows[sender] = recent
                return false
            }
            recent.append(now)
            windows[sender] = recent
            if windows.count > 10_000 { windows = windows.filter { $0.value.last.map { $0 > cutoff } ?? false } }
            return true
        }
    }
}
