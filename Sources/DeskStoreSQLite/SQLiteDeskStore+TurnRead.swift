import DeskCore
import Dispatch
import Foundation
import GRDB
import Synchronization

/// A turn's read, made cheap: one hop to a reader and back, the session read by column, and one probe that says
/// which of the other rows (ledger, notifications, open handoff, complaints) exist, so a first contact — the most
/// common message of a busy day — reads nothing more. Rows that exist are read by the same record fetches as
/// before, so what a turn sees does not change.
package extension SQLiteDeskStore {
    /// What a turn starts from (see `DeskStore.turnState`), in one read transaction.
    static func turnState(_ conversation: ConversationID, messageID: String?, _ db: Database) throws -> TurnState {
        let key = conversation.key
        let session = try hotSession(key, db)
        let (seen, pending, handoff, complaints) = try HotQuery.run(
            db,
            """
            SELECT EXISTS (SELECT 1 FROM inbound WHERE id = ?1),
              EXISTS (SELECT 1 FROM outbox WHERE channel = ?2 AND citizen = ?3 AND deliveredAt IS NULL AND pushedAt IS NULL),
              EXISTS (SELECT 1 FROM handoff WHERE conversation = ?4 AND status <> ?5),
              EXISTS (SELECT 1 FROM complaint WHERE citizen = ?3)
            """,
            [messageID, conversation.channel.rawValue, conversation.citizen, key, HandoffRecord.Status.closed.rawValue]
        ) { probe in
            guard try probe.step() else { throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "turn probe returned no row") }
            return (probe.bool(0), probe.bool(1), probe.bool(2), probe.bool(3))
        }
        return TurnState(
            session: session,
            pending: pending && !conversation.channel.pushes ? try Self.pending(db, conversation) : [],
            seen: seen ? try messageID.flatMap { try Self.inboundRow($0, db) } : nil,
            handoffRead: true, openHandoff: handoff ? try Self.openHandoff(key, db) : nil,
            complaints: complaints ? try Self.complaintRows(citizen: conversation.citizen, db) : [])
    }

    /// The conversation's session, read by column (what `sessionRow` decodes, without a record fetch).
    static func hotSession(_ key: String, _ db: Database) throws -> SessionRecord? {
        let read = try HotQuery.run(db, "SELECT state, updatedAt FROM session WHERE id = ? /* hot */", [key]) { query -> (found: Bool, SessionRecord?) in
            guard try query.step() else { return (false, nil) }
            guard let state = query.text(0), let updatedAt = query.date(1) else { return (true, nil) }
            return (true, SessionRecord(id: key, state: state, updatedAt: updatedAt))
        }
        guard read.found else { return nil }
        // Not what this desk writes: the record fetch decodes it (or says why it cannot).
        return try read.1 ?? sessionRow(key, db)
    }

    /// The ledger state of a provider message id, `nil` when the id was never seen.
    static func inboundState(_ id: String, _ db: Database) throws -> String? {
        try HotQuery.run(db, "SELECT state FROM inbound WHERE id = ? /* hot */", [id]) { query in
            try query.step() ? query.text(0) ?? "" : nil
        }
    }

    /// One hop: a thread of the read queue takes a pooled reader connection synchronously, runs `work` in a read
    /// transaction and resumes the caller (GRDB's async `read` makes four: to its pool's waiting queue, back, to
    /// the reader's queue, back). The waiting happens off Swift's cooperative pool, as with GRDB's. The
    /// transaction's `BEGIN`/`COMMIT` are statements prepared once per connection (GRDB's `read` prepares them on
    /// every read).
    func readNow<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let reader = dbWriter
        return try await withCheckedThrowingContinuation { continuation in
            Self.readQueues.next().async {
                continuation.resume(with: Result { try reader.unsafeRead { db in try Self.inReadTransaction(db, work) } })
            }
        }
    }

    /// `work` in a deferred transaction (one snapshot for all its queries), with cached statements.
    static func inReadTransaction<T>(_ db: Database, _ work: (Database) throws -> T) throws -> T {
        try db.bracketed(begin: "BEGIN DEFERRED TRANSACTION", end: "COMMIT TRANSACTION", undo: ["ROLLBACK TRANSACTION"]) { try work(db) }
    }

    /// Where `readNow` runs: a few serial queues taken in turn. Serial queues run on threads of their own
    /// (libdispatch's overcommit threads), never on those of the cooperative pool, which a concurrent queue shares
    /// (a burst of reads waiting there for a connection starved the turns themselves); and they are fewer than the
    /// pool's readers, so a turn's read does not wait for a connection behind other turns' reads.
    static let readQueues = ReadQueues(count: 4)
}

/// A few serial dispatch queues, handed out in turn.
package final class ReadQueues: Sendable {
    private let queues: [DispatchQueue]
    private let counter = Atomic<Int>(0)

    init(count: Int) {
        queues = (0..<count).map { DispatchQueue(label: "deskbot.sqlite.turn-read.\($0)") }
    }

    func next() -> DispatchQueue {
        let n = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return queues[Int(UInt(bitPattern: n) % UInt(queues.count))]
    }
}
