import DeskCore
import Foundation
import PostgresNIO

/// The staff console's storage on PostgreSQL (`StaffStore`): the same behaviour as `SQLiteDeskStore+Staff`.
extension PostgresDeskStore {
    // MARK: Accounts

    package func addStaff(_ account: StaffAccountRecord) async throws {
        let inserted = try await rows(
            """
            INSERT INTO staff (name, role, password_hash, language, disabled, failed_logins, locked_until, created_at)
            VALUES (\(account.name), \(account.role), \(account.passwordHash), \(account.language), \(account.disabled),
            \(account.failedLogins), \(account.lockedUntil.millis), \(Millis(account.createdAt)))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """)
        if inserted.isEmpty { throw StaffStoreError.duplicateStaff(account.name) }
    }

    package func staff(name: String) async throws -> StaffAccountRecord? {
        try await rows("SELECT * FROM staff WHERE name = \(name)").first.map { try $0.staffAccount }
    }

    package func staffAccounts() async throws -> [StaffAccountRecord] {
        try await rows("SELECT * FROM staff ORDER BY name").map { try $0.staffAccount }
    }

    package func saveStaff(_ account: StaffAccountRecord) async throws {
        let updated = try await rows(
            """
            UPDATE staff SET role = \(account.role), password_hash = \(account.passwordHash), language = \(account.language),
            disabled = \(account.disabled), failed_logins = \(account.failedLogins), locked_until = \(account.lockedUntil.millis)
            WHERE name = \(account.name) RETURNING name
            """)
        if updated.isEmpty { throw StaffStoreError.unknownStaff(account.name) }
    }

    // MARK: Sessions

    package func createStaffSession(_ session: StaffSessionRecord) async throws {
        _ = try await rows(
            """
            INSERT INTO staff_session (id, staff, csrf, created_at, expires_at)
            VALUES (\(session.id), \(session.staff), \(session.csrf), \(Millis(session.createdAt)), \(Millis(session.expiresAt))) RETURNING id
            """)
    }

    package func staffSession(id: String) async throws -> StaffSessionRecord? {
        try await rows("SELECT * FROM staff_session WHERE id = \(id)").first.map { row in
            let r = row.makeRandomAccess()
            return StaffSessionRecord(
                id: try r.value("id"), staff: try r.value("staff"), csrf: try r.value("csrf"), createdAt: try r.date("created_at"),
                expiresAt: try r.date("expires_at"))
        }
    }

    package func deleteStaffSession(id: String) async throws {
        _ = try await rows("DELETE FROM staff_session WHERE id = \(id) RETURNING id")
    }

    @discardableResult
    package func deleteStaffSessions(staff: String) async throws -> Int {
        try await rows("DELETE FROM staff_session WHERE staff = \(staff) RETURNING id").count
    }

    // MARK: Audit

    package func appendAudit(_ entry: AuditRecord) async throws {
        _ = try await rows(
            """
            INSERT INTO audit (staff, action, subject, detail, at)
            VALUES (\(entry.staff), \(entry.action), \(entry.subject), \(entry.detail), \(Millis(entry.at))) RETURNING id
            """)
    }

    package func auditLog(limit: Int) async throws -> [AuditRecord] {
        try await rows("SELECT * FROM audit ORDER BY id DESC LIMIT \(limit)").map { row in
            let r = row.makeRandomAccess()
            return AuditRecord(
                id: try r.value("id"), staff: try r.value("staff"), action: try r.value("action"), subject: try r.value("subject"),
                detail: try r.value("detail"), at: try r.date("at"))
        }
    }

    // MARK: Handoff

