import DeskCore
import Foundation
import PostgresNIO

/// The civic workflow's storage (migration 3, v3-civic): see `CivicStore`. The same steps as the SQLite store's;
/// the escalation claim is a conditional update, so with several instances on one database exactly one wins.
extension PostgresDeskStore {
    package func fileComplaint(_ complaint: ComplaintRecord, civic: CivicFiling) async throws -> ComplaintRecord {
        try await transaction { c in
            try await Self.recheckDuplicate(complaint, civic, c, logger)
            let filed = try await Self.insertComplaint(complaint, c, logger)
            try await Self.insertCivic(civic, for: filed, c, logger)
            return filed
        }
    }

    package func civicComplaints(references: [String]?) async throws -> [CivicComplaint] {
        try await transaction { c in
            let complaints: [ComplaintRecord] =
                if let references {
                    try await c.query("SELECT * FROM complaint WHERE reference = ANY(\(references.map { $0.uppercased() })) ORDER BY id", logger: logger)
                        .collect().map { try $0.complaint }
                } else {
                    try await c.query("SELECT * FROM complaint ORDER BY id", logger: logger).collect().map { try $0.complaint }
                }
            let ids = complaints.compactMap(\.id)
            var civic: [Int64: CivicRecord] = [:]
            for row in try await c.query("SELECT * FROM complaint_civic WHERE complaint_id = ANY(\(ids))", logger: logger).collect() {
                let record = try row.civic
                civic[record.complaintId] = record
            }
            var linkedCitizens: [Int64: Set<String>] = [:]
            for try await (primary, citizen) in try await c.query(
                """
                SELECT v.duplicate_of, c.citizen FROM complaint_civic v JOIN complaint c ON c.id = v.complaint_id
                WHERE v.duplicate_of IS NOT NULL
                """, logger: logger
            ).decode((Int64, String).self) {
                linkedCitizens[primary, default: []].insert(citizen)
            }
            let primaryIDs = Array(Set(civic.values.compactMap(\.duplicateOf)))
            var primaries: [Int64: String] = [:]
            for try await (id, reference) in try await c.query(
                "SELECT id, reference FROM complaint WHERE id = ANY(\(primaryIDs))", logger: logger
            ).decode((Int64, String).self) {
                primaries[id] = reference
            }
            return complaints.map { complaint in
                let row = complaint.id.flatMap { civic[$0] }
                let others = complaint.id.flatMap { linkedCitizens[$0] }?.subtracting([complaint.citizen]).count ?? 0
                return CivicComplaint(
                    complaint: complaint, civic: row, primaryReference: row?.duplicateOf.flatMap { primaries[$0] }, citizens: 1 + others)
            }
        }
    }

    package func duplicateCandidate(category: String, area: String, since: Date) async throws -> ComplaintRecord? {
        try await rows(Self.duplicateCandidateQuery(category: category, area: area, since: since)).first?.complaint
    }

    package func complaint(token: String) async throws -> ComplaintRecord? {
        try await rows("SELECT c.* FROM complaint c JOIN complaint_civic v ON v.complaint_id = c.id WHERE v.token = \(token)").first?.complaint
    }

    package func linked(to complaintID: Int64) async throws -> [ComplaintRecord] {
        try await transaction { c in try await Self.linkedRows(complaintID, c, logger) }
    }

    package func assign(reference: String, department: String, by: String, at now: Date, messages: [DepartmentMessage]) async throws -> ComplaintRecord {
        try await transaction { c in
            var complaint = try await Self.lockedComplaint(reference, c, logger)
            let id = complaint.id ?? 0
            let before = try await c.query("SELECT department FROM complaint_civic WHERE complaint_id = \(id)", logger: logger)
                .collect().first.map { try $0.decode(String?.self) }
            if let before {
                try await c.query("UPDATE complaint_civic SET department = \(department) WHERE complaint_id = \(id)", logger: logger)
                try await Self.note(complaint, by: by, "assigned to \(department) (was \((before ?? nil) ?? "none"))", at: now, c, logger)
            } else {
                try await c.query(
                    """
                    INSERT INTO complaint_civic (complaint_id, department, due_at, token)
                    VALUES (\(id), \(department), \(Millis(now)), \(UUID().uuidString.lowercased()))
                    """, logger: logger)
                try await Self.note(complaint, by: by, "assigned to \(department) (was none)", at: now, c, logger)
            }
            for message in messages { try await Self.queue(message, for: complaint, at: now, c, logger) }
            try await c.query("UPDATE complaint SET updated_at = \(Millis(now)) WHERE id = \(id)", logger: logger)
            complaint.updatedAt = now
            return complaint
        }
    }

