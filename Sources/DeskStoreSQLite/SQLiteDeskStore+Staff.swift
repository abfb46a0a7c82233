import DeskCore
import Foundation
import GRDB

// MARK: - GRDB mapping of the console's records (tables of migration v6-console)

extension StaffAccountRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "staff"
}

extension StaffSessionRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "staffSession"
}

extension AuditRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "audit"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension HandoffRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "handoff"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension HandoffMessageRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "handoffMessage"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The staff console's storage on SQLite: accounts, sessions, audit, handoffs (`StaffStore`).
extension SQLiteDeskStore {
    // MARK: Accounts

    package func addStaff(_ account: StaffAccountRecord) async throws {
        try await dbWriter.write { db in
            if try StaffAccountRecord.fetchOne(db, key: account.name) != nil { throw StaffStoreError.duplicateStaff(account.name) }
            try account.insert(db)
        }
    }

    package func staff(name: String) async throws -> StaffAccountRecord? {
        try await dbWriter.read { db in try StaffAccountRecord.fetchOne(db, key: name) }
    }

    package func staffAccounts() async throws -> [StaffAccountRecord] {
        try await dbWriter.read { db in try StaffAccountRecord.order(Column("name")).fetchAll(db) }
    }

    package func saveStaff(_ account: StaffAccountRecord) async throws {
        try await dbWriter.write { db in
            guard try StaffAccountRecord.fetchOne(db, key: account.name) != nil else { throw StaffStoreError.unknownStaff(account.name) }
            try account.update(db)
        }
    }

    // MARK: Sessions

    package func createStaffSession(_ session: StaffSessionRecord) async throws {
        try await dbWriter.write { db in try session.insert(db) }
    }

    package func staffSession(id: String) async throws -> StaffSessionRecord? {
        try await dbWriter.read { db in try StaffSessionRecord.fetchOne(db, key: id) }
    }

    package func deleteStaffSession(id: String) async throws {
        _ = try await dbWriter.write { db in try StaffSessionRecord.deleteOne(db, key: id) }
    }

    @discardableResult
    package func deleteStaffSessions(staff: String) async throws -> Int {
        try await dbWriter.write { db in try StaffSessionRecord.filter(Column("staff") == staff).deleteAll(db) }
    }

    // MARK: Audit

    package func appendAudit(_ entry: AuditRecord) async throws {
        try await dbWriter.write { db in
            var entry = entry
            try entry.insert(db)
        }
    }

    package func auditLog(limit: Int) async throws -> [AuditRecord] {
        try await dbWriter.read { db in try AuditRecord.order(Column("id").desc).limit(limit).fetchAll(db) }
    }

    // MARK: Handoff

    package func openHandoff(_ handoff: HandoffRecord, first: HandoffMessageRecord?) async throws -> HandoffRecord {
        try await dbWriter.write { db in
            var open = try Self.openHandoff(handoff.conversation, db)
            if open == nil {
                var new = handoff
                try new.insert(db)
                open = new
            }
            guard let open, let id = open.id else { throw StaffStoreError.unknownHandoff(0) }
            if var first {
                first.handoffId = id
                try Self.insertMessage(first, db)
            }
            return open
        }
    }

    package func openHandoff(conversation: String) async throws -> HandoffRecord? {
        try await dbWriter.read { db in try Self.openHandoff(conversation, db) }
    }

    package func handoff(id: Int64) async throws -> HandoffRecord? {
        try await dbWriter.read { db in try HandoffRecord.fetchOne(db, key: id) }
    }

    package func handoffs(openOnly: Bool) async throws -> [HandoffRecord] {
        try await dbWriter.read { db in
            var request = HandoffRecord.order(Column("id").desc)
            if openOnly { request = request.filter(Column("status") != HandoffRecord.Status.closed.rawValue) }
            return try request.fetchAll(db)
        }
    }

    package func addHandoffMessage(_ message: HandoffMessageRecord) async throws {
        try await dbWriter.write { db in try Self.insertMessage(message, db) }
    }

    package func handoffMessages(handoffID: Int64) async throws -> [HandoffMessageRecord] {
        try await dbWriter.read { db in try HandoffMessageRecord.filter(Column("handoffId") == handoffID).order(Column("id")).fetchAll(db) }
    }

    package func answerHandoff(id: Int64, answer: HandoffMessageRecord, outbox: OutboxRecord?, close: Bool, at: Date) async throws -> HandoffRecord {
        try await dbWriter.write { db in
            guard var handoff = try HandoffRecord.fetchOne(db, key: id) else { throw StaffStoreError.unknownHandoff(id) }
            guard handoff.isOpen else { throw StaffStoreError.handoffClosed(id) }
            var answer = answer
            answer.handoffId = id
            try answer.insert(db)
            if var outbox { try outbox.insert(db) }
            handoff.answeredAt = at
            handoff.status = close ? HandoffRecord.Status.closed.rawValue : HandoffRecord.Status.answered.rawValue
            if close {
                handoff.closedAt = at
                handoff.closedBy = answer.author
            }
            try handoff.update(db)
            return handoff
        }
    }

    package func closeHandoff(id: Int64, by: String, at: Date) async throws {
        try await dbWriter.write { db in
            guard var handoff = try HandoffRecord.fetchOne(db, key: id) else { throw StaffStoreError.unknownHandoff(id) }
            guard handoff.isOpen else { return }
            handoff.status = HandoffRecord.Status.closed.rawValue
            handoff.closedAt = at
            handoff.closedBy = by
            try handoff.update(db)
        }
    }

    @discardableResult
    package func eraseHandoffs(citizen: String) async throws -> Int {
        try await dbWriter.write { db in
            try db.execute(
                sql: "DELETE FROM handoffMessage WHERE handoffId IN (SELECT id FROM handoff WHERE citizen = ?)", arguments: [citizen])
            let messages = db.changesCount
            try db.execute(sql: "DELETE FROM handoff WHERE citizen = ?", arguments: [citizen])
            return messages
        }
    }

    // MARK: Figures

    package func answeredMessagesPerLocale() async throws -> [String: Int] {
        try await dbWriter.read { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT locale, COUNT(*) AS n FROM inbound WHERE state = 'answered' AND locale IS NOT NULL GROUP BY locale") {
                out[row["locale"]] = row["n"]
            }
            return out
        }
    }

    // MARK: - Helpers

    /// Checked on every turn: a prepared statement, not a query built each time.
    static func openHandoff(_ conversation: String, _ db: Database) throws -> HandoffRecord? {
        try HandoffRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM handoff WHERE conversation = ? AND status <> ? ORDER BY id DESC LIMIT 1"),
            arguments: [conversation, HandoffRecord.Status.closed.rawValue])
    }

    static func insertMessage(_ message: HandoffMessageRecord, _ db: Database) throws {
        if let inbound = message.inboundId, try HandoffMessageRecord.filter(Column("inboundId") == inbound).fetchCount(db) > 0 { return }
        var message = message
        try message.insert(db)
    }
}
