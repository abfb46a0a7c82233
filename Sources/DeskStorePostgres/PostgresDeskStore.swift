import DeskCore
import Foundation
import PostgresNIO

/// The PostgreSQL implementation of `DeskStore` (postgres-nio), for several `serve` instances on one database.
///
/// A bounded pool of connections (`PostgresClient`) runs in a task the store starts and `close()` ends. The
/// migrations run once, before the first statement. Every method is one transaction; the constraints and row locks
/// make it safe for several processes at once: a provider message id is committed once (the ledger's primary key,
/// claimed first in the turn's transaction), references come from a per-year counter row updated in place, and
/// pending messages and due outbox rows are claimed with `FOR UPDATE SKIP LOCKED`.
///
/// ```swift
/// let store = PostgresDeskStore(try PostgresLocation(url: "postgres://desk@127.0.0.1:5432/desk"))
/// let state = try await store.turnState(conversation, messageID: "kannel:42")
/// await store.close()
/// ```
package struct PostgresDeskStore: DeskStore {
    package let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    private let migrated: Task<Int, any Error>

    /// Starts the pool (at most `maxConnections`, or the URL's `pool=N`) and, unless `migrate` is false, the migrations (on a connection of
    /// their own, so an unreachable server is reported at once). The default logger shows notices and worse.
    package init(_ location: PostgresLocation, maxConnections: Int = 16, migrate: Bool = true, logger: Logger = PostgresDeskStore.defaultLogger) {
        let client = PostgresClient(configuration: location.configuration(maxConnections: location.pool ?? maxConnections), backgroundLogger: logger)
        self.location = location
        self.client = client
        self.logger = logger
        running = Task { await client.run() }
        migrated = migrate ? Task { try await Self.migrate(location, logger: logger) } : Task { 0 }
    }

    package static var defaultLogger: Logger {
        var logger = Logger(label: "deskbot.postgres")
        logger.logLevel = .notice
        return logger
    }

    /// Waits for the migrations; returns the schema version.
    @discardableResult
    package func migrate() async throws -> Int { try await migrated.value }

    /// The schema version of the database (0 before any migration), read without migrating.
    package func databaseVersion() async throws -> Int { try await Self.databaseVersion(location, logger: logger) }

    /// Drops the store's schema with everything in it (tests, each on a schema of its own).
    package func dropSchema() async throws {
        guard let schema = location.schema else { return }
        try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
    }

    /// Closes the pool's connections; statements still running fail.
    package func close() async {
        running.cancel()
        await running.value
    }

    // MARK: - Running statements

    /// Runs `work` in one transaction on one pooled connection. A deadlock or serialization failure (another
    /// instance's transaction won) rolls back and runs it again.
    func transaction<T: Sendable>(_ work: (PostgresConnection) async throws -> T) async throws -> T {
        try await migrate()
        var attempt = 0
        while true {
            do {
                return try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await work(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where attempt < 8 && Self.isRetryable(error) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(4 << attempt))))
            }
        }
    }

    /// Deadlock detected, or serialization failure.
    static func isRetryable(_ error: PSQLError) -> Bool {
        ["40P01", "40001"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// The rows of one statement outside an explicit transaction.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await migrate()
        return try await client.query(query, logger: logger).collect()
    }

    // MARK: - Turns

    package func turnState(_ conversation: ConversationID, messageID: String?) async throws -> TurnState {
        try await migrate()
        return try await client.withConnection { c in
            TurnState(
                session: try await Self.sessionRow(conversation.key, c, logger),
                pending: conversation.channel.pushes ? [] : try await Self.pending(conversation, c, logger),
                seen: try await messageID.asyncMap { try await Self.inboundRow($0, lock: false, c, logger) } ?? nil,
                handoffRead: true, openHandoff: try await Self.openHandoff(conversation.key, c, logger),
                complaints: try await Self.complaintRows(citizen: conversation.citizen, c, logger))
        }
    }

    package func commit(_ turn: TurnRecord) async throws -> TurnOutcome {
        try await transaction { c in try await Self.apply(turn, c, logger) }
    }

    // MARK: - Provider messages

    package func accept(_ message: InboundRecord, contact: ContactRecord) async throws -> Receipt {
        try await transaction { c in
            let inserted = try await c.query(
                """
                INSERT INTO inbound (id, channel, citizen, text, locale, reply, intent, reference, received_at, processed_at, state, claimed_by, claimed_until)
                VALUES (\(message.id), \(message.channel), \(message.citizen), \(message.text), \(message.locale), \(message.reply), \(message.intent),
                \(message.reference), \(Millis(message.receivedAt)), \(message.processedAt.millis), 'received', \(message.claimedBy), \(message.claimedUntil.millis))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger
            ).collect()
            guard !inserted.isEmpty else {
                // Another delivery holds or held the id: it waited for that transaction, so the row is visible now.
                guard let existing = try await Self.inboundRow(message.id, lock: false, c, logger) else { throw PostgresStoreError.vanishedRow(message.id) }
                return .duplicate(existing)
            }
            try await Self.saveContact(contact, c, logger)
            return .new
        }
    }

    package func claimPending(ids: [String]?, limit: Int, owner: String, now: Date, leaseUntil: Date) async throws -> [InboundRecord] {
        guard limit > 0 else { return [] }
        let claimed = try await transaction { c in
            let rows: [PostgresRow]
            if let ids {
                rows = try await c.query(
                    """
                    WITH picked AS (SELECT id FROM inbound WHERE (state = 'received' OR (state = 'processing' AND claimed_until < \(Millis(now))))
                    AND id = ANY(\(ids)) ORDER BY received_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                    UPDATE inbound i SET state = 'processing', claimed_by = \(owner), claimed_until = \(Millis(leaseUntil))
                    FROM picked WHERE i.id = picked.id RETURNING i.*
                    """, logger: logger
                ).collect()
            } else {
                rows = try await c.query(
                    """
                    WITH picked AS (SELECT id FROM inbound WHERE state = 'received' OR (state = 'processing' AND claimed_until < \(Millis(now)))
                    ORDER BY received_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                    UPDATE inbound i SET state = 'processing', claimed_by = \(owner), claimed_until = \(Millis(leaseUntil))
                    FROM picked WHERE i.id = picked.id RETURNING i.*
                    """, logger: logger
                ).collect()
            }
            return try rows.map { try $0.inbound }
        }
        return claimed.sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
    }

    package func releaseClaims(owner: String?) async throws -> Int {
        try await transaction { c in
            let rows: [PostgresRow]
            if let owner {
                rows = try await c.query(
                    "UPDATE inbound SET state = 'received', claimed_by = NULL, claimed_until = NULL WHERE state = 'processing' AND claimed_by = \(owner) RETURNING id",
                    logger: logger
                ).collect()
            } else {
                rows = try await c.query(
                    "UPDATE inbound SET state = 'received', claimed_by = NULL, claimed_until = NULL WHERE state = 'processing' RETURNING id",
                    logger: logger
                ).collect()
            }
            return rows.count
        }
    }

    package func inbound(id: String) async throws -> InboundRecord? {
        try await rows("SELECT * FROM inbound WHERE id = \(id)").first?.inbound
    }

    package func messages(citizen: String) async throws -> [InboundRecord] {
        try await rows("SELECT * FROM inbound WHERE citizen = \(citizen) ORDER BY received_at").map { try $0.inbound }
    }

    // MARK: - Sessions and contacts

    package func session(id: String) async throws -> SessionRecord? {
        try await rows("SELECT * FROM session WHERE id = \(id)").first?.session
    }

    package func saveSession(_ session: SessionRecord) async throws {
        try await transaction { c in try await Self.saveSession(session, c, logger) }
    }

    package func contact(id: String) async throws -> ContactRecord? {
        try await rows("SELECT * FROM contact WHERE id = \(id)").first?.contact
    }

    /// Forgets a citizen (see `DeskStore.erase`).
    package func erase(citizen: String) async throws -> [String: Int] {
        try await transaction { c in try await Self.eraseRows(citizen: citizen, c, logger) }
    }

    /// Deletes what is personal about a citizen; `keepMessage`, `keepContact` and `keepOutbox` as in the SQLite
    /// store's `eraseRows`.
    static func eraseRows(
        citizen: String, _ c: PostgresConnection, _ logger: Logger, keepMessage: String? = nil, keepContact: String? = nil,
        keepOutbox: [Int64] = []
    ) async throws -> [String: Int] {
        func count(_ query: PostgresQuery) async throws -> Int { try await c.query(query, logger: logger).collect().count }
        if let keepContact { try await c.query("UPDATE contact SET citizen = 'erased', locale = NULL WHERE id = \(keepContact)", logger: logger) }
        if let keepMessage { try await c.query("UPDATE inbound SET citizen = 'erased', text = NULL WHERE id = \(keepMessage)", logger: logger) }
        let pattern = "%:" + citizen
        return [
            "contacts": try await count("DELETE FROM contact WHERE citizen = \(citizen) RETURNING id"),
            "sessions": try await count("DELETE FROM session WHERE id LIKE \(pattern) RETURNING id"),
            "messages": try await count("DELETE FROM inbound WHERE citizen = \(citizen) RETURNING id"),
            "notifications": try await count("DELETE FROM outbox WHERE citizen = \(citizen) AND NOT (id = ANY(\(keepOutbox))) RETURNING id"),
            "rating comments": try await count(
                "UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL AND complaint_id IN (SELECT id FROM complaint WHERE citizen = \(citizen)) RETURNING id"),
            "department notices": try await count(
                """
                UPDATE department_message m SET text = 'Complaint ' || c.reference || ': details erased at the citizen''s request'
                FROM complaint c WHERE c.id = m.complaint_id AND c.citizen = \(citizen) RETURNING m.id
                """),
            "complaints unlinked": try await count(
                "UPDATE complaint SET citizen = 'erased', name = NULL, description = '', location = NULL, latitude = NULL, longitude = NULL WHERE citizen = \(citizen) RETURNING id"),
        ]
    }

    package func finishForget(contactID: String, outboxID: Int64) async throws {
        try await transaction { c in
            try await c.query("DELETE FROM contact WHERE id = \(contactID) AND citizen = 'erased'", logger: logger)
            try await c.query("UPDATE outbox SET citizen = 'erased' WHERE id = \(outboxID)", logger: logger)
        }
    }

    package func purge(before: Date) async throws -> [String: Int] {
        try await transaction { c in
            func count(_ query: PostgresQuery) async throws -> Int { try await c.query(query, logger: logger).collect().count }
            return [
                "messages": try await count("DELETE FROM inbound WHERE state = 'answered' AND processed_at < \(Millis(before)) RETURNING id"),
                "sent notifications": try await count(
                    "DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < \(Millis(before)) RETURNING id"),
                "unmatched": try await count("DELETE FROM unmatched WHERE created_at < \(Millis(before)) RETURNING id"),
                "closed complaints' texts": try await count(
                    """
                    UPDATE complaint SET description = '', location = NULL, name = NULL, latitude = NULL, longitude = NULL
                    WHERE status IN ('closed', 'rejected', 'duplicate') AND updated_at < \(Millis(before))
                      AND (description <> '' OR location IS NOT NULL OR name IS NOT NULL OR latitude IS NOT NULL) RETURNING id
                    """),
                "department notices": try await count(
                    """
                    DELETE FROM department_message WHERE status <> 'queued' AND created_at < \(Millis(before))
                      AND complaint_id IN (SELECT id FROM complaint WHERE status IN ('closed', 'rejected', 'duplicate')) RETURNING id
                    """),
            ]
        }
    }

    package func eraseContacts(citizen: String) async throws -> Int {
        try await rows("DELETE FROM contact WHERE citizen = \(citizen) RETURNING id").count
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .none: nil
        case .some(let value): try await transform(value)
        }
    }
}
