import DeskCore
import Foundation
import PostgresNIO

/// Complaints, their history, feedback and unmatched messages.
extension PostgresDeskStore {
    package func fileComplaint(_ complaint: ComplaintRecord, session: SessionRecord?) async throws -> ComplaintRecord {
        try await transaction { c in
            let stored = try await Self.insertComplaint(complaint, c, logger)
            if let session { try await Self.saveSession(session, c, logger) }
            return stored
        }
    }

    package func complaint(reference: String) async throws -> ComplaintRecord? {
        try await rows("SELECT * FROM complaint WHERE reference = \(reference.uppercased())").first?.complaint
    }

    package func complaints(citizen: String, openOnly: Bool) async throws -> [ComplaintRecord] {
        let open = ComplaintStatus.allCases.filter(\.isOpen).map(\.rawValue)
        let rows =
            openOnly
            ? try await rows("SELECT * FROM complaint WHERE citizen = \(citizen) AND status = ANY(\(open)) ORDER BY id DESC")
            : try await rows("SELECT * FROM complaint WHERE citizen = \(citizen) ORDER BY id DESC")
        return try rows.map { try $0.complaint }
    }

    /// A citizen's complaints, newest first, on the turn's connection (part of `turnState`'s read).
    static func complaintRows(citizen: String, _ c: PostgresConnection, _ logger: Logger) async throws -> [ComplaintRecord] {
        try await c.query("SELECT * FROM complaint WHERE citizen = \(citizen) ORDER BY id DESC", logger: logger).collect().map { try $0.complaint }
    }

    package func complaints(status: String?, category: String?, since: Date?) async throws -> [ComplaintRecord] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let status {
            binds.append(status)
            conditions.append("status = $\(binds.count)")
        }
        if let category {
            binds.append(category)
            conditions.append("category = $\(binds.count)")
        }
        if let since {
            binds.append(Millis(since))
            conditions.append("created_at >= $\(binds.count)")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try await rows(PostgresQuery(unsafeSQL: "SELECT * FROM complaint\(filter) ORDER BY id", binds: binds)).map { try $0.complaint }
    }

    package func history(complaintID: Int64) async throws -> [StatusChangeRecord] {
        try await rows("SELECT * FROM status_change WHERE complaint_id = \(complaintID) ORDER BY id").map { try $0.statusChange }
    }

    package func allHistory() async throws -> [StatusChangeRecord] {
        try await rows("SELECT * FROM status_change ORDER BY id").map { try $0.statusChange }
    }

    package func updateStatus(
        reference: String, to status: ComplaintStatus, by: String, note: String?, at now: Date,
        notify: @Sendable (ComplaintRecord, SessionRecord?, ContactRecord?) -> (OutboxRecord?, SessionRecord?)
    ) async throws -> ComplaintRecord {
        try await transaction { c in
            let complaint = try await Self.changeStatus(reference: reference, to: status, by: by, note: note, at: now, c, logger)
            let key = ConversationID(channel: complaint.channel, citizen: complaint.citizen)?.key ?? ""
            let (message, session) = notify(
                complaint, try await Self.sessionRow(key, c, logger), try await Self.contactRow(key, c, logger))
            if let message { try await Self.insertOutbox(message, c, logger) }
            if let session { try await Self.saveSession(session, c, logger) }
            return complaint
        }
    }

    package func feedback() async throws -> [FeedbackRecord] {
        try await rows("SELECT * FROM feedback ORDER BY id").map { try $0.feedback }
    }

    package func unmatched() async throws -> [UnmatchedRecord] {
        try await rows("SELECT * FROM unmatched ORDER BY id").map { try $0.unmatched }
    }

    package func removeUnmatched(ids: [Int64]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await rows("DELETE FROM unmatched WHERE id = ANY(\(ids)) RETURNING id").count
    }

    // MARK: - Outbox

    /// Claims due rows with `FOR UPDATE SKIP LOCKED`: instances claiming at once get disjoint rows, and a claimed
    /// row's next attempt moves to `leaseUntil`, so no other instance sends it meanwhile.
    package func claimDue(channels: [String], at now: Date, limit: Int, leaseUntil: Date) async throws -> [(OutboxRecord, ContactRecord?)] {
        guard limit > 0, !channels.isEmpty else { return [] }
        let due = try await transaction { c -> [DueRow] in
            let rows = try await c.query(
                """
                SELECT * FROM outbox WHERE channel = ANY(\(channels)) AND delivered_at IS NULL AND next_attempt_at <= \(Millis(now))
                ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, logger: logger
            ).collect().map { try $0.outbox }
            guard !rows.isEmpty else { return [] }
            let ids = rows.compactMap(\.id)
            try await c.query("UPDATE outbox SET next_attempt_at = \(Millis(leaseUntil)) WHERE id = ANY(\(ids))", logger: logger)
            let keys = Array(Set(rows.map { "\($0.channel):\($0.citizen)" }))
            let contacts = try await c.query("SELECT * FROM contact WHERE id = ANY(\(keys))", logger: logger).collect()
                .map { try $0.contact }
            let byID = Dictionary(contacts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return rows.map { DueRow(message: $0, contact: byID["\($0.channel):\($0.citizen)"]) }
        }
        return due.map { ($0.message, $0.contact) }
    }

    package func markDelivered(ids: [Int64], at now: Date) async throws {
        guard !ids.isEmpty else { return }
        _ = try await rows("UPDATE outbox SET delivered_at = \(Millis(now)) WHERE id = ANY(\(ids))")
    }

    /// A failed send: try again later, with exponential backoff (capped at one hour).
    package func retryLater(outboxID: Int64, attempts: Int, at now: Date) async throws {
        let delay = min(3600, pow(2, Double(attempts)) * 5)
        _ = try await rows(
            "UPDATE outbox SET attempts = \(attempts), next_attempt_at = \(Millis(now.addingTimeInterval(delay))) WHERE id = \(outboxID)")
    }

    package func outbox() async throws -> [OutboxRecord] {
        try await rows("SELECT * FROM outbox ORDER BY id").map { try $0.outbox }
    }
}

private struct DueRow: Sendable {
    let message: OutboxRecord
    let contact: ContactRecord?
}
