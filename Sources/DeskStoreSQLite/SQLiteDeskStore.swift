import DeskCore
import Foundation
import GRDB

/// The SQLite implementation of `DeskStore` (GRDB): one database file in WAL mode, readers in a pool, and every
/// write through the group committer, so concurrent turns share one fsync.
package struct SQLiteDeskStore: DeskStore {
    package let dbWriter: any DatabaseWriter
    private let committer: GroupCommitter

    package init(_ dbWriter: any DatabaseWriter) throws {
        self.dbWriter = dbWriter
        try Self.migrator.migrate(dbWriter)
        committer = GroupCommitter(writer: dbWriter)
    }

    /// Opens (creating if needed) the database file, in WAL mode with full fsync on commit, readable by its owner
    /// only.
    package static func open(path: String) throws -> SQLiteDeskStore {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        // SQLite gives the -wal and -shm files the database's mode; all three must be the owner's only.
        for file in [path, path + "-wal", path + "-shm"] { PrivateFiles.secure(file) }
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // Acknowledged means on disk: every commit is synced (group commit keeps that to one sync per batch).
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return try SQLiteDeskStore(DatabasePool(path: path, configuration: config))
    }

    /// A private in-memory database (tests, `--db :memory:`).
    package static func inMemory() throws -> SQLiteDeskStore { try SQLiteDeskStore(DatabaseQueue()) }

    private func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await committer.write(work)
    }

    private func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await dbWriter.read(work)
    }

    // MARK: - Turns

    package func turnState(_ conversation: ConversationID, messageID: String?) async throws -> TurnState {
        // The handoff and the complaints are read here rather than in reads of their own (each read is a hop to a
        // reader and back); see `SQLiteDeskStore+TurnRead.swift`.
        try await readNow { db in try Self.turnState(conversation, messageID: messageID, db) }
    }

    package func commit(_ turn: TurnRecord) async throws -> TurnOutcome {
        try await write { db in try Self.apply(turn, db) }
    }

    // MARK: - Provider messages

    package func accept(_ message: InboundRecord, contact: ContactRecord) async throws -> Receipt {
        try await write { db in
            if let existing = try InboundRecord.fetchOne(db, key: message.id) { return .duplicate(existing) }
            try Self.saveContact(contact, db)
            var message = message
            message.state = InboundRecord.State.received.rawValue
            try message.insert(db)
            return .new
        }
    }

    package func claimPending(ids: [String]?, limit: Int, owner: String, now: Date, leaseUntil: Date) async throws -> [InboundRecord] {
        try await write { db in
            let claimable = Column("state") == InboundRecord.State.received.rawValue
                || (Column("state") == InboundRecord.State.processing.rawValue && Column("claimedUntil") < now)
            var request = InboundRecord.filter(claimable)
            if let ids { request = request.filter(ids.contains(Column("id"))) }
            let rows = try request.order(Column("receivedAt"), Column("id")).limit(limit).fetchAll(db)
            var claimed: [InboundRecord] = []
            for var row in rows {
                row.state = InboundRecord.State.processing.rawValue
                row.claimedBy = owner
                row.claimedUntil = leaseUntil
                try row.update(db)
                claimed.append(row)
            }
            return claimed
        }
    }

    package func releaseClaims(owner: String?) async throws -> Int {
        try await write { db in
            var request = InboundRecord.filter(Column("state") == InboundRecord.State.processing.rawValue)
            if let owner { request = request.filter(Column("claimedBy") == owner) }
            return try request.updateAll(
                db, Column("state").set(to: InboundRecord.State.received.rawValue), Column("claimedBy").set(to: nil),
                Column("claimedUntil").set(to: nil))
        }
    }

    package func inbound(id: String) async throws -> InboundRecord? {
        try await read { db in try InboundRecord.fetchOne(db, key: id) }
    }

    package func messages(citizen: String) async throws -> [InboundRecord] {
        try await read { db in try InboundRecord.filter(Column("citizen") == citizen).order(Column("receivedAt")).fetchAll(db) }
    }

    // MARK: - Sessions and contacts

    package func session(id: String) async throws -> SessionRecord? {
        try await read { db in try SessionRecord.fetchOne(db, key: id) }
    }

    package func saveSession(_ session: SessionRecord) async throws {
        try await write { db in try session.save(db) }
    }

    package func contact(id: String) async throws -> ContactRecord? {
        try await read { db in try ContactRecord.fetchOne(db, key: id) }
    }

    /// Erases a citizen's plain addresses (their complaints stay, known only by the hash).
    package func eraseContacts(citizen: String) async throws -> Int {
        try await write { db in try ContactRecord.filter(Column("citizen") == citizen).deleteAll(db) }
    }

    // MARK: - Complaints

    package func fileComplaint(_ complaint: ComplaintRecord, session: SessionRecord?) async throws -> ComplaintRecord {
        try await write { db in
            let stored = try Self.insertComplaint(complaint, db)
            try session?.save(db)
            return stored
        }
    }

    package func complaint(reference: String) async throws -> ComplaintRecord? {
        try await read { db in try ComplaintRecord.filter(Column("reference") == reference.uppercased()).fetchOne(db) }
    }

    package func complaints(citizen: String, openOnly: Bool) async throws -> [ComplaintRecord] {
        // Read on many turns: a prepared statement, not a query built each time.
        try await read { db in
            let mine = try Self.complaintRows(citizen: citizen, db)
            return openOnly ? mine.filter { ComplaintStatus(rawValue: $0.status)?.isOpen ?? false } : mine
        }
    }

    /// A citizen's complaints, newest first (one prepared statement; also part of `turnState`'s read).
    package static func complaintRows(citizen: String, _ db: Database) throws -> [ComplaintRecord] {
        try ComplaintRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM complaint WHERE citizen = ? ORDER BY id DESC"), arguments: [citizen])
    }

    package func complaints(status: String?, category: String?, since: Date?) async throws -> [ComplaintRecord] {
        try await read { db in
            var request = ComplaintRecord.all()
            if let status { request = request.filter(Column("status") == status) }
            if let category { request = request.filter(Column("category") == category) }
            if let since { request = request.filter(Column("createdAt") >= since) }
            return try request.order(Column("id")).fetchAll(db)
        }
    }

    package func history(complaintID: Int64) async throws -> [StatusChangeRecord] {
        try await read { db in
            try StatusChangeRecord.filter(Column("complaintId") == complaintID).order(Column("id")).fetchAll(db)
        }
    }

    package func allHistory() async throws -> [StatusChangeRecord] {
        try await read { db in try StatusChangeRecord.order(Column("id")).fetchAll(db) }
    }

    package func updateStatus(
        reference: String, to status: ComplaintStatus, by: String, note: String?, at now: Date,
        notify: @Sendable (ComplaintRecord, SessionRecord?, ContactRecord?) -> (OutboxRecord?, SessionRecord?)
    ) async throws -> ComplaintRecord {
        try await withoutActuallyEscaping(notify) { notify in
            let notify = UncheckedSendable(notify)
            return try await write { db in
                let complaint = try Self.changeStatus(reference: reference, to: status, by: by, note: note, at: now, db)
                let key = ConversationID(channel: complaint.channel, citizen: complaint.citizen)?.key ?? ""
                let (message, session) = notify.value(
                    complaint, try SessionRecord.fetchOne(db, key: key), try ContactRecord.fetchOne(db, key: key))
                if var message { try message.insert(db) }
                try session?.save(db)
                return complaint
            }
        }
    }

    package func feedback() async throws -> [FeedbackRecord] {
        try await read { db in try FeedbackRecord.fetchAll(db) }
    }

    package func unmatched() async throws -> [UnmatchedRecord] {
        try await read { db in try UnmatchedRecord.order(Column("id")).fetchAll(db) }
    }

    package func removeUnmatched(ids: [Int64]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await write { db in try UnmatchedRecord.filter(keys: ids).deleteAll(db) }
    }

    // MARK: - Privacy

    package func erase(citizen: String) async throws -> [String: Int] {
        try await write { db in try Self.eraseRows(citizen: citizen, db) }
    }

    /// Deletes what is personal about a citizen (see `DeskStore.erase`). `keepMessage` (the ledger row of the
    /// message that asked) stays, unlinked; `keepContact` (a push conversation whose reply is still to be sent)
    /// stays unlinked until `finishForget`, and so do the outbox rows with an id in `keepOutbox`.
    package static func eraseRows(
        citizen: String, _ db: Database, keepMessage: String? = nil, keepContact: String? = nil, keepOutbox: [Int64] = []
    ) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        func run(_ name: String, _ sql: String, _ arguments: StatementArguments) throws {
            try db.execute(sql: sql, arguments: arguments)
            counts[name] = db.changesCount
        }
        if let keepContact {
            try db.execute(sql: "UPDATE contact SET citizen = 'erased', locale = NULL WHERE id = ?", arguments: [keepContact])
        }
        try run("contacts", "DELETE FROM contact WHERE citizen = ?", [citizen])
        try run("sessions", "DELETE FROM session WHERE id LIKE '%:' || ?", [citizen])
        if let keepMessage {
            try db.execute(sql: "UPDATE inbound SET citizen = 'erased', text = NULL WHERE id = ?", arguments: [keepMessage])
        }
        try run("messages", "DELETE FROM inbound WHERE citizen = ?", [citizen])
        try run(
            "notifications",
            "DELETE FROM outbox WHERE citizen = ? AND id NOT IN (SELECT value FROM json_each(?))",
            [citizen, "[" + keepOutbox.map(String.init).joined(separator: ",") + "]"])
        try run(
            "rating comments",
            "UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL AND complaintId IN (SELECT id FROM complaint WHERE citizen = ?)",
            [citizen])
        // Department notices quoted the citizen's words: they keep only the reference.
        try run(
            "department notices",
            """
            UPDATE departmentMessage SET text = (SELECT 'Complaint ' || reference || ': details erased at the citizen''s request' FROM complaint WHERE id = complaintId)
            WHERE complaintId IN (SELECT id FROM complaint WHERE citizen = ?)
            """, [citizen])
        // The complaint stays as a public record (category, status, dates); the citizen's own words go.
        try run(
            "complaints unlinked",
            "UPDATE complaint SET citizen = 'erased', name = NULL, description = '', location = NULL, latitude = NULL, longitude = NULL WHERE citizen = ?",
            [citizen])
        return counts
    }

    package func finishForget(contactID: String, outboxID: Int64) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM contact WHERE id = ? AND citizen = 'erased'", arguments: [contactID])
            try db.execute(sql: "UPDATE outbox SET citizen = 'erased' WHERE id = ?", arguments: [outboxID])
        }
    }

    package func purge(before: Date) async throws -> [String: Int] {
        try await write { db in
            try db.execute(sql: "DELETE FROM inbound WHERE state = 'answered' AND processedAt < ?", arguments: [before])
            let messages = db.changesCount
            try db.execute(sql: "DELETE FROM outbox WHERE deliveredAt IS NOT NULL AND deliveredAt < ?", arguments: [before])
            let outbox = db.changesCount
            try db.execute(sql: "DELETE FROM unmatched WHERE createdAt < ?", arguments: [before])
            let unmatched = db.changesCount
            // Closed complaints keep their record (category, status, dates) but not the citizen's words.
            try db.execute(
                sql: """
                    UPDATE complaint SET description = '', location = NULL, name = NULL, latitude = NULL, longitude = NULL
                    WHERE status IN ('closed', 'rejected', 'duplicate') AND updatedAt < ?
                      AND (description <> '' OR location IS NOT NULL OR name IS NOT NULL OR latitude IS NOT NULL)
                    """, arguments: [before])
            let texts = db.changesCount
            try db.execute(
                sql: "DELETE FROM departmentMessage WHERE status <> 'queued' AND createdAt < ? AND complaintId IN (SELECT id FROM complaint WHERE status IN ('closed', 'rejected', 'duplicate'))",
                arguments: [before])
            return ["messages": messages, "sent notifications": outbox, "unmatched": unmatched, "closed complaints' texts": texts, "department notices": db.changesCount]
        }
    }

    // MARK: - Outbox

    package func claimDue(channels: [String], at now: Date, limit: Int, leaseUntil: Date) async throws -> [(OutboxRecord, ContactRecord?)] {
        let rows = try await write { db in
            let rows = try OutboxRecord
                .filter(channels.contains(Column("channel")) && Column("deliveredAt") == nil && Column("nextAttemptAt") <= now)
                .order(Column("id")).limit(limit).fetchAll(db)
            _ = try OutboxRecord.filter(rows.compactMap(\.id).contains(Column("id"))).updateAll(db, Column("nextAttemptAt").set(to: leaseUntil))
            return try rows.map { DueRow(message: $0, contact: try ContactRecord.fetchOne(db, key: "\($0.channel):\($0.citizen)")) }
        }
        return rows.map { ($0.message, $0.contact) }
    }

    package func markDelivered(ids: [Int64], at now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in
            _ = try OutboxRecord.filter(ids.contains(Column("id"))).updateAll(db, Column("deliveredAt").set(to: now))
        }
    }

    /// A failed send: try again later, with exponential backoff (capped at one hour).
    package func retryLater(outboxID: Int64, attempts: Int, at now: Date) async throws {
        let delay = min(3600, pow(2, Double(attempts)) * 5)
        try await write { db in
            _ = try OutboxRecord.filter(key: outboxID).updateAll(
                db, Column("attempts").set(to: attempts), Column("nextAttemptAt").set(to: now.addingTimeInterval(delay)))
        }
    }

    package func outbox() async throws -> [OutboxRecord] {
        try await read { db in try OutboxRecord.order(Column("id")).fetchAll(db) }
    }
}

private struct DueRow: Sendable {
    package let message: OutboxRecord
    package let contact: ContactRecord?
}

/// A non-escaping closure used only inside the one write that receives it, synchronously, before `updateStatus`
/// returns; `withoutActuallyEscaping` checks it does not outlive the call.
private struct UncheckedSendable<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}
