import DeskCore
import Foundation
import GRDB
import Intents

/// The write of one turn, and the statements it shares with staff updates.
package extension SQLiteDeskStore {
    package static func apply(_ turn: TurnRecord, _ db: Database) throws -> TurnOutcome {
        // Exactly once: a message id already answered writes nothing and returns the stored reply.
        switch turn.ledger {
        case .none: break
        case .insert(let message):
            // A cheap look at the ledger first: the full row is read only for a redelivery.
            if try inboundState(message.id, db) != nil, let seen = try inboundRow(message.id, db) { return .duplicate(seen) }
        case .answer(let id):
            if try inboundState(id, db) == InboundRecord.State.answered.rawValue, let seen = try inboundRow(id, db) { return .duplicate(seen) }
        }
        // The turn was decided on the session it read; the write transaction holds SQLite's one writer lock.
        if let basis = turn.basis, try hotSession(turn.conversation.key, db) != basis.session { throw StoreError.conversationMoved }
        if let contact = turn.contact { try saveContact(contact, db) }
        if let optedOut = turn.optedOut {
            _ = try ContactRecord.filter(key: turn.conversation.key).updateAll(db, Column("optedOut").set(to: optedOut))
        }
        var reference: String?
        if let complaint = turn.complaint {
            if let civic = turn.civic { try recheckDuplicate(complaint, civic, db) }  // issue 15: race-free duplicates
            let filed = try insertComplaint(complaint, db)
            reference = filed.reference
            if let civic = turn.civic { try insertCivic(civic, for: filed, db) }
        }
        for change in turn.statusChanges {
            // The citizen's change applies only if staff have not moved the complaint on meanwhile.
            _ = try? db.inSavepoint {
                _ = try changeStatus(reference: change.reference, to: change.to, by: "citizen", note: change.note, at: turn.at, db)
                return .commit
            }
        }
        if var feedback = turn.feedback { try feedback.insert(db) }
        if let unmatched = turn.unmatched {
            try db.cachedStatement(sql: "INSERT INTO unmatched (locale, text, createdAt) VALUES (?, ?, ?)")
                .execute(arguments: [unmatched.locale, unmatched.text, StoredDate.text(unmatched.createdAt)])
        }
        if !turn.delivered.isEmpty {
            _ = try OutboxRecord.filter(turn.delivered.contains(Column("id"))).updateAll(db, Column("deliveredAt").set(to: turn.at))
        }
        let rendered = turn.rendered ?? turn.render(reference)
        try saveSession(rendered.session, db)
        switch turn.ledger {
        case .none: break
        case .insert(let message):
            try db.cachedStatement(
                sql: "INSERT INTO inbound (id, channel, citizen, text, locale, reply, intent, reference, receivedAt, processedAt, state) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 'answered')"
            ).execute(arguments: [
                message.id, message.channel, message.citizen, turn.locale, rendered.text, turn.intent, reference, StoredDate.text(message.receivedAt),
                StoredDate.text(turn.at),
            ])
        case .answer(let id):
            _ = try InboundRecord.filter(key: id).updateAll(
                db, Column("text").set(to: nil), Column("reply").set(to: rendered.text), Column("locale").set(to: turn.locale), Column("intent").set(to: turn.intent),
                Column("reference").set(to: reference), Column("processedAt").set(to: turn.at),
                Column("state").set(to: InboundRecord.State.answered.rawValue), Column("claimedUntil").set(to: nil))
        }
        var queued: [Int64] = []
        if turn.queueReply && !rendered.text.isEmpty {
            let inboundID: String? = if case .answer(let id) = turn.ledger { id } else { nil }
            try db.cachedStatement(
                sql: "INSERT INTO outbox (channel, citizen, text, locale, createdAt, attempts, nextAttemptAt, inboundId) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"
            ).execute(arguments: [
                turn.conversation.channel.rawValue, turn.conversation.citizen, rendered.text, turn.locale, StoredDate.text(turn.at), StoredDate.text(turn.at),
                inboundID,
            ])
            queued.append(db.lastInsertedRowID)
        }
        if turn.forget {
            let messageID: String? = switch turn.ledger {
            case .none: nil
            case .insert(let message): message.id
            case .answer(let id): id
            }
            _ = try eraseRows(
                citizen: turn.conversation.citizen, db, keepMessage: messageID,
                keepContact: queued.isEmpty ? nil : turn.conversation.key, keepOutbox: queued)
        }
        return .committed(text: rendered.text, reference: reference)
    }

    /// Saves a contact, keeping an opt-out the citizen made earlier (one prepared statement).
    package static func saveContact(_ contact: ContactRecord, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO contact (id, channel, citizen, address, locale, optedOut, updatedAt) VALUES (?, ?, ?, ?, ?, 0, ?)
                ON CONFLICT(id) DO UPDATE SET address = excluded.address, locale = COALESCE(excluded.locale, contact.locale),
                updatedAt = excluded.updatedAt
                """
        ).execute(arguments: [contact.id, contact.channel, contact.citizen, contact.address, contact.locale, StoredDate.text(contact.updatedAt)])
    }

    package static func saveSession(_ session: SessionRecord, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO session (id, state, updatedAt) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updatedAt = excluded.updatedAt"
        ).execute(arguments: [session.id, session.state, StoredDate.text(session.updatedAt)])
    }

    package static func inboundRow(_ id: String, _ db: Database) throws -> InboundRecord? {
        try InboundRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM inbound WHERE id = ?"), arguments: [id])
    }

    package static func sessionRow(_ id: String, _ db: Database) throws -> SessionRecord? {
        try SessionRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM session WHERE id = ?"), arguments: [id])
    }

    package static func pending(_ db: Database, _ conversation: ConversationID) throws -> [OutboxRecord] {
        try OutboxRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM outbox WHERE channel = ? AND citizen = ? AND deliveredAt IS NULL AND pushedAt IS NULL ORDER BY id"),
            arguments: [conversation.channel.rawValue, conversation.citizen])
    }

    /// Inserts a complaint with the next reference of its year and its first status.
    package static func insertComplaint(_ complaint: ComplaintRecord, _ db: Database) throws -> ComplaintRecord {
        var complaint = complaint
        let year = Calendar(identifier: .gregorian).component(.year, from: complaint.createdAt)
        // Prepared once per connection (every filing runs these two).
        let last = try Int.fetchOne(db.cachedStatement(sql: "SELECT lastSerial FROM referenceCounter WHERE id = ?"), arguments: [year]) ?? 0
        let serial = last + 1
        try db.cachedStatement(
            sql: "INSERT INTO referenceCounter (id, lastSerial) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET lastSerial = excluded.lastSerial"
        ).execute(arguments: [year, serial])
        complaint.year = year
        complaint.serial = serial
        complaint.reference = ReferenceFormat.format(year: String(year), serial: serial)
        complaint.status = ComplaintStatus.received.rawValue
        try complaint.insert(db)
        var change = StatusChangeRecord(
            id: nil, complaintId: complaint.id ?? 0, fromStatus: nil, toStatus: ComplaintStatus.received.rawValue,
            changedBy: "citizen", note: nil, changedAt: complaint.createdAt)
        try change.insert(db)
        return complaint
    }

    /// Moves a complaint to `status` if the workflow allows it, and records the change.
    package static func changeStatus(
        reference: String, to status: ComplaintStatus, by: String, note: String?, at now: Date, _ db: Database
    ) throws -> ComplaintRecord {
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
        return complaint
    }
}
