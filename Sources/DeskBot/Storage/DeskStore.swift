import Foundation
import GRDB
import Intents

/// All storage goes through this type: complaints, their history, sessions, contacts, the outbox, feedback and
/// unmatched messages, in one SQLite database (WAL mode when on disk).
struct DeskStore: Sendable {
    private let dbWriter: any DatabaseWriter

    init(_ dbWriter: any DatabaseWriter) throws {
        self.dbWriter = dbWriter
        try Self.migrator.migrate(dbWriter)
    }

    /// Opens (creating if needed) the database file, in WAL mode, waiting up to 10 s for other writers.
    static func open(path: String) throws -> DeskStore {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config = Configuration()
        config.busyMode = .timeout(10)
        return try DeskStore(DatabasePool(path: path, configuration: config))
    }

    /// A private in-memory database (tests, `--db :memory:`).
    static func inMemory() throws -> DeskStore { try DeskStore(DatabaseQueue()) }

    // MARK: - Sessions and contacts

    func session(id: String) throws -> SessionRecord? {
        try dbWriter.read { db in try SessionRecord.fetchOne(db, key: id) }
    }

    func saveSession(_ session: SessionRecord) throws {
        try dbWriter.write { db in try session.save(db) }
    }

    func saveContact(_ contact: ContactRecord) throws {
        try dbWriter.write { db in
            var contact = contact
            if let existing = try ContactRecord.fetchOne(db, key: contact.id) { contact.optedOut = existing.optedOut }
            try contact.save(db)
        }
    }

    func contact(id: String) throws -> ContactRecord? {
        try dbWriter.read { db in try ContactRecord.fetchOne(db, key: id) }
    }

    func setOptedOut(_ optedOut: Bool, contactID: String) throws {
        try dbWriter.write { db in
            _ = try ContactRecord.filter(key: contactID).updateAll(db, Column("optedOut").set(to: optedOut))
        }
    }

    /// Erases a citizen's plain addresses (their complaints stay, known only by the hash).
    func eraseContacts(citizen: String) throws -> Int {
        try dbWriter.write { db in try ContactRecord.filter(Column("citizen") == citizen).deleteAll(db) }
    }

    // MARK: - Complaints

    /// Stores a complaint with the next reference of its year, its first status and, in the same transaction,
    /// the session state that goes with it. The reference exists only once this returns.
    func fileComplaint(_ complaint: ComplaintRecord, session: SessionRecord?) throws -> ComplaintRecord {
        try dbWriter.write { db in
            var complaint = complaint
            let year = Calendar(identifier: .gregorian).component(.year, from: complaint.createdAt)
            let last = try Int.fetchOne(db, sql: "SELECT lastSerial FROM referenceCounter WHERE id = ?", arguments: [year]) ?? 0
            let serial = last + 1
            try db.execute(
                sql: "INSERT INTO referenceCounter (id, lastSerial) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET lastSerial = excluded.lastSerial",
                arguments: [year, serial])
            complaint.year = year
            complaint.serial = serial
            complaint.reference = ReferenceFormat.format(year: String(year), serial: serial)
            complaint.status = ComplaintStatus.received.rawValue
            try complaint.insert(db)
            var change = StatusChangeRecord(
                id: nil, complaintId: complaint.id ?? 0, fromStatus: nil, toStatus: ComplaintStatus.received.rawValue,
                changedBy: "citizen", note: nil, changedAt: complaint.createdAt)
            try change.insert(db)
            try session?.save(db)
            return complaint
        }
    }

    func complaint(reference: String) throws -> ComplaintRecord? {
        try dbWriter.read { db in
            try ComplaintRecord.filter(Column("reference") == reference.uppercased()).fetchOne(db)
        }
    }

    func complaints(citizen: String, openOnly: Bool) throws -> [ComplaintRecord] {
        try dbWriter.read { db in
            var request = ComplaintRecord.filter(Column("citizen") == citizen)
            if openOnly {
                request = request.filter(![ComplaintStatus.closed, .rejected, .duplicate].map(\.rawValue).contains(Column("status")))
            }
            return try request.order(Column("id").desc).fetchAll(db)
        }
    }

    func complaints(status: String? = nil, category: String? = nil, since: Date? = nil) throws -> [ComplaintRecord] {
        try dbWriter.read { db in
            var request = ComplaintRecord.all()
            if let status { request = request.filter(Column("status") == status) }
            if let category { request = request.filter(Column("category") == category) }
            if let since { request = request.filter(Column("createdAt") >= since) }
            return try request.order(Column("id")).fetchAll(db)
        }
    }

    func history(complaintID: Int64) throws -> [StatusChangeRecord] {
        try dbWriter.read { db in
            try StatusChangeRecord.filter(Column("complaintId") == complaintID).order(Column("id")).fetchAll(db)
        }
    }

