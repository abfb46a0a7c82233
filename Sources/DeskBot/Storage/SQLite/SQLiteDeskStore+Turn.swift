import Foundation
import GRDB
import Intents

/// The write of one turn, and the statements it shares with staff updates.
extension SQLiteDeskStore {
    static func apply(_ turn: TurnRecord, _ db: Database) throws -> TurnOutcome {
        // Exactly once: a message id already answered writes nothing and returns the stored reply.
        switch turn.ledger {
        case .none: break
        case .insert(let message):
            if let seen = try InboundRecord.fetchOne(db, key: message.id) { return .duplicate(seen) }
        case .answer(let id):
            if let seen = try InboundRecord.fetchOne(db, key: id), seen.state == InboundRecord.State.answered.rawValue {
                return .duplicate(seen)
            }
        }
        if let contact = turn.contact { try saveContact(contact, db) }
        if let optedOut = turn.optedOut {
            _ = try ContactRecord.filter(key: turn.conversation.key).updateAll(db, Column("optedOut").set(to: optedOut))
        }
        var reference: String?
        if let complaint = turn.complaint { reference = try insertComplaint(complaint, db).reference }
        for change in turn.statusChanges {
            // The citizen's change applies only if staff have not moved the complaint on meanwhile.
            _ = try? db.inSavepoint {
                _ = try changeStatus(reference: change.reference, to: change.to, by: "citizen", note: change.note, at: turn.at, db)
                return .commit
            }
        }
        if var feedback = turn.feedback { try feedback.insert(db) }
        if var unmatched = turn.unmatched { try unmatched.insert(db) }
        if !turn.delivered.isEmpty {
            _ = try OutboxRecord.filter(turn.delivered.contains(Column("id"))).updateAll(db, Column("deliveredAt").set(to: turn.at))
        }
        let rendered = turn.render(reference)
        try rendered.session.save(db)
        switch turn.ledger {
        case .none: break
        case .insert(var message):
            message.text = nil
            message.locale = turn.locale
            message.reply = rendered.text
            message.intent = turn.intent
            message.reference = reference
            message.state = InboundRecord.State.answered.rawValue
            message.processedAt = turn.at
            try message.insert(db)
        case .answer(let id):
            _ = try InboundRecord.filter(key: id).updateAll(
                db, Column("text").set(to: nil), Column("reply").set(to: rendered.text), Column("locale").set(to: turn.locale), Column("intent").set(to: turn.intent),
                Column("reference").set(to: reference), Column("processedAt").set(to: turn.at),
                Column("state").set(to: InboundRecord.State.answered.rawValue), Column("claimedUntil").set(to: nil))
        }
        if turn.queueReply && !rendered.text.isEmpty {
            var outbox = OutboxRecord(
                id: nil, channel: turn.conversation.channel.rawValue, citizen: turn.conversation.citizen, text: rendered.text,
                locale: turn.locale, createdAt: turn.at, attempts: 0, nextAttemptAt: turn.at, deliveredAt: nil,
                inboundId: { if case .answer(let id) = turn.ledger { id } else { nil } }())
            try outbox.insert(db)
        }
        return .committed(text: rendered.text, reference: reference)
    }

    /// Saves a contact, keeping an opt-out the citizen made earlier.
    static func saveContact(_ contact: ContactRecord, _ db: Database) throws {
        var contact = contact
        if let known = try ContactRecord.fetchOne(db, key: contact.id) {
            contact.optedOut = known.optedOut
            contact.locale = contact.locale ?? known.locale
        }
        try contact.save(db)
    }

    /// Inserts a complaint with the next reference of its year and its first status.
    static func insertComplaint(_ complaint: ComplaintRecord, _ db: Database) throws -> ComplaintRecord {
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
        return complaint
    }

    /// Moves a complaint to `status` if the workflow allows it, and records the change.
    static func changeStatus(
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