    package func openHandoff(_ handoff: HandoffRecord, first: HandoffMessageRecord?) async throws -> HandoffRecord {
        try await transaction { c in
            // One open handoff per conversation, also with two instances: the conversation's rows are serialized.
            try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(handoff.conversation)))", logger: logger)
            var open = try await Self.openHandoff(handoff.conversation, c, logger)
            if open == nil {
                let row = try await c.query(
                    """
                    INSERT INTO handoff (conversation, channel, citizen, locale, status, opened_at)
                    VALUES (\(handoff.conversation), \(handoff.channel), \(handoff.citizen), \(handoff.locale), \(handoff.status),
                    \(Millis(handoff.openedAt))) RETURNING *
                    """, logger: logger
                ).collect().first
                open = try row?.handoff
            }
            guard let open, let id = open.id else { throw StaffStoreError.unknownHandoff(0) }
            if var first {
                first.handoffId = id
                try await Self.insertMessage(first, c, logger)
            }
            return open
        }
    }

    package func openHandoff(conversation: String) async throws -> HandoffRecord? {
        try await rows(
            "SELECT * FROM handoff WHERE conversation = \(conversation) AND status <> 'closed' ORDER BY id DESC LIMIT 1"
        ).first.map { try $0.handoff }
    }

    package func handoff(id: Int64) async throws -> HandoffRecord? {
        try await rows("SELECT * FROM handoff WHERE id = \(id)").first.map { try $0.handoff }
    }

    package func handoffs(openOnly: Bool) async throws -> [HandoffRecord] {
        let query: PostgresQuery =
            openOnly ? "SELECT * FROM handoff WHERE status <> 'closed' ORDER BY id DESC" : "SELECT * FROM handoff ORDER BY id DESC"
        return try await rows(query).map { try $0.handoff }
    }

    package func addHandoffMessage(_ message: HandoffMessageRecord) async throws {
        try await transaction { c in try await Self.insertMessage(message, c, logger) }
    }

    package func handoffMessages(handoffID: Int64) async throws -> [HandoffMessageRecord] {
        try await rows("SELECT * FROM handoff_message WHERE handoff_id = \(handoffID) ORDER BY id").map { try $0.handoffMessage }
    }

    package func answerHandoff(id: Int64, answer: HandoffMessageRecord, outbox: OutboxRecord?, close: Bool, at: Date) async throws -> HandoffRecord {
        try await transaction { c in
            guard let current = try await c.query("SELECT * FROM handoff WHERE id = \(id) FOR UPDATE", logger: logger).collect().first
            else { throw StaffStoreError.unknownHandoff(id) }
            var handoff = try current.handoff
            guard handoff.isOpen else { throw StaffStoreError.handoffClosed(id) }
            var answer = answer
            answer.handoffId = id
            try await Self.insertMessage(answer, c, logger)
            if let outbox { try await Self.insertOutbox(outbox, c, logger) }
            handoff.answeredAt = at
            handoff.status = close ? HandoffRecord.Status.closed.rawValue : HandoffRecord.Status.answered.rawValue
            if close {
                handoff.closedAt = at
                handoff.closedBy = answer.author
            }
            try await c.query(
                """
                UPDATE handoff SET status = \(handoff.status), answered_at = \(handoff.answeredAt.millis),
                closed_at = \(handoff.closedAt.millis), closed_by = \(handoff.closedBy) WHERE id = \(id)
                """, logger: logger)
            return handoff
        }
    }

    package func closeHandoff(id: Int64, by: String, at: Date) async throws {
        guard try await handoff(id: id) != nil else { throw StaffStoreError.unknownHandoff(id) }
        _ = try await rows(
            """
            UPDATE handoff SET status = 'closed', closed_at = \(Millis(at)), closed_by = \(by)
            WHERE id = \(id) AND status <> 'closed' RETURNING id
            """)
    }

    @discardableResult
    package func eraseHandoffs(citizen: String) async throws -> Int {
        try await transaction { c in
            let messages = try await c.query(
                "DELETE FROM handoff_message WHERE handoff_id IN (SELECT id FROM handoff WHERE citizen = \(citizen)) RETURNING id",
                logger: logger
            ).collect().count
            try await c.query("DELETE FROM handoff WHERE citizen = \(citizen)", logger: logger)
            return messages
        }
    }

    // MARK: Figures

    package func answeredMessagesPerLocale() async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try await rows("SELECT locale, COUNT(*) AS n FROM inbound WHERE state = 'answered' AND locale IS NOT NULL GROUP BY locale") {
            let (locale, n) = try row.decode((String, Int).self)
            out[locale] = n
        }
        return out
    }

    // MARK: - Helpers

    static func openHandoff(_ conversation: String, _ c: PostgresConnection, _ logger: Logger) async throws -> HandoffRecord? {
        try await c.query(
            "SELECT * FROM handoff WHERE conversation = \(conversation) AND status <> 'closed' ORDER BY id DESC LIMIT 1", logger: logger
        ).collect().first.map { try $0.handoff }
    }

    static func insertMessage(_ m: HandoffMessageRecord, _ c: PostgresConnection, _ logger: Logger) async throws {
        try await c.query(
            """
            INSERT INTO handoff_message (handoff_id, author, text, at, inbound_id)
            VALUES (\(m.handoffId), \(m.author), \(m.text), \(Millis(m.at)), \(m.inboundId)) ON CONFLICT (inbound_id) DO NOTHING
            """, logger: logger)
    }
}

extension PostgresRow {
    var staffAccount: StaffAccountRecord {
        get throws {
            let r = makeRandomAccess()
            return StaffAccountRecord(
                name: try r.value("name"), role: try r.value("role"), passwordHash: try r.value("password_hash"),
                language: try r.value("language"), disabled: try r.value("disabled"), failedLogins: try r.value("failed_logins"),
                lockedUntil: try r.optionalDate("locked_until"), createdAt: try r.date("created_at"))
        }
    }

    var handoff: HandoffRecord {
        get throws {
            let r = makeRandomAccess()
            return HandoffRecord(
                id: try r.value("id"), conversation: try r.value("conversation"), channel: try r.value("channel"),
                citizen: try r.value("citizen"), locale: try r.value("locale"), status: try r.value("status"),
                openedAt: try r.date("opened_at"), answeredAt: try r.optionalDate("answered_at"), closedAt: try r.optionalDate("closed_at"),
                closedBy: try r.value("closed_by"))
        }
    }

    var handoffMessage: HandoffMessageRecord {
        get throws {
            let r = makeRandomAccess()
            return HandoffMessageRecord(
                id: try r.value("id"), handoffId: try r.value("handoff_id"), author: try r.value("author"), text: try r.value("text"),
                at: try r.date("at"), inboundId: try r.value("inbound_id"))
        }
    }
}