    /// Changes a complaint's status if the workflow allows it, records the change, and — in the same
    /// transaction — queues what `notify` returns for the citizen and saves the session state it returns.
    func updateStatus(
        reference: String, to status: ComplaintStatus, by: String, note: String?, at now: Date,
        notify: (ComplaintRecord, Database) throws -> (OutboxRecord?, SessionRecord?)
    ) throws -> ComplaintRecord {
        try dbWriter.write { db in
            guard var complaint = try ComplaintRecord.filter(Column("reference") == reference.uppercased()).fetchOne(db) else {
                throw StoreError.unknownReference(reference)
            }
            let from = ComplaintStatus(rawValue: complaint.status) ?? .received
            guard from.next.contains(status) else {
                throw StoreError.transitionNotAllowed(reference: complaint.reference, from: from.rawValue, to: status.rawValue)
            }
            complaint.status = status.rawValue
            complaint.updatedAt = now
            try complaint.update(db)
            var change = StatusChangeRecord(
                id: nil, complaintId: complaint.id ?? 0, fromStatus: from.rawValue, toStatus: status.rawValue, changedBy: by,
                note: note, changedAt: now)
            try change.insert(db)
            let (message, session) = try notify(complaint, db)
            if var message { try message.insert(db) }
            try session?.save(db)
            return complaint
        }
    }

    func saveFeedback(_ feedback: FeedbackRecord) throws {
        try dbWriter.write { db in
            var feedback = feedback
            try feedback.insert(db)
        }
    }

    func feedback() throws -> [FeedbackRecord] {
        try dbWriter.read { db in try FeedbackRecord.fetchAll(db) }
    }

    func allHistory() throws -> [StatusChangeRecord] {
        try dbWriter.read { db in try StatusChangeRecord.order(Column("id")).fetchAll(db) }
    }

    // MARK: - Outbox and unmatched messages

    func pendingMessages(channel: String, citizen: String) throws -> [OutboxRecord] {
        try dbWriter.read { db in
            try OutboxRecord.filter(Column("channel") == channel && Column("citizen") == citizen && Column("deliveredAt") == nil)
                .order(Column("id")).fetchAll(db)
        }
    }

    func markDelivered(ids: [Int64], at now: Date) throws {
        guard !ids.isEmpty else { return }
        try dbWriter.write { db in
            _ = try OutboxRecord.filter(ids.contains(Column("id"))).updateAll(db, Column("deliveredAt").set(to: now))
        }
    }

    func recordUnmatched(locale: String, text: String, at now: Date) throws {
        try dbWriter.write { db in
            var row = UnmatchedRecord(id: nil, locale: locale, text: text, createdAt: now)
            try row.insert(db)
        }
    }

    func unmatched() throws -> [UnmatchedRecord] {
        try dbWriter.read { db in try UnmatchedRecord.order(Column("id")).fetchAll(db) }
    }

    // MARK: - Provider messages (idempotency) and delivery

    /// Records a provider message and its sender's address in one transaction. Returns the existing record when
    /// the provider delivers the same message id again.
    func receive(_ inbound: InboundRecord, contact: ContactRecord) throws -> (record: InboundRecord, isNew: Bool) {
        try dbWriter.write { db in
            if let existing = try InboundRecord.fetchOne(db, key: inbound.id) { return (existing, false) }
            var contact = contact
            if let known = try ContactRecord.fetchOne(db, key: contact.id) { contact.optedOut = known.optedOut }
            try contact.save(db)
            try inbound.insert(db)
            return (inbound, true)
        }
    }

    /// Marks a provider message processed (forgetting its text) and, in the same transaction, queues its reply.
    func finish(inboundID: String, reply: String, intent: String?, reference: String?, outbox: OutboxRecord?, at now: Date) throws {
        try dbWriter.write { db in
            _ = try InboundRecord.filter(key: inboundID).updateAll(
                db, Column("text").set(to: nil), Column("reply").set(to: reply), Column("intent").set(to: intent),
                Column("reference").set(to: reference), Column("processedAt").set(to: now))
            if var outbox { try outbox.insert(db) }
        }
    }

    func inbound(id: String) throws -> InboundRecord? {
        try dbWriter.read { db in try InboundRecord.fetchOne(db, key: id) }
    }

    /// Messages acknowledged but not yet processed (e.g. the server stopped): processed again at start-up.
    func unprocessedInbound() throws -> [InboundRecord] {
        try dbWriter.read { db in try InboundRecord.filter(Column("processedAt") == nil).order(Column("receivedAt")).fetchAll(db) }
    }

    /// Outbox messages due for sending on the given channels, with their contact.
    func dueMessages(channels: [String], at now: Date, limit: Int = 50) throws -> [(OutboxRecord, ContactRecord?)] {
        try dbWriter.read { db in
            let rows = try OutboxRecord
                .filter(channels.contains(Column("channel")) && Column("deliveredAt") == nil && Column("nextAttemptAt") <= now)
                .order(Column("id")).limit(limit).fetchAll(db)
            return try rows.map { ($0, try ContactRecord.fetchOne(db, key: "\($0.channel):\($0.citizen)")) }
        }
    }

    /// A failed send: try again later, with exponential backoff (capped at one hour).
    func retryLater(outboxID: Int64, attempts: Int, at now: Date) throws {
        let delay = min(3600, pow(2, Double(attempts)) * 5)
        try dbWriter.write { db in
            _ = try OutboxRecord.filter(key: outboxID).updateAll(
                db, Column("attempts").set(to: attempts), Column("nextAttemptAt").set(to: now.addingTimeInterval(delay)))
        }
    }

    func outbox() throws -> [OutboxRecord] {
        try dbWriter.read { db in try OutboxRecord.order(Column("id")).fetchAll(db) }
    }
}