    package func unlink(reference: String, by: String, at now: Date) async throws -> ComplaintRecord {
        try await transaction { c in
            let complaint = try await Self.lockedComplaint(reference, c, logger)
            let id = complaint.id ?? 0
            guard
                let primary = try await c.query(
                    "SELECT p.reference FROM complaint_civic v JOIN complaint p ON p.id = v.duplicate_of WHERE v.complaint_id = \(id)", logger: logger
                ).collect().first.map({ try $0.decode(String.self) })
            else { throw CivicError.notLinked(complaint.reference) }
            try await c.query("UPDATE complaint_civic SET duplicate_of = NULL WHERE complaint_id = \(id)", logger: logger)
            try await Self.note(complaint, by: by, "unlinked from \(primary)", at: now, c, logger)
            return complaint
        }
    }

    package func followPrimary(
        _ primaryID: Int64, to status: ComplaintStatus, note: String?, at now: Date,
        notify: @Sendable (ComplaintRecord, ContactRecord?) -> OutboxRecord?
    ) async throws -> Int {
        try await transaction { c in
            guard
                let primary = try await c.query("SELECT reference FROM complaint WHERE id = \(primaryID)", logger: logger)
                    .collect().first.map({ try $0.decode(String.self) })
            else { return 0 }
            var notified = 0
            for linked in try await Self.linkedRows(primaryID, c, logger) {
                let from = ComplaintStatus(rawValue: linked.status) ?? .received
                guard from.next.contains(status) else { continue }
                let changed = try await Self.changeStatus(
                    reference: linked.reference, to: status, by: "linked to \(primary)", note: note, at: now, c, logger)
                let key = ConversationID(channel: changed.channel, citizen: changed.citizen)?.key ?? ""
                if let message = notify(changed, try await Self.contactRow(key, c, logger)) {
                    try await Self.insertOutbox(message, c, logger)
                    notified += 1
                }
            }
            return notified
        }
    }

    package func dueForEscalation(at now: Date, limit: Int) async throws -> [ComplaintRecord] {
        try await rows(
            """
            SELECT c.* FROM complaint c JOIN complaint_civic v ON v.complaint_id = c.id
            WHERE v.escalated_at IS NULL AND v.duplicate_of IS NULL AND v.due_at < \(Millis(now))
            AND c.status IN ('received', 'acknowledged', 'in_progress') ORDER BY v.due_at, c.id LIMIT \(limit)
            """
        ).map { try $0.complaint }
    }

    package func claimEscalation(_ escalation: Escalation, at now: Date) async throws -> Bool {
        try await transaction { c in
            // The claim: a concurrent update waits for this row's lock, then finds escalated_at set and updates nothing.
            let claimed = try await c.query(
                """
                UPDATE complaint_civic SET escalated_at = \(Millis(now))
                WHERE complaint_id = \(escalation.complaintID) AND escalated_at IS NULL RETURNING complaint_id
                """, logger: logger
            ).collect()
            guard !claimed.isEmpty,
                let complaint = try await c.query("SELECT * FROM complaint WHERE id = \(escalation.complaintID)", logger: logger)
                    .collect().first?.complaint
            else { return false }
            try await Self.note(complaint, by: escalation.by, escalation.note, at: now, c, logger)
            if let message = escalation.citizenMessage { try await Self.insertOutbox(message, c, logger) }
            for message in escalation.supervisorMessages { try await Self.queue(message, for: complaint, at: now, c, logger) }
            return true
        }
    }

    // MARK: - Department messages

    package func claimDepartmentMessages(channels: [String], at now: Date, limit: Int, leaseUntil: Date) async throws -> [DepartmentMessageRecord] {
        try await transaction { c in
            try await c.query(
                """
                WITH picked AS (SELECT id FROM department_message WHERE channel = ANY(\(channels)) AND status = 'queued'
                AND next_attempt_at <= \(Millis(now)) ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                UPDATE department_message m SET next_attempt_at = \(Millis(leaseUntil)) FROM picked WHERE m.id = picked.id RETURNING m.*
                """, logger: logger
            ).collect().map { try $0.departmentMessage }.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        }
    }

    package func finishDepartmentMessage(id: Int64, sent: Bool, error: String?, at now: Date) async throws {
        _ = try await rows(
            "UPDATE department_message SET status = \(sent ? "sent" : "failed"), status_at = \(Millis(now)), error = \(error) WHERE id = \(id) RETURNING id")
    }

