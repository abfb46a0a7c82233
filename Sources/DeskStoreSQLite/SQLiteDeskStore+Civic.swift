import DeskCore
import Foundation
import GRDB

extension CivicRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "complaintCivic"
}

extension DepartmentMessageRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "departmentMessage"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension APIKeyRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "open311Key"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The civic workflow's storage (migration v5-civic): see `CivicStore`.
package extension SQLiteDeskStore {
    /// Statuses whose service level still runs, and that a new report of the same problem is linked to.
    static let runningStatuses = ["received", "acknowledged", "in_progress"]

    func fileComplaint(_ complaint: ComplaintRecord, civic: CivicFiling) async throws -> ComplaintRecord {
        try await dbWriter.write { db in
            try Self.recheckDuplicate(complaint, civic, db)
            let filed = try Self.insertComplaint(complaint, db)
            try Self.insertCivic(civic, for: filed, db)
            return filed
        }
    }

    func civicComplaints(references: [String]?) async throws -> [CivicComplaint] {
        try await dbWriter.read { db in
            let complaints: [ComplaintRecord] =
                if let references {
                    try ComplaintRecord.filter(references.map { $0.uppercased() }.contains(Column("reference"))).order(Column("id")).fetchAll(db)
                } else {
                    try ComplaintRecord.order(Column("id")).fetchAll(db)
                }
            let ids = complaints.compactMap(\.id)
            let civic = Dictionary(
                try CivicRecord.filter(ids.contains(Column("complaintId"))).fetchAll(db).map { ($0.complaintId, $0) },
                uniquingKeysWith: { a, _ in a })
            // Citizens of the complaints linked to each (other than the primary's own citizen).
            var linkedCitizens: [Int64: Set<String>] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT v.duplicateOf AS primaryId, c.citizen AS citizen FROM complaintCivic v JOIN complaint c ON c.id = v.complaintId
                    WHERE v.duplicateOf IS NOT NULL
                    """)
            {
                linkedCitizens[row["primaryId"], default: []].insert(row["citizen"])
            }
            let primaryIDs = civic.values.compactMap(\.duplicateOf)
            let primaries = Dictionary(
                try ComplaintRecord.filter(primaryIDs.contains(Column("id"))).fetchAll(db).compactMap { c in c.id.map { ($0, c.reference) } },
                uniquingKeysWith: { a, _ in a })
            return complaints.map { c in
                let row = c.id.flatMap { civic[$0] }
                let others = c.id.flatMap { linkedCitizens[$0] }?.subtracting([c.citizen]).count ?? 0
                return CivicComplaint(
                    complaint: c, civic: row, primaryReference: row?.duplicateOf.flatMap { primaries[$0] }, citizens: 1 + others)
            }
        }
    }

    func duplicateCandidate(category: String, area: String, since: Date) async throws -> ComplaintRecord? {
        try await dbWriter.read { db in try Self.duplicateCandidate(category: category, area: area, since: since, db) }
    }

    func complaint(token: String) async throws -> ComplaintRecord? {
        try await dbWriter.read { db in
            try ComplaintRecord.fetchOne(
                db, sql: "SELECT c.* FROM complaint c JOIN complaintCivic v ON v.complaintId = c.id WHERE v.token = ?", arguments: [token])
        }
    }

    func linked(to complaintID: Int64) async throws -> [ComplaintRecord] {
        try await dbWriter.read { db in try Self.linkedRows(complaintID, db) }
    }

    func assign(reference: String, department: String, by: String, at now: Date, messages: [DepartmentMessage]) async throws -> ComplaintRecord {
        try await dbWriter.write { db in
            var complaint = try Self.complaintRow(reference, db)
            let id = complaint.id ?? 0
            let before = try CivicRecord.fetchOne(db, key: id)
            if before == nil {
                try CivicRecord(complaintId: id, department: department, area: nil, duplicateOf: nil, dueAt: now, token: UUID().uuidString.lowercased())
                    .insert(db)
            } else {
                try db.execute(sql: "UPDATE complaintCivic SET department = ? WHERE complaintId = ?", arguments: [department, id])
            }
            try Self.note(complaint, by: by, "assigned to \(department) (was \(before?.department ?? "none"))", at: now, db)
            for message in messages { try Self.queue(message, for: complaint, at: now, db) }
            complaint.updatedAt = now
            try db.execute(sql: "UPDATE complaint SET updatedAt = ? WHERE id = ?", arguments: [now, id])
            return complaint
        }
    }

    func unlink(reference: String, by: String, at now: Date) async throws -> ComplaintRecord {
        try await dbWriter.write { db in
            let complaint = try Self.complaintRow(reference, db)
            let id = complaint.id ?? 0
            guard let primaryID = try Int64.fetchOne(db, sql: "SELECT duplicateOf FROM complaintCivic WHERE complaintId = ?", arguments: [id]),
                let primary = try ComplaintRecord.fetchOne(db, key: primaryID)
            else { throw CivicError.notLinked(complaint.reference) }
            try db.execute(sql: "UPDATE complaintCivic SET duplicateOf = NULL WHERE complaintId = ?", arguments: [id])
            try Self.note(complaint, by: by, "unlinked from \(primary.reference)", at: now, db)
            return complaint
        }
    }

    func followPrimary(
        _ primaryID: Int64, to status: ComplaintStatus, note: String?, at now: Date,
        notify: @Sendable (ComplaintRecord, ContactRecord?) -> OutboxRecord?
    ) async throws -> Int {
        try await withoutActuallyEscaping(notify) { notify in
            let notify = CivicUnchecked(notify)
            return try await dbWriter.write { db in
                guard let primary = try ComplaintRecord.fetchOne(db, key: primaryID) else { return 0 }
                var notified = 0
                for linked in try Self.linkedRows(primaryID, db) {
                    let from = ComplaintStatus(rawValue: linked.status) ?? .received
                    guard from.next.contains(status) else { continue }
                    let changed = try Self.changeStatus(
                        reference: linked.reference, to: status, by: "linked to \(primary.reference)", note: note, at: now, db)
                    let key = ConversationID(channel: changed.channel, citizen: changed.citizen)?.key ?? ""
                    if var message = notify.value(changed, try ContactRecord.fetchOne(db, key: key)) {
                        try message.insert(db)
                        notified += 1
                    }
                }
                return notified
            }
        }
    }

    func dueForEscalation(at now: Date, limit: Int) async throws -> [ComplaintRecord] {
        try await dbWriter.read { db in
            try ComplaintRecord.fetchAll(
                db,
                sql: """
                    SELECT c.* FROM complaint c JOIN complaintCivic v ON v.complaintId = c.id
                    WHERE v.escalatedAt IS NULL AND v.duplicateOf IS NULL AND v.dueAt < ?
                    AND c.status IN ('received', 'acknowledged', 'in_progress') ORDER BY v.dueAt, c.id LIMIT ?
                    """,
                arguments: [now, limit])
        }
    }

    func claimEscalation(_ escalation: Escalation, at now: Date) async throws -> Bool {
        try await dbWriter.write { db in
            // The claim: only the first writer finds escalatedAt still empty.
            try db.execute(
                sql: "UPDATE complaintCivic SET escalatedAt = ? WHERE complaintId = ? AND escalatedAt IS NULL",
                arguments: [now, escalation.complaintID])
            guard db.changesCount == 1, let complaint = try ComplaintRecord.fetchOne(db, key: escalation.complaintID) else { return false }
            try Self.note(complaint, by: escalation.by, escalation.note, at: now, db)
            if var message = escalation.citizenMessage { try message.insert(db) }
            for message in escalation.supervisorMessages { try Self.queue(message, for: complaint, at: now, db) }
            return true
        }
    }

    // MARK: - Department messages

    func claimDepartmentMessages(channels: [String], at now: Date, limit: Int, leaseUntil: Date) async throws -> [DepartmentMessageRecord] {
        try await dbWriter.write { db in
            let rows = try DepartmentMessageRecord
                .filter(channels.contains(Column("channel")) && Column("status") == "queued" && Column("nextAttemptAt") <= now)
                .order(Column("id")).limit(limit).fetchAll(db)
            _ = try DepartmentMessageRecord.filter(rows.compactMap(\.id).contains(Column("id")))
                .updateAll(db, Column("nextAttemptAt").set(to: leaseUntil))
            return rows
        }
    }

    func finishDepartmentMessage(id: Int64, sent: Bool, error: String?, at now: Date) async throws {
        try await dbWriter.write { db in
            try db.execute(
                sql: "UPDATE departmentMessage SET status = ?, statusAt = ?, error = ? WHERE id = ?",
                arguments: [sent ? "sent" : "failed", now, error, id])
        }
    }

    func retryDepartmentMessage(id: Int64, attempts: Int, error: String, at now: Date) async throws {
        let delay = min(3600, pow(2, Double(attempts)) * 5)
        try await dbWriter.write { db in
            try db.execute(
                sql: "UPDATE departmentMessage SET attempts = ?, nextAttemptAt = ?, error = ? WHERE id = ?",
                arguments: [attempts, now.addingTimeInterval(delay), error, id])
        }
    }

    func finishForward(id: Int64, remoteID: String?, error: String?, note: String, at now: Date) async throws {
        try await dbWriter.write { db in
            guard let message = try DepartmentMessageRecord.fetchOne(db, key: id), message.status == "queued" else { return }
            try db.execute(
                sql: "UPDATE departmentMessage SET status = ?, statusAt = ?, error = ? WHERE id = ?",
                arguments: [error == nil ? "sent" : "failed", now, error, id])
            if let remoteID {
                try db.execute(sql: "UPDATE complaintCivic SET remoteId = ? WHERE complaintId = ?", arguments: [remoteID, message.complaintId])
            }
            if let complaint = try ComplaintRecord.fetchOne(db, key: message.complaintId) {
                try Self.note(complaint, by: "open311 forwarding", note, at: now, db)
            }
        }
    }

    func departmentMessages(complaintID: Int64?) async throws -> [DepartmentMessageRecord] {
        try await dbWriter.read { db in
            if let complaintID {
                return try DepartmentMessageRecord.filter(Column("complaintId") == complaintID).order(Column("id")).fetchAll(db)
            }
            return try DepartmentMessageRecord.order(Column("id")).fetchAll(db)
        }
    }

    // MARK: - Open311 keys

    func addAPIKey(_ key: APIKeyRecord) async throws -> APIKeyRecord {
        try await dbWriter.write { db in
            if try APIKeyRecord.filter(Column("name") == key.name).fetchCount(db) > 0 { throw CivicError.duplicateKeyName(key.name) }
            var key = key
            try key.insert(db)
            return key
        }
    }

    func apiKey(hash: String) async throws -> APIKeyRecord? {
        try await dbWriter.read { db in try APIKeyRecord.filter(Column("hash") == hash && Column("revokedAt") == nil).fetchOne(db) }
    }

    func apiKeys() async throws -> [APIKeyRecord] {
        try await dbWriter.read { db in try APIKeyRecord.order(Column("id")).fetchAll(db) }
    }

    func revokeAPIKey(name: String, at now: Date) async throws -> Bool {
        try await dbWriter.write { db in
            try db.execute(sql: "UPDATE open311Key SET revokedAt = ? WHERE name = ? AND revokedAt IS NULL", arguments: [now, name])
            return db.changesCount > 0
        }
    }

    // MARK: - Statements shared with the turn

    /// The oldest open, unlinked complaint of `category` in `area` filed at or after `since`.
    static func duplicateCandidate(category: String, area: String, since: Date, _ db: Database) throws -> ComplaintRecord? {
        try ComplaintRecord.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT c.* FROM complaint c JOIN complaintCivic v ON v.complaintId = c.id
                    WHERE c.category = ? AND v.area = ? AND v.duplicateOf IS NULL AND c.createdAt >= ?
                    AND c.status IN ('received', 'acknowledged', 'in_progress') ORDER BY c.createdAt, c.id LIMIT 1
                    """),
            arguments: [category, area, since])
    }

    /// The duplicate check again, inside the write that files `complaint`: SQLite has one writer, so what this reads
    /// cannot change before the write commits (a group-commit batch runs its turns one after the other on one
    /// connection, each seeing the earlier ones' complaints). Throws `DuplicateConflict` (the turn's savepoint is
    /// rolled back) when the answer differs from the turn's decision.
    static func recheckDuplicate(_ complaint: ComplaintRecord, _ civic: CivicFiling, _ db: Database) throws {
        guard let area = civic.area, let since = civic.duplicateSince else { return }
        let found = try duplicateCandidate(category: complaint.category, area: area, since: since, db)
        guard DuplicateLock.agrees(found: found, decided: civic.duplicateOf) else { throw DuplicateConflict(primary: found) }
    }

    /// The civic row of a complaint just filed, and its department's notice.
    static func insertCivic(_ civic: CivicFiling, for complaint: ComplaintRecord, _ db: Database) throws {
        guard let id = complaint.id else { return }
        try civic.record(complaintID: id).insert(db)
        for message in civic.messages(reference: complaint.reference) { try queue(message, for: complaint, at: complaint.createdAt, db) }
    }

    /// Queues a department message (apart from the citizens' outbox).
    static func queue(_ message: DepartmentMessage, for complaint: ComplaintRecord, at now: Date, _ db: Database) throws {
        var row = DepartmentMessageRecord(
            complaintId: complaint.id ?? 0, channel: message.channel, recipient: message.recipient, address: message.address,
            text: message.text.replacingOccurrences(of: DeskSnapshot.referenceMark, with: complaint.reference), createdAt: now,
            nextAttemptAt: now)
        try row.insert(db)
    }

    /// A history entry that does not change the status (assignment, escalation, unlinking).
    static func note(_ complaint: ComplaintRecord, by: String, _ note: String, at now: Date, _ db: Database) throws {
        var change = StatusChangeRecord(
            complaintId: complaint.id ?? 0, fromStatus: complaint.status, toStatus: complaint.status, changedBy: by, note: note, changedAt: now)
        try change.insert(db)
    }

    static func complaintRow(_ reference: String, _ db: Database) throws -> ComplaintRecord {
        guard let complaint = try ComplaintRecord.filter(Column("reference") == reference.uppercased()).fetchOne(db) else {
            throw StoreError.unknownReference(reference)
        }
        return complaint
    }

    static func linkedRows(_ primaryID: Int64, _ db: Database) throws -> [ComplaintRecord] {
        try ComplaintRecord.fetchAll(
            db,
            sql: "SELECT c.* FROM complaint c JOIN complaintCivic v ON v.complaintId = c.id WHERE v.duplicateOf = ? ORDER BY c.id",
            arguments: [primaryID])
    }
}

/// Carries the non-escaping `notify` closure into GRDB's `write` (which wants a Sendable closure): it is called only
/// inside that write, before `followPrimary` returns, so it never outlives or races its caller.
private struct CivicUnchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
