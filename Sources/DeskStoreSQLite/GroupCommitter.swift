import DeskCore
import Dispatch
import GRDB
import Synchronization

/// Group commit: every write waiting when the writer is free goes into one transaction and one fsync.
///
/// Each write runs in its own savepoint, so one failing write rolls back only itself. Callers are resumed after
/// the transaction is committed (durable), never before. The writer runs on its own thread, off Swift's
/// cooperative pool, so a slow disk never blocks request handling.
package final class GroupCommitter: Sendable {
    private struct Item: Sendable {
        /// Runs the write inside its savepoint.
        let run: @Sendable (Database) -> Void
        /// Resumes the caller once the transaction ended: `nil` when it committed.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var items: [Item] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let queue = DispatchQueue(label: "deskbot.sqlite.group-commit")
    private let state = Mutex(State())
    /// The most writes one transaction takes.
    package let maxBatch: Int

    package init(writer: any DatabaseWriter, maxBatch: Int = 512) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    /// Runs `work` in the next group transaction and returns its result once that transaction is durable.
    package func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let box = ResultBox<T>()
            let item = Item(
                run: { db in
                    do {
                        try Self.inSavepoint(db) { box.result = .success(try work(db)) }
                    } catch {
                        box.result = .failure(error)
                    }
                },
                finish: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else {
                        continuation.resume(with: box.result ?? .failure(CancellationError()))
                    }
                })
            let start = state.withLock { s -> Bool in
                s.items.append(item)
                guard !s.draining else { return false }
                s.draining = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    /// `body` in a savepoint of the group's transaction: rolled back alone if it throws. Its statements are
    /// prepared once per connection (GRDB's `inSavepoint` prepares three on every call).
    static func inSavepoint(_ db: Database, _ body: () throws -> Void) throws {
        // If SQLite already rolled the whole transaction back (a full disk), the undo fails too, and so does the
        // group's commit.
        try db.bracketed(
            begin: "SAVEPOINT groupWrite", end: "RELEASE SAVEPOINT groupWrite",
            undo: ["ROLLBACK TRANSACTION TO SAVEPOINT groupWrite", "RELEASE SAVEPOINT groupWrite"], body)
    }

    private func drain() {
        while true {
            var batch = state.withLock { s -> [Item] in
                guard !s.items.isEmpty else {
                    s.draining = false
                    return []
                }
                let n = min(maxBatch, s.items.count)
                let batch = Array(s.items.prefix(n))
                s.items.removeFirst(n)
                return batch
            }
            guard !batch.isEmpty else { return }
            var failure: (any Error)?
            do {
                try writer.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        for item in batch { item.run(db) }
                        return .commit
                    }
                }
            } catch {
                failure = error
            }
            // The writes (and what they captured, such as `updateStatus`'s non-escaping `notify`) are released
            // before any caller resumes: a caller returning from `withoutActuallyEscaping` must find them gone.
            let finishes = batch.map(\.finish)
            batch = []
            for finish in finishes { finish(failure) }
        }
    }
}

/// A write's result, set and read only on the writer's queue (set inside the transaction, read after it), so no
/// two threads touch it at once.
private final class ResultBox<T>: @unchecked Sendable {
    package var result: Result<T, any Error>?
}
