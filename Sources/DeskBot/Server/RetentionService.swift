import DeskCore
import Foundation
import Logging
import ServiceLifecycle

/// Applies the retention setting (`retention_days`): once at start and then every `interval`, deletes what is
/// older than the window — answered messages and their replies, sent notifications, unmatched messages — and the
/// citizens' words in complaints closed before it (the complaint records stay, for the open data).
struct RetentionService: Service {
    let store: any DeskStore
    let days: Int
    let logger: Logger
    var interval: Duration = .seconds(24 * 3600)
    /// The clock, injected by tests.
    var now: @Sendable () -> Date = { Date() }

    /// One purge as of `now()`; returns what went, by kind.
    @discardableResult
    func purgeOnce() async throws -> [String: Int] {
        let counts = try await store.purge(before: now().addingTimeInterval(-Double(days) * 86_400))
        logger.notice(
            "retention purge", metadata: ["days": "\(days)", "deleted": "\(counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"])
        return counts
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await purgeOnce() } catch {
                    // The store's error, not data; retried at the next interval.
                    logger.error("retention purge failed", metadata: ["error": "\(type(of: error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