    package func retryDepartmentMessage(id: Int64, attempts: Int, error: String, at now: Date) async throws {
        let delay = min(3600, pow(2, Double(attempts)) * 5)
        _ = try await rows(
            """
            UPDATE department_message SET attempts = \(attempts), next_attempt_at = \(Millis(now.addingTimeInterval(delay))), error = \(error)
            WHERE id = \(id) RETURNING id
            """)
    }

    package func finishForward(id: Int64, remoteID: String?, error: String?, note: String, at now: Date) async throws {
        try await transaction { c in
            // The row lock makes a second close (a deliverer in another instance after a lease ran out) a no-op.
            guard
                let message = try await c.query("SELECT * FROM department_message WHERE id = \(id) FOR UPDATE", logger: logger)
                    .collect().first?.departmentMessage, message.status == "queued"
            else { return }
            try await c.query(
                "UPDATE department_message SET status = \(error == nil ? "sent" : "failed"), status_at = \(Millis(now)), error = \(error) WHERE id = \(id)",
                logger: logger)
            if let remoteID {
                try await c.query("UPDATE complaint_civic SET remote_id = \(remoteID) WHERE complaint_id = \(message.complaintId)", logger: logger)
            }
            if let complaint = try await c.query("SELECT * FROM complaint WHERE id = \(message.complaintId)", logger: logger).collect().first?.complaint {
                try await Self.note(complaint, by: "open311 forwarding", note, at: now, c, logger)
            }
        }
    }

    package func departmentMessages(complaintID: Int64?) async throws -> [DepartmentMessageRecord] {
        if let complaintID {
            return try await rows("SELECT * FROM department_message WHERE complaint_id = \(complaintID) ORDER BY id").map { try $0.departmentMessage }
        }
        return try await rows("SELECT * FROM department_message ORDER BY id").map { try $0.departmentMessage }
    }

    // MARK: - Open311 keys

    package func addAPIKey(_ key: APIKeyRecord) async throws -> APIKeyRecord {
        try await transaction { c in
            let inserted = try await c.query(
                """
                INSERT INTO open311_key (name, hash, created_at) VALUES (\(key.name), \(key.hash), \(Millis(key.createdAt)))
                ON CONFLICT (name) DO NOTHING RETURNING id
                """, logger: logger
            ).collect()
            guard let row = inserted.first else { throw CivicError.duplicateKeyName(key.name) }
            var key = key
            key.id = try row.decode(Int64.self)
            return key
        }
    }

    package func apiKey(hash: String) async throws -> APIKeyRecord? {
        try await rows("SELECT * FROM open311_key WHERE hash = \(hash) AND revoked_at IS NULL").first?.apiKey
    }

    package func apiKeys() async throws -> [APIKeyRecord] {
        try await rows("SELECT * FROM open311_key ORDER BY id").map { try $0.apiKey }
    }

    package func revokeAPIKey(name: String, at now: Date) async throws -> Bool {
        try await !rows("UPDATE open311_key SET revoked_at = \(Millis(now)) WHERE name = \(name) AND revoked_at IS NULL RETURNING id").isEmpty
    }

    // MARK: - Statements shared with the turn

    /// The oldest open, unlinked complaint of `category` in `area` filed at or after `since`.
    static func duplicateCandidateQuery(category: String, area: String, since: Date) -> PostgresQuery {
        """
        SELECT c.* FROM complaint c JOIN complaint_civic v ON v.complaint_id = c.id
        WHERE c.category = \(category) AND v.area = \(area) AND v.duplicate_of IS NULL AND c.created_at >= \(Millis(since))
        AND c.status IN ('received', 'acknowledged', 'in_progress') ORDER BY c.created_at, c.id LIMIT 1
        """
    }

    /// The duplicate check again, inside the transaction that files `complaint`, under a transaction-scoped
    /// advisory lock keyed by (category, area) (`DuplicateLock.key`): concurrent filings of one problem — in this
    /// instance or another on the same database — take it one after the other, and each re-check (a new snapshot
    /// per statement under READ COMMITTED) sees the complaints the earlier holders committed. The lock is released
    /// at COMMIT or ROLLBACK. Throws `DuplicateConflict` when the answer differs from the turn's decision.
    static func recheckDuplicate(_ complaint: ComplaintRecord, _ civic: CivicFiling, _ c: PostgresConnection, _ logger: Logger) async throws {
        guard let area = civic.area, let since = civic.duplicateSince else { return }
        let key = DuplicateLock.key(category: complaint.category, area: area)
        _ = try await c.query("SELECT pg_advisory_xact_lock(\(key))", logger: logger).collect()
        let found = try await c.query(duplicateCandidateQuery(category: complaint.category, area: area, since: since), logger: logger)
            .collect().first?.complaint
        guard DuplicateLock.agrees(found: found, decided: civic.duplicateOf) else { throw DuplicateConflict(primary: found) }
    }

    /// The civic row of a complaint just filed, and its department's notice.
    static func insertCivic(_ civic: CivicFiling, for complaint: ComplaintRecord, _ c: PostgresConnection, _ logger: Logger) async throws {
        guard let id = complaint.id else { return }
        try await c.query(
            """
            INSERT INTO complaint_civic (complaint_id, department, area, duplicate_of, due_at, token)
            VALUES (\(id), \(civic.department), \(civic.area), \(civic.duplicateOf), \(Millis(civic.dueAt)), \(civic.token))
            """, logger: logger)
        for message in civic.messages(reference: complaint.reference) {
            try await queue(message, for: complaint, at: complaint.createdAt, c, logger)
        }
    }

    /// Queues a department message (apart from the citizens' outbox).
    static func queue(_ message: DepartmentMessage, for complaint: ComplaintRecord, at now: Date, _ c: PostgresConnection, _ logger: Logger) async throws {
        let text = message.text.replacingOccurrences(of: DeskSnapshot.referenceMark, with: complaint.reference)
        try await c.query(
            """
            INSERT INTO department_message (complaint_id, channel, recipient, address, text, created_at, next_attempt_at)
            VALUES (\(complaint.id ?? 0), \(message.channel), \(message.recipient), \(message.address), \(text), \(Millis(now)), \(Millis(now)))
            """, logger: logger)
    }

    /// A history entry that does not change the status (assignment, escalation, unlinking).
    static func note(_ complaint: ComplaintRecord, by: String, _ note: String, at now: Date, _ c: PostgresConnection, _ logger: Logger) async throws {
        try await c.query(
            """
            INSERT INTO status_change (complaint_id, from_status, to_status, changed_by, note, changed_at)
            VALUES (\(complaint.id ?? 0), \(complaint.status), \(complaint.status), \(by), \(note), \(Millis(now)))
            """, logger: logger)
    }

    static func lockedComplaint(_ reference: String, _ c: PostgresConnection, _ logger: Logger) async throws -> ComplaintRecord {
        guard
            let complaint = try await c.query("SELECT * FROM complaint WHERE reference = \(reference.uppercased()) FOR UPDATE", logger: logger)
                .collect().first?.complaint
        else { throw StoreError.unknownReference(reference) }
        return complaint
    }

    static func linkedRows(_ primaryID: Int64, _ c: PostgresConnection, _ logger: Logger) async throws -> [ComplaintRecord] {
        try await c.query(
            "SELECT c.* FROM complaint c JOIN complaint_civic v ON v.complaint_id = c.id WHERE v.duplicate_of = \(primaryID) ORDER BY c.id",
            logger: logger
        ).collect().map { try $0.complaint }
    }
}

extension PostgresRow {
    var civic: CivicRecord {
        get throws {
            let r = makeRandomAccess()
            return CivicRecord(
                complaintId: try r.value("complaint_id"), department: try r.value("department"), area: try r.value("area"),
                duplicateOf: try r.value("duplicate_of"), dueAt: try r.date("due_at"), escalatedAt: try r.optionalDate("escalated_at"),
                token: try r.value("token"), remoteId: try r.value("remote_id"))
        }
    }

    var departmentMessage: DepartmentMessageRecord {
        get throws {
            let r = makeRandomAccess()
            return DepartmentMessageRecord(
                id: try r.value("id"), complaintId: try r.value("complaint_id"), channel: try r.value("channel"),
                recipient: try r.value("recipient"), address: try r.value("address"), text: try r.value("text"),
                createdAt: try r.date("created_at"), attempts: try r.value("attempts"), nextAttemptAt: try r.date("next_attempt_at"),
                status: try r.value("status"), statusAt: try r.optionalDate("status_at"), error: try r.value("error"))
        }
    }

    var apiKey: APIKeyRecord {
        get throws {
            let r = makeRandomAccess()
            return APIKeyRecord(
                id: try r.value("id"), name: try r.value("name"), hash: try r.value("hash"), createdAt: try r.date("created_at"),
                revokedAt: try r.optionalDate("revoked_at"))
        }
    }
}
